import PDFDocument from 'pdfkit';
import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import type { ExternalReferral } from '../commands/external-referrals.js';
import { SHAREABLE } from '../commands/referrals.js';
import { sharedText } from './shared-value.js';

// The standard PDF fonts know only WinAnsi: French number spacing becomes plain spaces.
const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const day = (d: string) => new Date(`${d}T12:00:00Z`);

/** The referral sheet as an A4 PDF: the same fields as the printed page, nothing more. */
export function externalSheetPdf(opts: { t: Translate; locale: Locale; r: ExternalReferral; organisation: string }): Promise<Uint8Array<ArrayBuffer>> {
  const { t, r } = opts;
  const f = formatters(opts.locale);
  const title = t('support.external.sheetTitle', { association: r.association });
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: false, info: { Title: pdfText(title), Author: opts.organisation }, lang: opts.locale });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const row = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).text(pdfText(label));
    doc.font('Helvetica').fontSize(11).text(pdfText(value || '—')).moveDown(0.5);
  };
  doc.font('Helvetica-Bold').fontSize(18).text(pdfText(title)).moveDown(0.8);
  // A withdrawn sheet printed again says so first, in capitals, so the paper cannot pass for a live referral.
  if (r.consent_ended_on) doc.font('Helvetica-Bold').fontSize(16).text(pdfText(t('support.external.withdrawnBanner', { date: f.date(day(r.consent_ended_on ?? '')) }))).moveDown(0.8);
  row(t('support.external.from'), `${opts.organisation} — ${String(r.shared.programme ?? '')}`);
  row(t('support.external.reference'), String(r.shared.reference ?? ''));
  row(t('support.external.association'), r.contact ? `${r.association} — ${r.contact}` : r.association);
  row(t('support.referral.purpose'), r.purpose);
  for (const k of SHAREABLE.filter((k) => k in r.shared)) row(t(`support.referral.field.${k}`), sharedText(t, r.shared[k]));
  const consent = t('support.external.consentLine', { given: f.date(r.consent_given_at), until: f.date(day(r.consent_until)) });
  row(t('support.external.consent'), r.consent_ended_on ? `${consent}\n${t('support.external.consentEnded', { date: f.date(day(r.consent_ended_on)) })}` : consent);
  row(t('support.external.adviser'), r.adviser ?? '—');
  doc.end();
  return done;
}
