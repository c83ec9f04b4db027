import type { Locale, Translate } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm } from '../../../platform/ui/form.js';
import type { ConfigResource } from '../db/config-db.js';
import { parisParts } from '../domain/paris-time.js';
import { instantLabel } from './format.js';
import { SelectField } from './select-field.js';

export type ClosureRow = { id: string; resourceId: string | null; start: Date; end: Date; reason: string };
export type ClosureDaysValues = { resourceId: string; fromDate: string; toDate: string; reason: string };

/**
 * The exceptional closures still ahead, each with a button to lift it, and the form to close the space
 * (or one resource) for whole days. Bookings already there are kept and flagged on the board.
 */
export function ClosureDays(p: { t: Translate; locale: Locale; csrf: string; base: string; closures: ClosureRow[]; resources: ConfigResource[]; values: ClosureDaysValues; errors: Record<string, string> }) {
  const { t, values: v, errors: e } = p;
  const labels = { resourceId: t('spaces.block.resource'), fromDate: t('spaces.closures.from'), toDate: t('spaces.closures.to'), reason: t('spaces.block.reason') };
  const what = (c: ClosureRow) => (c.resourceId ? (p.resources.find((r) => r.id === c.resourceId)?.name ?? '—') : t('spaces.block.wholeSpace'));
  return (
    <section aria-labelledby="closures-title">
      <h2 id="closures-title">{t('spaces.closures.title')}</h2>
      <p>{t('spaces.closures.intro')}</p>
      {p.closures.length === 0 ? (
        <p>{t('spaces.closures.none')}</p>
      ) : (
        <ul>
          {p.closures.map((c) => (
            <li>
              {t('spaces.closures.item', { what: what(c), from: instantLabel(c.start, p.locale), to: instantLabel(c.end, p.locale), reason: c.reason || '—' })}{' '}
              <PostForm action={`${p.base}/settings/closures/${c.id}/remove`} csrf={p.csrf}>
                <button type="submit" aria-label={t('spaces.closures.removeLabel', { what: what(c), from: instantLabel(c.start, p.locale) })}>
                  {t('spaces.closures.remove')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('spaces.closures.add')}</h3>
      <PostForm action={`${p.base}/settings/closures`} csrf={p.csrf}>
        <ErrorSummary t={t} errors={e} labels={labels} />
        <SelectField t={t} name="resourceId" label={labels.resourceId} value={v.resourceId} error={e.resourceId} options={[{ value: '', label: t('spaces.block.wholeSpace') }, ...p.resources.filter((r) => r.active).map((r) => ({ value: r.id, label: r.name }))]} />
        <Field t={t} name="fromDate" type="date" label={labels.fromDate} value={v.fromDate} error={e.fromDate} />
        <Field t={t} name="toDate" type="date" label={labels.toDate} hint={t('spaces.closures.toHint')} value={v.toDate} error={e.toDate} />
        <Field t={t} name="reason" label={labels.reason} hint={t('spaces.block.reasonHint')} value={v.reason} error={e.reason} />
        <button type="submit">{t('spaces.closures.submit')}</button>
      </PostForm>
    </section>
  );
}

/** Empty values of the closure form, starting today. */
export function emptyClosure(now: Date): ClosureDaysValues {
  const today = parisParts(now).date;
  return { resourceId: '', fromDate: today, toDate: today, reason: '' };
}
