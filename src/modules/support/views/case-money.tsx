import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { type FieldErrors, Field, PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { CaseDetail } from '../queries/read-case.js';
import { HARDSHIPS } from '../schemas.js';
import { SelectField, TextAreaField } from './fields.js';
import { EligibilityFields } from './eligibility.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

/** Rent aid on a case: the dossier before the commission, its decisions and letters, the monthly credits. */
export function CaseMoneySection(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const base = `/support/cases/${d.row.id}`;
  const pending = d.dossiers.some((x) => x.status === 'ready' || x.status === 'on_agenda');
  return (
    <section aria-labelledby="aid-title">
      <h2 id="aid-title">{t('support.aid.title')}</h2>
      {d.dossiers.map((x) => (
        <p>
          {t('support.aid.dossier', { code: x.code })} — {t(`support.dossier.${x.status}`)} — {t(`support.hardship.${x.hardship}`)}
        </p>
      ))}
      {!pending && d.row.status === 'open' && (
        <PostForm action={`${base}/nominate`} csrf={csrf}>
          <h3>{t('support.aid.nominate')}</h3>
          <p class="hint">{t('support.aid.nominateHint')}</p>
          <SelectField t={t} name="hardship" label={t('support.dossier.hardship')} value={values.hardship} error={errors.hardship} placeholder={t('support.choose')} options={HARDSHIPS.map((h) => ({ value: h, label: t(`support.hardship.${h}`) }))} />
          <Field t={t} name="resources" label={t('support.dossier.resources')} hint={t('support.dossier.resourcesHint')} value={values.resources} error={errors.resources} inputmode="numeric" />
          <TextAreaField t={t} name="facts" label={t('support.dossier.facts')} hint={t('support.dossier.factsHint')} value={values.facts} error={errors.facts} rows={3} />
          <EligibilityFields t={t} d={d} errors={errors} values={values} idPrefix="nominate-" />
          <button type="submit">{t('support.aid.nominateButton')}</button>
        </PostForm>
      )}
      {d.decisions.length > 0 && (
        <TableWrap label={t('support.aid.decisions')}>
          <table>
            <caption>{t('support.aid.decisions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.session.date')}</th>
                <th scope="col">{t('support.decision.outcome')}</th>
                <th scope="col">{t('support.decision.amount')}</th>
                <th scope="col">{t('support.decision.letter')}</th>
              </tr>
            </thead>
            <tbody>
              {d.decisions.map((x) => (
                <tr>
                  <td>{f.date(day(x.held_on))}</td>
                  <td>
                    {t(`support.outcome.${x.outcome}`)}
                    {x.corrects_id && <span class="hint">{t('support.decision.correction')}</span>}
                    {x.reason && <span class="hint">{x.reason}</span>}
                  </td>
                  <td>{x.monthly_cents !== null ? t('support.decision.monthly', { amount: f.money(x.monthly_cents), months: x.months ?? 0 }) : '—'}</td>
                  <td>
                    <a href={`${base}/decisions/${x.id}/letter`}>{t('support.decision.letterLink')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {d.instalments.length > 0 && (
        <TableWrap label={t('support.aid.schedule')}>
          <table>
            <caption>{t('support.aid.schedule')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.aid.month')}</th>
                <th scope="col">{t('support.decision.amount')}</th>
                <th scope="col">{t('support.aid.state')}</th>
              </tr>
            </thead>
            <tbody>
              {d.instalments.map((i) => (
                <tr>
                  <td>{new Intl.DateTimeFormat(c.get('locale') === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(day(i.due_month))}</td>
                  <td>{f.money(i.amount_cents)}</td>
                  <td>
                    {i.paid_at ? (
                      t('support.aid.paid')
                    ) : i.released_at ? (
                      t('support.aid.released')
                    ) : (
                      <PostForm action={`${base}/instalments/${i.id}/paid`} csrf={csrf}>
                        <button type="submit" class="link">
                          {t('support.aid.markPaid')}
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {d.decisions
        .filter((x) => x.outcome === 'granted' && d.instalments.some((i) => i.decision_id === x.id && !i.paid_at && !i.released_at))
        .map((x) => (
          <PostForm action={`${base}/decisions/${x.id}/end`} csrf={csrf}>
            <button type="submit">{t('support.aid.endEarly')}</button>
          </PostForm>
        ))}
    </section>
  );
}
