import type { Translate } from '../../../platform/i18n/index.js';
import type { SharedValue } from '../commands/referrals.js';

/** A consented field as text for a partner or a sheet: eligibility answers as "question: answer; …". */
export function sharedText(t: Translate, v: SharedValue | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((a) => `${a.question} ${t(`support.eligibility.answer.${a.answer}`)}`).join(' ; ');
  return String(v);
}
