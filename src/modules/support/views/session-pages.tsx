import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { SessionListItem, SessionView } from '../queries/session-view.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

export function SessionListPage(props: { c: Context<AppEnv>; sessions: SessionListItem[] }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <Layout c={c} title={t('support.sessions.title')}>
      <h1>{t('support.sessions.title')}</h1>
      {props.sessions.length === 0 ? (
        <p>{t('support.sessions.empty')}</p>
      ) : (
        <TableWrap label={t('support.sessions.title')}>
          <table>
            <caption>{t('support.sessions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.session.date')}</th>
                <th scope="col">{t('support.case.programme')}</th>
                <th scope="col">{t('support.case.status')}</th>
                <th scope="col">{t('support.session.dossiers')}</th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr>
                  <td>
                    <a href={`/support/sessions/${s.id}`}>{f.date(day(s.held_on))}</a>
                  </td>
                  <td>{s.programme}</td>
                  <td>{t(`support.session.${s.status}`)}</td>
                  <td>{f.number(Number(s.items))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Layout>
  );
}

/** A session: the pseudonymised agenda, attendance and quorum, decisions, and the manager's controls. */
export function SessionPage(props: { c: Context<AppEnv>; v: SessionView; errors?: FieldErrors; values?: Record<string, string> }) {
  const { c, v } = props;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const base = `/support/sessions/${v.session.id}`;
  const present = v.members.filter((m) => m.present).length;
  const decisionOf = (dossierId: string) => v.decisions.filter((d) => d.dossier_id === dossierId).at(-1);
  const title = t('support.session.title', { date: f.date(day(v.session.held_on)) });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={{ form: title, heldOn: t('support.session.newDate'), cutoffOn: t('support.session.newCutoff') }} />
      <dl>
        <dt>{t('support.case.programme')}</dt>
        <dd>{v.programmeName}</dd>
        <dt>{t('support.case.status')}</dt>
        <dd>{t(`support.session.${v.session.status}`)}</dd>
        <dt>{t('support.session.cutoff')}</dt>
        <dd>{f.date(day(v.session.cutoff_on))}</dd>
        <dt>{t('support.session.quorum')}</dt>
        <dd>{t('support.session.presence', { present, quorum: v.session.quorum })}</dd>
        {v.availableCents !== null && (
          <>
            <dt>{t('support.fund.available')}</dt>
            <dd>{f.money(v.availableCents)}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={`${base}/minutes`}>{t('support.minutes.link')}</a>
      </p>
      <h2>{t('support.session.agenda')}</h2>
      {v.agenda.length === 0 ? (
        <p>{t('support.session.noAgenda')}</p>
      ) : (
        <TableWrap label={t('support.session.agenda')}>
          <table>
            <caption>{t('support.session.agendaCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.dossier.code')}</th>
                <th scope="col">{t('support.dossier.hardship')}</th>
                <th scope="col">{t('support.case.rent')}</th>
                <th scope="col">{t('support.dossier.resources')}</th>
                <th scope="col">{t('support.decision.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {v.agenda.map((a) => {
                const d = decisionOf(a.dossier_id);
                return (
                  <tr>
                    <td>
                      <a href={`${base}/dossiers/${a.dossier_id}`}>{a.code}</a>
                    </td>
                    <td>{t(`support.hardship.${a.hardship}`)}</td>
                    <td>{f.money(a.rent_cents)}</td>
                    <td>{f.money(a.resources_cents)}</td>
                    <td>
                      {d ? t(`support.outcome.${d.outcome}`) : t(`support.dossier.${a.status}`)}
                      {d?.monthly_cents != null && ` — ${t('support.decision.monthly', { amount: f.money(d.monthly_cents), months: d.months ?? 0 })}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {v.canManage && v.session.status !== 'signed' && (
        <PostForm action={`${base}/agenda`} csrf={csrf}>
          <button type="submit">{t('support.session.buildAgenda')}</button>
        </PostForm>
      )}
      {v.canManage && v.session.status === 'planned' && (
        <PostForm action={`${base}/open`} csrf={csrf}>
          <fieldset>
            <legend>{t('support.session.attendance')}</legend>
            {v.members.map((m) => (
              <label class="check">
                <input type="checkbox" name="present" value={m.user_id} checked /> {m.display_name}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('support.session.openButton')}</button>
        </PostForm>
      )}
      {v.canManage && v.session.status === 'planned' && (
        <PostForm action={`${base}/date`} csrf={csrf}>
          <h2>{t('support.session.move')}</h2>
          <p class="hint">{t('support.session.moveHint')}</p>
          <Field t={t} name="heldOn" type="date" label={t('support.session.newDate')} value={values.heldOn ?? String(v.session.held_on)} error={errors.heldOn} />
          <Field t={t} name="cutoffOn" type="date" label={t('support.session.newCutoff')} value={values.cutoffOn ?? String(v.session.cutoff_on)} error={errors.cutoffOn} />
          <button type="submit">{t('support.session.moveButton')}</button>
        </PostForm>
      )}
      {v.canManage && v.session.status === 'open' && (
        <PostForm action={`${base}/sign`} csrf={csrf}>
          <p class="hint">{t('support.session.signHint')}</p>
          <button type="submit">{t('support.session.sign')}</button>
        </PostForm>
      )}
    </Layout>
  );
}

/** One dossier of a session and the commission's decision form. */
export function DossierPage(props: { c: Context<AppEnv>; v: SessionView; dossierId: string; errors?: FieldErrors; values?: Record<string, string> }) {
  const { c, v } = props;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const a = v.agenda.find((x) => x.dossier_id === props.dossierId);
  if (!a) return null;
  const decided = v.decisions.filter((d) => d.dossier_id === a.dossier_id);
  const labels = {
    outcome: t('support.decision.outcome'),
    monthly: t('support.decision.monthlyAmount'),
    months: t('support.decision.months'),
    reason: t('support.decision.reason'),
    votesFor: t('support.decision.votesFor'),
    votesAgainst: t('support.decision.votesAgainst'),
    votesAbstain: t('support.decision.votesAbstain'),
    fund: t('support.fund.available'),
    form: t('support.dossier.code'),
  };
  const title = t('support.dossier.title', { code: a.code });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <dl>
        <dt>{t('support.dossier.hardship')}</dt>
        <dd>{t(`support.hardship.${a.hardship}`)}</dd>
        <dt>{t('support.case.rent')}</dt>
        <dd>{f.money(a.rent_cents)}</dd>
        <dt>{t('support.dossier.resources')}</dt>
        <dd>{f.money(a.resources_cents)}</dd>
        <dt>{t('support.dossier.householdSize')}</dt>
        <dd>{f.number(a.household_size)}</dd>
        <dt>{t('support.dossier.facts')}</dt>
        <dd>{a.facts}</dd>
      </dl>
      {decided.map((d) => (
        <p class="notice">
          {t(`support.outcome.${d.outcome}`)}
          {d.monthly_cents != null && ` — ${t('support.decision.monthly', { amount: f.money(d.monthly_cents), months: d.months ?? 0 })}`}
          {d.reason && ` — ${d.reason}`}
        </p>
      ))}
      {v.session.status === 'open' && a.status === 'on_agenda' && (
        <PostForm action={`/support/sessions/${v.session.id}/dossiers/${a.dossier_id}`} csrf={c.get('csrf')}>
          <fieldset aria-describedby={errors.outcome ? 'f-outcome-error' : undefined}>
            <legend>{labels.outcome}</legend>
            {errors.outcome && (
              <span class="error" id="f-outcome-error">
                {t(errors.outcome)}
              </span>
            )}
            {(['granted', 'adjourned', 'refused'] as const).map((o, i) => (
              <label class="check">
                <input type="radio" name="outcome" value={o} id={i === 0 ? 'f-outcome' : undefined} checked={values.outcome === o} /> {t(`support.outcome.${o}`)}
              </label>
            ))}
          </fieldset>
          <Field t={t} name="monthly" label={labels.monthly} hint={t('support.decision.monthlyHint', { ceiling: f.money(Math.floor((a.rent_cents * 90) / 100)) })} value={values.monthly} error={errors.monthly ?? errors.fund} inputmode="numeric" />
          <Field t={t} name="months" label={labels.months} hint={t('support.decision.monthsHint')} value={values.months} error={errors.months} inputmode="numeric" />
          <Field t={t} name="reason" label={labels.reason} hint={t('support.decision.reasonHint')} value={values.reason} error={errors.reason} />
          <Field t={t} name="votesFor" label={labels.votesFor} value={values.votesFor ?? '0'} error={errors.votesFor} inputmode="numeric" />
          <Field t={t} name="votesAgainst" label={labels.votesAgainst} value={values.votesAgainst ?? '0'} error={errors.votesAgainst} inputmode="numeric" />
          <Field t={t} name="votesAbstain" label={labels.votesAbstain} value={values.votesAbstain ?? '0'} error={errors.votesAbstain} inputmode="numeric" />
          <button type="submit">{t('support.decision.record')}</button>
        </PostForm>
      )}
      <p>
        <a href={`/support/sessions/${v.session.id}`}>{t('support.session.back')}</a>
      </p>
    </Layout>
  );
}
