/** A free slot offered instead of one that is taken. */
export type Suggestion = { date: string; start: string; resourceId: string; resourceName: string };

/**
 * A refusal a command explains to the person: the status the route answers with, a catalogue key,
 * the form field it belongs to (if any), and for conflicts the next free slots.
 */
export class SpacesError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    readonly code: string,
    readonly field: string | null = null,
    readonly values: Record<string, string | number> = {},
    readonly suggestions: Suggestion[] = [],
  ) {
    super(code);
  }
}
