import type { Tx } from '../../../platform/db/tenant.js';

/** Cents as a decimal string without floating point: 123456 → "1234.56", -5 → "-0.05". */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const cell = (v: string | number) => {
  const s = String(v);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row per statement line of a month, for the association's accounting (semicolon-separated, UTF-8). */
export async function statementsCsv(tx: Tx, deskId: string, period: string): Promise<string> {
  const rows = await tx
    .selectFrom('concierge_statement_lines as l')
    .innerJoin('concierge_statements as s', 's.id', 'l.statement_id')
    .leftJoin('concierge_subscriptions as sub', 'sub.id', 's.subscription_id')
    .leftJoin('organisations as o', 'o.id', 's.landlord_id')
    .select([
      's.number',
      's.kind',
      's.party',
      's.period',
      'sub.household_name',
      'o.name as landlord',
      'l.position',
      'l.label',
      'l.quantity',
      'l.unit_cents',
      'l.vat_rate_bp',
      'l.net_cents',
      'l.vat_cents',
      'l.gross_cents',
    ])
    .where('s.desk_id', '=', deskId)
    .where('s.period', '=', period)
    // Statements first, then credit notes (each kind has its own series), by number.
    .orderBy('s.kind', 'desc')
    .orderBy('s.number')
    .orderBy('l.position')
    .execute();
  const header = ['number', 'kind', 'party', 'billed_to', 'period', 'line', 'label', 'quantity', 'unit_excl_vat', 'vat_rate_percent', 'net', 'vat', 'gross'];
  const lines = rows.map((r) =>
    [
      r.number,
      r.kind,
      r.party,
      r.party === 'household' ? (r.household_name ?? '') : (r.landlord ?? ''),
      r.period,
      r.position,
      r.label,
      r.quantity,
      centsToDecimal(r.unit_cents),
      centsToDecimal(r.vat_rate_bp),
      centsToDecimal(r.net_cents),
      centsToDecimal(r.vat_cents),
      centsToDecimal(r.gross_cents),
    ]
      .map(cell)
      .join(';'),
  );
  return `${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
