/**
 * How the desk names a subscriber: "name (dwelling)", or the name alone when the subscription carries no
 * dwelling — a confidential address is never copied to the desk (directory's household card), and the page
 * must not say why: an empty "()" or a marker would tell the desk the household is protected.
 */
export function householdLabel(name: string, dwellingReference: string | null | undefined): string {
  return dwellingReference ? `${name} (${dwellingReference})` : name;
}
