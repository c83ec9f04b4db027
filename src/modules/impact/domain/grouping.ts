/**
 * How the dashboard's rows are made: one per residence (the default), per agency, per residence type,
 * or — for the support indicators, which are the landlord's and never a residence's — per support programme.
 */
export type Grouping = 'residence' | 'agency' | 'type' | 'programme';

export const GROUPINGS: Grouping[] = ['residence', 'agency', 'type', 'programme'];

/** The groupings whose rows are sets of residences. */
export type ResidenceGrouping = 'agency' | 'type';

/** Reads ?group= leniently: anything but `agency`, `type` or `programme` is the residence view. */
export function parseGrouping(v: string | undefined | null): Grouping {
  return v === 'agency' || v === 'type' || v === 'programme' ? v : 'residence';
}

/** A group of residences: `name` is the agency's name or the residence kind's code; null = none (“Sans agence”, “Sans type”). */
export type ResidenceGroup = { id: string; name: string | null; members: number[] };

/**
 * The residences (by index) gathered by agency or by type, named groups first in name order, then the
 * residences without an agency or a type. Agency names are unique within an organisation.
 */
export function groupResidences(residences: { agency: string | null; kind: string | null }[], by: ResidenceGrouping): ResidenceGroup[] {
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
