import type { z } from 'zod';
import type { Decision } from '../../platform/access/authorize.js';
import { HttpError } from '../../platform/http/errors.js';
import { type FieldErrors, fieldErrors } from '../../platform/ui/form.js';

/** Input a command refuses: field → message key. 422 for bad values, 409 when the state forbids it. */
export class Invalid extends Error {
  constructor(
    readonly errors: FieldErrors,
    readonly status: 409 | 422 = 422,
  ) {
    super(Object.values(errors).join(', '));
  }
}

/** Parses raw input (form fields or JSON) with the shared schema, or throws Invalid with field messages. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new Invalid(fieldErrors(r.error.issues));
  return r.data;
}

/** Turns a policy decision into the answer the route gives: 404 hides, 403 refuses. */
export function ensure(decision: Decision): void {
  if (decision === 'allow') return;
  throw new HttpError(decision === 'not_found' ? 404 : 403);
}

export function notFound(): never {
  throw new HttpError(404);
}

/** The PostgreSQL error code of a failed statement, when there is one. */
export function pgCode(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}
