import { parse } from 'csv-parse/sync';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { residencePlace } from '../queries/nearby.js';
import { NEARBY_FIELDS, type NearbyInput, nearbyInput } from '../schemas.js';

/** Column names as open-data extracts and staff spreadsheets spell them, French or English. */
const COLUMNS: Record<string, (typeof NEARBY_FIELDS)[number]> = {
  category: 'category',
  categorie: 'category',
  catégorie: 'category',
  name: 'name',
  nom: 'name',
  address: 'address',
  adresse: 'address',
  latitude: 'latitude',
  lat: 'latitude',
  longitude: 'longitude',
  lon: 'longitude',
  lng: 'longitude',
  opening_hours: 'openingHours',
  horaires: 'openingHours',
  accessibility: 'accessibility',
  accessibilite: 'accessibility',
  accessibilité: 'accessibility',
};
const CATEGORY_WORDS: Record<string, string> = {
  partenaire: 'partner',
  commerce: 'shop',
  service_public: 'public_service',
  sante: 'health',
  santé: 'health',
  poste: 'post_office',
  la_poste: 'post_office',
};

export type ImportProblem = { line: number; message: string };
export const MAX_IMPORT_ROWS = 2000;

/**
 * Adds the places of a CSV file (`;` or `,`, header on the first line) near one residence: all of
 * them, or none when a line is wrong — the answer then lists every wrong line.
 */
export async function importNearbyServices(db: Db, actor: Actor, residenceId: string, text: string): Promise<{ added: number } | { problems: ImportProblem[] }> {
  const d = authorize(actor, 'impact.around.manage', { organisationId: actor.orgId as string, residenceId });
  if (d !== 'allow') throw new HttpError(d === 'not_found' ? 404 : 403);
  const body = text.replace(/^\ufeff/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(body, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch {
    return { problems: [{ line: 1, message: 'impact.import.unreadable' }] };
  }
  const header = (records[0] ?? []).map((h) => COLUMNS[h.toLowerCase().replace(/\s+/g, '_')]);
  if (!header.includes('name') || !header.includes('latitude') || !header.includes('longitude')) return { problems: [{ line: 1, message: 'impact.import.header' }] };
  if (records.length - 1 > MAX_IMPORT_ROWS) return { problems: [{ line: 1, message: 'impact.import.tooMany' }] };
  const rows: NearbyInput[] = [];
  const problems: ImportProblem[] = [];
  records.slice(1).forEach((cells, i) => {
    const values: Record<string, string> = Object.fromEntries(NEARBY_FIELDS.map((f) => [f, '']));
    header.forEach((field, k) => {
      if (field) values[field] = cells[k] ?? '';
    });
    const word = (values.category ?? '').toLowerCase().replace(/\s+/g, '_');
    values.category = CATEGORY_WORDS[word] ?? word;
    const parsed = nearbyInput.safeParse(values);
    if (parsed.success) rows.push(parsed.data);
    else problems.push({ line: i + 2, message: parsed.error.issues[0].message });
  });
  if (problems.length) return { problems };
  return withTenant(db, { orgId: actor.orgId }, async (tx) => {
    if (!(await residencePlace(tx, residenceId))) throw new HttpError(404);
    for (const r of rows) {
      await tx
        .insertInto('impact_nearby_services')
        .values({
          organisation_id: actor.orgId,
          residence_id: residenceId,
          category: r.category,
          name: r.name,
          address: r.address,
          latitude: r.latitude,
          longitude: r.longitude,
          opening_hours: r.openingHours,
          accessibility: r.accessibility,
        })
        .execute();
    }
    await audit(tx, { action: 'impact.nearby.imported', actor, targetType: 'residence', targetId: residenceId, details: { rows: rows.length } });
    return { added: rows.length };
  });
}
