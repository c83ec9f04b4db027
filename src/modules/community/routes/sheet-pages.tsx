import type { Hono } from 'hono';
import { raw } from 'hono/html';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { signUpSheetPdf } from '../exports/sheet-pdf.js';
import { ensure } from '../errors.js';
import { P } from '../policy.js';
import { eventDetail, eventRoster } from '../queries/events.js';
import { When } from '../views/parts.js';
import { dbOf, page, param } from './helpers.js';

// On paper: no navigation, no buttons, black on white, a table that fills an A4 page.
const PRINT_CSS = `
@page { size: A4; margin: 12mm; }
.sheet td, .sheet th { height: 2.4em; }
.sheet .box { display: inline-block; width: 1em; height: 1em; border: 1px solid currentColor; }
@media print {
  header.top, footer, .skip, .no-print { display: none !important; }
  body, main { margin: 0; padding: 0; background: #fff; color: #000; max-width: none; }
  .sheet { width: 100%; border-collapse: collapse; font-size: 11pt; }
  .sheet td, .sheet th { border: 1px solid #000; }
  .sheet tr { break-inside: avoid; }
  .sheet thead { display: table-header-group; }
}`;
const BLANK_ROWS = 6;

/** The sign-up and attendance sheet: a page to print from the browser, and the same as an A4 PDF. */
export function registerSheetPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/manage/events/:id/sheet', P.attendance, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const e = await eventDetail(dbOf(c), actor, param(c, 'id'));
      ensure(authorize(actor, P.attendance, { organisationId: e.organisation_id, residenceId: e.residence_id }));
      const rows = (await eventRoster(dbOf(c), actor, e.id, 'sheet')).filter((r) => r.status === 'confirmed');
      const f = formatters(c.get('locale'));
      return c.html(
        <Layout c={c} title={`${t('community.roster.sheet')} — ${e.title}`}>
          <style nonce={c.get('secureHeadersNonce')}>{raw(PRINT_CSS)}</style>
          <h1>{`${t('community.roster.sheet')} — ${e.title}`}</h1>
          <p>
            <When locale={c.get('locale')} start={e.starts_at} end={e.ends_at} /> — {[e.place, e.address].filter(Boolean).join(' — ')}
          </p>
          <p class="no-print">
            {t('community.sheet.printHint')} <a href={`/community/manage/events/${e.id}/sheet.pdf`}>{t('community.sheet.pdf')}</a> · <a href={`/community/manage/events/${e.id}`}>{t('community.edit.back')}</a>
          </p>
          <table class="sheet">
            <caption>{t('community.roster.sheetCaption', { title: e.title, date: f.date(e.starts_at) })}</caption>
            <thead>
              <tr>
                {(['name', 'contact', 'places', 'present', 'signature'] as const).map((k) => (
                  <th scope="col">{t(`community.sheet.${k}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.name || t('community.roster.erased')}</td>
                  <td>{r.contact ?? ''}</td>
                  <td>{f.number(r.adults + r.children)}</td>
                  <td>
                    <span class="box" role="img" aria-label={t('community.sheet.tick')} />
                  </td>
                  <td />
                </tr>
              ))}
              {Array.from({ length: BLANK_ROWS }, () => (
                <tr>
                  <td />
                  <td />
                  <td />
                  <td />
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </Layout>,
      );
    }),
  );

  route(app, 'GET', '/community/manage/events/:id/sheet.pdf', P.attendance, (c) =>
    page(c, async (actor) => {
      const t = c.get('t');
      const locale = c.get('locale');
      const e = await eventDetail(dbOf(c), actor, param(c, 'id'));
      ensure(authorize(actor, P.attendance, { organisationId: e.organisation_id, residenceId: e.residence_id }));
      const rows = (await eventRoster(dbOf(c), actor, e.id, 'sheet')).filter((r) => r.status === 'confirmed').map((r) => ({ ...r, name: r.name || t('community.roster.erased') }));
      const f = formatters(locale);
      const pdf = await signUpSheetPdf({ t, locale, title: e.title, when: `${f.dateTime(e.starts_at)} – ${f.dateTime(e.ends_at)}`, where: [e.place, e.address].filter(Boolean).join(' — '), rows });
      return c.body(pdf, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${t('community.sheet.filename')}.pdf"`,
        'cache-control': 'no-store',
      });
    }),
  );
}
