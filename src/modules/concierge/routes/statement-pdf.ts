import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { errorPage } from '../../../platform/http/errors.js';
import { issuerName, statementDetail, statementReferences } from '../queries/statements.js';
import { isUuid } from '../schemas.js';
import { statementPdf } from '../views/statement-pdf.js';
import type { Ctx } from './helpers.js';

/**
 * A statement as a PDF attachment, read in `orgId`'s context (the association's staff, or the
 * household's landlord for its resident, limited to `householdId`); the download is audited.
 */
export async function sendStatementPdf(c: Ctx, id: string, orgId: string, householdId: string | null) {
  if (!isUuid(id)) return errorPage(c, 404);
  const data = await withTenant(c.get('services').database.db, { orgId }, async (tx) => {
    const detail = await statementDetail(tx, id, householdId);
    if (!detail) return null;
    await audit(tx, { action: 'concierge.statement.pdf', actor: c.get('actor'), targetType: 'concierge_statement', targetId: id, details: { number: detail.statement.number } });
    return { detail, refs: await statementReferences(tx, detail), issuer: await issuerName(tx, id) };
  });
  if (!data) return errorPage(c, 404);
  const s = data.detail.statement;
  const pdf = await statementPdf({ t: c.get('t'), locale: c.get('locale'), issuer: data.issuer, statement: s, lines: data.detail.lines, ...data.refs });
  const name = `${s.kind === 'credit_note' ? 'avoir' : 'releve'}-${s.number}.pdf`;
  return c.body(pdf, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' });
}
