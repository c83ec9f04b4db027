import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { translator } from '../../../platform/i18n/index.js';
import { addressConfidential, addressHidden } from '../../../platform/privacy/confidential-addresses.js';
import { COLUMNS, type ImportKind } from './import/rows.js';

/** Where the CSV goes: a Hono stream, a file or stdout (see `nodeSink`). A returned promise is awaited (back-pressure). */
export type CsvSink = { write: (chunk: string) => unknown };

const PAGE = 2000;
const NONE = '00000000-0000-0000-0000-000000000000';
const CHANNEL_WORD: Record<string, string> = { email: 'courriel', sms: 'SMS', paper: 'papier' };

/** A cell for Excel: quoted when needed; text that Excel would run as a formula is defused with a quote mark. */
function cell(v: unknown, text = false): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const decimal = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const frDay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '');

type Page = { rows: Record<string, unknown>[]; line: (r: Record<string, unknown>) => string };

function query(tx: Tx, kind: ImportKind, scope: string[] | null, after: string): Promise<{ rows: Record<string, unknown>[] }> {
  const within = scope ? sql`and r.id = any(${scope.length ? scope : [NONE]}::uuid[])` : sql``;
  if (kind === 'residences') {
    return sql<Record<string, unknown>>`select r.reference, r.name, r.kind, r.address, r.postcode, r.city, r.latitude, r.longitude, a.name as agency
      from residences r left join agencies a on a.id = r.agency_id where r.reference > ${after} ${within} order by r.reference limit ${PAGE}`.execute(tx);
  }
  if (kind === 'dwellings') {
    return sql<Record<string, unknown>>`select d.reference, r.reference as residence, b.reference as building, d.rooms, d.floor, d.rent_cents
      from dwellings d join residences r on r.id = d.residence_id left join buildings b on b.id = d.building_id
      where d.reference > ${after} ${within} order by d.reference limit ${PAGE}`.execute(tx);
  }
  // Households are listed with their current dwelling; scoped staff see those living in their residences.
  // A household whose address is confidential to the reader (platform/privacy/confidential-addresses.ts) is
  // not in the file at all, as it is not on the list: a row naming it, even without its dwelling, would
  // place it beside the dwellings export's rows. Nothing says that rows were left out (a count would too).
  return sql<Record<string, unknown>>`select h.reference, h.name, d.reference as dwelling, h.email, h.phone, h.preferred_language, h.channel, h.members_count,
      o.starts_on::text as starts_on, ${addressConfidential(sql.ref('h.id'))} as address_confidential
    from households h left join occupancies o on o.household_id = h.id and o.ends_on is null
    left join dwellings d on d.id = o.dwelling_id left join residences r on r.id = d.residence_id
    where h.reference > ${after} and not ${addressHidden(sql.ref('h.id'))} ${within} order by h.reference limit ${PAGE}`.execute(tx);
}

function formatLine(kind: ImportKind): Page['line'] {
  const fr = translator('fr');
  if (kind === 'residences')
    return (r) => [cell(r.reference, true), cell(r.name, true), cell(fr(`directory.kind.${r.kind}`)), cell(r.address, true), cell(r.postcode), cell(r.city, true), decimal(r.latitude as number | null), decimal(r.longitude as number | null), cell(r.agency, true)].join(';');
  if (kind === 'dwellings')
    return (r) => [cell(r.reference, true), cell(r.residence, true), cell(r.building, true), r.rooms, r.floor, euros(r.rent_cents as number)].join(';');
  return (r) =>
    [cell(r.reference, true), cell(r.name, true), cell(r.dwelling, true), cell(r.email, true), cell(r.phone), cell(r.preferred_language), CHANNEL_WORD[r.channel as string], r.members_count, frDay(r.starts_on as string | null)].join(';');
}

/**
 * Streams the organisation's residences, dwellings or households as CSV for Excel (UTF-8 BOM,
 * `;`, French headers — the very columns the import reads, so a file can go out and come back).
 * Staff limited to some residences get only those; households whose address is confidential to the reader are
 * left out. One audit event records the export (and the confidential addresses a named reader got).
 */
export async function exportCsv(db: Db, kind: ImportKind, actor: Actor, sink: CsvSink): Promise<number> {
  if (authorize(actor, 'directory.export') !== 'allow' || !actor.orgId) throw new HttpError(403);
  const line = formatLine(kind);
  let count = 0;
  await withTenant(db, { orgId: actor.orgId, userId: actor.kind === 'user' ? actor.userId : null }, async (tx) => {
    await sink.write(`\uFEFF${COLUMNS[kind].map((c) => c.header).join(';')}\r\n`);
    let after = '';
    const shown: string[] = [];
    for (;;) {
      const { rows } = await query(tx, kind, actor.residenceIds, after);
      if (!rows.length) break;
      await sink.write(`${rows.map(line).join('\r\n')}\r\n`);
      count += rows.length;
      for (const r of rows) if (r.address_confidential) shown.push(r.reference as string);
      after = rows[rows.length - 1].reference as string;
      if (rows.length < PAGE) break;
    }
    await audit(tx, { action: 'directory.export', organisationId: actor.orgId, actorUserId: actor.userId || null, targetType: kind, details: { rows: count, ...(shown.length ? { confidentialAddressesShown: shown } : {}) } });
  });
  return count;
}
