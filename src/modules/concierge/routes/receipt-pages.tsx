import type { Hono } from 'hono';
import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { Layout } from '../../../platform/ui/layout.js';
import { residentSide } from '../queries/desk.js';
import { receiptDetail } from '../queries/receipts.js';
import { isUuid } from '../schemas.js';
import { ReceiptView, receiptPdf } from '../views/receipt.js';
import { type Ctx, Notice, param } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

type Where = { orgId: string; householdId: string | null; base: string; statementBase: string; back: string };

/** Staff read receipts in the association's context; a resident in its landlord's, limited to its household. */
async function where(c: Ctx, staff: boolean): Promise<Where | null> {
  const actor = c.get('actor');
  if (!actor) return null;
  if (staff) {
    const desk = await deskOr404(c);
    return desk && { orgId: desk.organisation_id, householdId: null, base: '/concierge/desk/receipts', statementBase: '/concierge/desk/statements', back: '/concierge/desk/balances' };
  }
  const side = await residentSide(c.get('services').database.db, actor);
  return side && { orgId: side.landlordId, householdId: side.card.householdId, base: '/concierge/receipts', statementBase: '/concierge/statements', back: '/concierge' };
}

async function receiptPage(c: Ctx, staff: boolean) {
  const t = c.get('t');
  const w = await where(c, staff);
  const id = param(c, 'id');
  if (!w || !isUuid(id)) return errorPage(c, 404);
  const detail = await withTenant(c.get('services').database.db, { orgId: w.orgId }, (tx) => receiptDetail(tx, id, w.householdId));
  if (!detail) return errorPage(c, 404);
  const done = c.req.query('done');
  return c.html(
    <Layout c={c} title={t('concierge.receipt.title', { number: detail.receipt.number })}>
      <Notice c={c} keyName={done === 'paid' ? 'concierge.notice.paid' : undefined} />
      <ReceiptView c={c} detail={detail} statementHref={(s) => `${w.statementBase}/${s}`} />
      <p>
        <a href={`${w.base}/${id}/pdf`} download>
          {t('concierge.receipt.pdf')}
        </a>
      </p>
      <p>
        <a href={w.back}>{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

/** The receipt as a PDF attachment; the download is audited. */
async function receiptDownload(c: Ctx, staff: boolean) {
  const w = await where(c, staff);
  const id = param(c, 'id');
  if (!w || !isUuid(id)) return errorPage(c, 404);
  const detail = await withTenant(c.get('services').database.db, { orgId: w.orgId }, async (tx) => {
    const d = await receiptDetail(tx, id, w.householdId);
    if (d) await audit(tx, { action: 'concierge.receipt.pdf', actor: c.get('actor'), targetType: 'concierge_receipt', targetId: id, details: { number: d.receipt.number } });
    return d;
  });
  if (!detail) return errorPage(c, 404);
  const pdf = await receiptPdf({ t: c.get('t'), locale: c.get('locale'), detail });
  return c.body(pdf, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="recu-${detail.receipt.number}.pdf"`, 'cache-control': 'private, no-store' });
}

export function registerReceiptPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/receipts/:id', 'concierge.staff', (c) => receiptPage(c, true));
  route(app, 'GET', '/concierge/desk/receipts/:id/pdf', 'concierge.staff', (c) => receiptDownload(c, true));
  route(app, 'GET', '/concierge/receipts/:id', 'concierge.use', (c) => receiptPage(c, false));
  route(app, 'GET', '/concierge/receipts/:id/pdf', 'concierge.use', (c) => receiptDownload(c, false));
}
