import PDFDocument from 'pdfkit';
import { formatters, type Locale, type Translate } from '../../../platform/i18n/index.js';
import type { SessionView } from '../queries/session-view.js';

// The standard PDF fonts know only WinAnsi: French number spacing becomes plain spaces.
const pdfText = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const day = (d: string) => new Date(`${d}T12:00:00Z`);

/**
 * The minutes of a commission session as an A4 PDF: who sat, the quorum, each dossier by its code
 * with the decision, amount, votes and reason, the total committed — no name, no address. A session
 * not yet signed is marked as a draft on every page. Text stays uncompressed so it can be searched.
 */
export function minutesPdf(opts: { t: Translate; locale: Locale; v: SessionView; organisation: string }): Promise<Uint8Array<ArrayBuffer>> {
  const { t, v } = opts;
  const f = formatters(opts.locale);
  const title = t('support.minutes.title', { date: f.date(day(v.session.held_on)) });
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: false, info: { Title: pdfText(title), Author: opts.organisation }, lang: opts.locale, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const write = (s: string, size = 11, gap = 0.4) => doc.fontSize(size).text(pdfText(s)).moveDown(gap);
  const heading = (s: string) => {
    doc.moveDown(0.4).font('Helvetica-Bold');
    write(s, 13, 0.3);
    doc.font('Helvetica');
  };

  doc.font('Helvetica-Bold');
  write(title, 18);
  doc.font('Helvetica');
  write(`${opts.organisation} — ${v.programmeName}`, 12);
  write(v.session.status === 'signed' && v.session.signed_at ? t('support.minutes.signed', { date: f.dateTime(v.session.signed_at) }) : t('support.minutes.draft'));

  heading(t('support.session.attendance'));
  const present = v.members.filter((m) => m.present);
  write(present.map((m) => m.display_name).join(', ') || '—');
  write(t('support.session.presence', { present: present.length, quorum: v.session.quorum }));

  heading(t('support.minutes.decisions'));
  const code = new Map(v.agenda.map((a) => [a.dossier_id, a.code]));
  if (v.decisions.length === 0) write('—');
  for (const d of v.decisions) {
    doc.font('Helvetica-Bold');
    write(`${code.get(d.dossier_id) ?? '—'} — ${t(`support.outcome.${d.outcome}`)}${d.corrects_id ? ` (${t('support.decision.correction')})` : ''}`, 11, 0.1);
    doc.font('Helvetica');
    if (d.monthly_cents != null) write(t('support.decision.monthly', { amount: f.money(d.monthly_cents), months: d.months ?? 0 }), 10, 0.1);
    write(t('support.minutes.voteCounts', { for: d.votes_for, against: d.votes_against, abstain: d.votes_abstain }), 10, 0.1);
    if (d.reason) write(`${t('support.decision.reason')} : ${d.reason}`, 10, 0.1);
    doc.moveDown(0.4);
  }
  const granted = v.decisions.filter((d) => d.outcome === 'granted');
  const committed = granted.reduce((s, d) => s + (d.monthly_cents ?? 0) * (d.months ?? 0), 0);
  doc.moveDown(0.4);
  write(t('support.minutes.total', { amount: f.money(committed), count: granted.length }));

  // Every page says which session it belongs to, its number, and whether it is only a draft.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const footer = `${pdfText(title)} — ${t('support.minutes.page', { page: i + 1, pages: range.count })}${v.session.status === 'signed' ? '' : ` — ${pdfText(t('support.minutes.draft'))}`}`;
    doc.fontSize(8).text(footer, 56, doc.page.height - 40, { width: doc.page.width - 112, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
