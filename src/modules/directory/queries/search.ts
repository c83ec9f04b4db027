/** A LIKE pattern matching `q` anywhere, with the user's % and _ taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** Scoped staff see only their residences; an empty scope must match nothing, and `in ()` is not SQL. */
export const NO_RESIDENCE = '00000000-0000-0000-0000-000000000000';
export const scopeIds = (ids: string[]) => (ids.length ? ids : [NO_RESIDENCE]);
