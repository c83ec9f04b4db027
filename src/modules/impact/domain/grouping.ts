/** How the dashboard's rows are made: one per residence (the default), per agency, or per residence type. */
export type Grouping = 'residence' | 'agency' | 'type';

export const GROUPINGS: Grouping[] = ['residence', 'agency', 'type'];

/** Reads ?group= leniently: anything but `agency` or `type` is the residence view. */
export function parseGrouping(v: string | undefined | null): Grouping {
  return v === 'agency' || v === 'type' ? v : 'residence';
}

/** A group of residences: `name` is the agency's name or the residence kind's code; null = none (“Sans agence”, “Sans type”). */
export type ResidenceGroup = { id: string; name: string | null; members: number[] };

/**
 * The residences (by index) gathered by agency or by type, named groups first in name order, then the
 * residences without an agency or a type. Agency names are unique within an organisation.
 */
export function groupResidences(residences: { agency: string | null; kind: string | null }[], by: Exclude<Grouping, 'residence'>): ResidenceGroup[] {
  const groups = new Map<string | null, number[]>();
  residences.forEach((r, i) => {
    const raw = by === 'agency' ? r.agency : r.kind;
    const key = raw?.trim() ? raw : null;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'fr')))
    .map(([name, members]) => ({ id: `${by}:${name ?? ''}`, name, members }));
}
