/** The parent of a key path: `a[].b` → `a[]`, `a.b` → `a`, `b` → ''. */
const parentOf = (key: string) => (key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '');

/**
 * Answers' key paths (`keyPaths` of `field-shapes.ts`) against a declared list (`field-allowlists.ts`): each key must be
 * declared (a `*` segment matches any key below it); each declared key (not marked `?`) must appear once its parent
 * object was seen with any key. `checked`: the declared keys seen.
 */
export function compareKeys(declared: readonly string[], answers: Map<string, unknown>[]): { unexpected: string[]; missing: string[]; checked: number } {
  const required = declared.filter((k) => !k.endsWith('?'));
  const all = new Set(declared.map((k) => k.replace(/\?$/, '')));
  const wild = [...all].filter((k) => k.endsWith('*')).map((k) => k.slice(0, -1));
  const seen = new Set<string>();
  const unexpected = new Set<string>();
  for (const keys of answers)
    for (const key of keys.keys()) {
      const w = wild.find((p) => key.startsWith(p));
      if (w !== undefined) seen.add(`${w}*`);
      else if (all.has(key)) seen.add(key);
      else unexpected.add(key);
    }
  const parents = new Set([...seen].map(parentOf));
  parents.add('');
  const missing = required.filter((k) => !seen.has(k) && parents.has(parentOf(k)));
  return { unexpected: [...unexpected], missing, checked: seen.size };
}
