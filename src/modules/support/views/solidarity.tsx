import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { SolidarityAction } from '../commands/solidarity.js';
import type { CaseDetail } from '../queries/read-case.js';
import { SelectField } from './fields.js';

export type SolidarityView = { actions: SolidarityAction[]; events: { id: string; title: string; startsAt: Date }[] };

const day = (d: string) => new Date(`${d}T12:00:00Z`);

/**
 * A solidarity flat-share's actions with the residents, newest first, each with the landlord's community
 * activity it took part in; while the case is open, a form logs one (works without JavaScript).
 */
export function SolidaritySection(props: { c: Context<AppEnv>; d: CaseDetail; s: SolidarityView; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d, s, errors, values } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <section aria-labelledby="solidarity-title">
      <h2 id="solidarity-title">{t('support.solidarity.title')}</h2>
      {s.actions.length === 0 ? (
        <p>{t('support.solidarity.none')}</p>
      ) : (
        <ul>
          {s.actions.map((a) => (
            <li>
              {f.date(day(a.held_on))} — <strong>{a.title}</strong> <span class="hint">{t('support.solidarity.residentsCount', { count: a.residents })}</span>
              {a.community_event_title && <span class="hint"> — {t('support.solidarity.linked', { event: a.community_event_title })}</span>}
            </li>
          ))}
        </ul>
      )}
      {d.row.status === 'open' && (
        <PostForm action={`/support/cases/${d.row.id}/solidarity-actions`} csrf={c.get('csrf')}>
          <h3>{t('support.solidarity.add')}</h3>
          <Field t={t} name="actionTitle" label={t('support.solidarity.what')} hint={t('support.solidarity.whatHint')} value={values.actionTitle} error={errors.actionTitle} />
          <Field t={t} name="actionOn" type="date" label={t('support.solidarity.on')} value={values.actionOn} error={errors.actionOn} />
          <Field t={t} name="actionResidents" label={t('support.solidarity.residents')} inputmode="numeric" value={values.actionResidents ?? '0'} error={errors.actionResidents} />
          <SelectField
            t={t}
            name="actionEvent"
            label={t('support.solidarity.event')}
            hint={t('support.solidarity.eventHint')}
            value={values.actionEvent}
            error={errors.actionEvent}
            placeholder={t('support.solidarity.noEvent')}
            options={s.events.map((e) => ({ value: e.id, label: `${f.date(e.startsAt)} — ${e.title}` }))}
          />
          <button type="submit">{t('support.solidarity.submit')}</button>
        </PostForm>
      )}
    </section>
  );
}
