// Tenancy (docs/decisions/concierge-tenancy.md): every row belongs to the association that runs the
// concierge. Rows about a landlord's household also name that landlord, which reads them (and, for
// subscriptions and requests, writes them for its residents) only while its partnership stands.
export const ORG = "nullif(current_setting('app.org_id', true), '')::uuid";
export const partnered = (t: string) => `(${t}.landlord_id = ${ORG} AND EXISTS (SELECT 1 FROM partnerships p WHERE p.organisation_id = ${t}.landlord_id AND p.partner_id = ${t}.organisation_id))`;

export function landlordReads(t: string): string {
  return `CREATE POLICY ${t}_landlord_read ON ${t} FOR SELECT USING ${partnered(t)};`;
}

export function landlordWrites(t: string): string {
  return `${landlordReads(t)}
CREATE POLICY ${t}_landlord_insert ON ${t} FOR INSERT WITH CHECK ${partnered(t)};
CREATE POLICY ${t}_landlord_update ON ${t} FOR UPDATE USING ${partnered(t)} WITH CHECK ${partnered(t)};`;
}

// The offer (desk, hours, providers, catalogue, plans) is public to the landlords the association serves.
export function partnerLandlordsRead(t: string): string {
  return `CREATE POLICY ${t}_partner_read ON ${t} FOR SELECT USING (EXISTS (SELECT 1 FROM partnerships p WHERE p.partner_id = ${t}.organisation_id AND p.organisation_id = ${ORG}));`;
}

