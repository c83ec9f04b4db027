/** What a programme applies to: residences named one by one, residence types, or (both empty) every residence of the landlord. */
export type ProgrammeScope = { residence_ids: string[]; residence_kinds: string[] };

/** Where the household lives now: its residence and that residence's type; null when it has no current dwelling. */
export type HouseholdPlace = { residenceId: string; residenceKind: string | null } | null;

/**
 * Whether a programme may take a household in: 'covered', 'outside' (it lives elsewhere) or 'noDwelling'
 * (the programme is limited to some residences and the household has no current dwelling to check).
 * A household is covered when its residence is one of those named OR of one of the types named; an
 * empty scope (no residence, no type ticked) means every residence, as the programme form says.
 */
export function programmeCovers(scope: ProgrammeScope, place: HouseholdPlace): 'covered' | 'outside' | 'noDwelling' {
  if (scope.residence_ids.length === 0 && scope.residence_kinds.length === 0) return 'covered';
  if (!place) return 'noDwelling';
  if (scope.residence_ids.includes(place.residenceId)) return 'covered';
  if (place.residenceKind && scope.residence_kinds.includes(place.residenceKind)) return 'covered';
  return 'outside';
}
