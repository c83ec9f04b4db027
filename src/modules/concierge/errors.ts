import { HttpError } from '../../platform/http/errors.js';

/** Bad input tied to one field; pages show it beside the field, the API as `{ field: key }`. */
export class FieldError extends HttpError {
  constructor(
    readonly field: string,
    readonly key: string,
    status: 409 | 422 = 422,
  ) {
    super(status, key);
  }
}
