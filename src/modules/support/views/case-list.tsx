import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { HouseholdOption } from '../../directory/index.js';
import type { CaseListItem, OverdueStep, ProgrammeRow } from '../db/cases.js';
import { daysBetween, parisToday } from '../domain/local-date.js';
import { SelectField, TextAreaField } from './fields.js';

/** The adviser's board: the cases they follow, those with overdue steps first. */
export function CaseListPage(props: { c: Context<AppEnv>; cases: CaseListItem[]; overdueSteps: OverdueStep[] }) {
  const { c, cases } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const overdue = cases.filter((x) => Number(x.overdue_steps) > 0).length;
  return (
    <Layout c={c} title={t('support.cases.title')}>
      <h1>{t('support.cases.title')}</h1>
      <p>{t('support.cases.intro')}</p>
      <p>
        <a class="button" href="/support/cases/new">
          {t('support.cases.new')}
        </a>
      </p>
      <p role="status">{t('support.cases.overdue', { count: overdue })}</p>
      {props.overdueSteps.length > 0 && <OverdueList c={c} steps={props.overdueSteps} />}
      {cases.length === 0 ? (
        <p>{t('support.cases.empty')}</p>
      ) : (
        <TableWrap label={t('support.cases.title')}>
          <table>
            <caption>{t('support.cases.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.case.household')}</th>
                <th scope="col">{t('support.case.programme')}</th>
                <th scope="col">{t('support.case.status')}</th>
                <th scope="col">{t('support.case.nextStep')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((x) => (
                <tr>
                  <td>
                    <a href={`/support/cases/${x.id}`}>{x.household_name}</a> <span class="hint">{x.reference}</span>
                  </td>
                  <td>{x.programme_name}</td>
                  <td>{x.stage ? t(`support.stage.${x.stage}`) : t(`support.status.${x.status}`)}</td>
                  <td>
                    {x.next_due ? f.date(new Date(`${x.next_due}T12:00:00Z`)) : '—'}
                    {Number(x.overdue_steps) > 0 && <strong class="error">{t('support.cases.stepsOverdue', { count: Number(x.overdue_steps) })}</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Layout>
  );
}

/** The late steps, oldest first, each with how late it is and a link to its case. */
function OverdueList(props: { c: Context<AppEnv>; steps: OverdueStep[] }) {
  const t = props.c.get('t');
  const f = formatters(props.c.get('locale'));
  const today = parisToday();
  return (
    <TableWrap label={t('support.overdue.title')}>
      <table>
        <caption>{t('support.overdue.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('support.case.household')}</th>
            <th scope="col">{t('support.overdue.step')}</th>
            <th scope="col">{t('support.overdue.due')}</th>
          </tr>
        </thead>
        <tbody>
          {props.steps.map((s) => (
            <tr>
              <td>
                <a href={`/support/cases/${s.case_id}`}>{s.household_name}</a> <span class="hint">{s.reference}</span>
              </td>
              <td>{s.programme_steps.find((p) => p.key === s.key)?.label ?? t(`support.step.${s.key}`)}</td>
              <td>
                {f.date(new Date(`${s.due_on}T12:00:00Z`))} <strong class="error">{t('support.overdue.late', { days: daysBetween(s.due_on, today) })}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The household chosen on the "new case" form: its place decides the programmes offered, its residents the person named. */
export type ChosenHousehold = { id: string; name: string; reference: string; residenceName: string | null; residents: { user_id: string; display_name: string }[] };

/**
 * Opening a case: the household (found by a search, then chosen by a link so the page knows it without
 * JavaScript), the programme — only those whose scope covers the chosen household's residence — the
 * person it is about, and what the situation is.
 */
export function NewCasePage(props: {
  c: Context<AppEnv>;
  programmes: ProgrammeRow[];
  households: HouseholdOption[];
  household: ChosenHousehold | null;
  q: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { c, values, errors, household } = props;
  const t = c.get('t');
  const labels = { programmeId: t('support.case.programme'), householdId: t('support.case.household'), personUserId: t('support.person.label'), situation: t('support.case.situation') };
  const householdLabel = (h: { name: string; reference: string; residence: string | null }) => `${h.name} — ${h.reference}${h.residence ? ` (${h.residence})` : ''}`;
  return (
    <Layout c={c} title={t('support.cases.new')}>
      <h1>{t('support.cases.new')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="get" action="/support/cases/new" role="search">
        <label for="f-q">{t('support.cases.findHousehold')}</label>
        <input id="f-q" type="search" name="q" value={props.q} />
        <button type="submit">{t('support.cases.search')}</button>
      </form>
      {!household && props.q !== '' && props.households.length > 0 && (
        <ul class="choices">
          {props.households.map((h) => (
            <li>
              <a href={`/support/cases/new?householdId=${h.id}`}>{t('support.cases.chooseHousehold', { household: householdLabel(h) })}</a>
            </li>
          ))}
        </ul>
      )}
      <PostForm action="/support/cases" csrf={c.get('csrf')}>
        {household ? (
          <>
            <SelectField t={t} name="householdId" label={labels.householdId} value={household.id} error={errors.householdId} options={[{ value: household.id, label: householdLabel({ ...household, residence: household.residenceName }) }]} />
            <p>
              <a href="/support/cases/new">{t('support.cases.changeHousehold')}</a>
            </p>
            <p class="hint">{t(props.programmes.length ? 'support.cases.programmesForHousehold' : 'support.cases.noProgrammeForHousehold', { household: household.name })}</p>
          </>
        ) : (
          <SelectField
            t={t}
            name="householdId"
            label={labels.householdId}
            value={values.householdId}
            error={errors.householdId}
            placeholder={t('support.choose')}
            options={props.households.map((h) => ({ value: h.id, label: householdLabel(h) }))}
          />
        )}
        <SelectField t={t} name="programmeId" label={labels.programmeId} value={values.programmeId} error={errors.programmeId} placeholder={t('support.choose')} options={props.programmes.map((p) => ({ value: p.id, label: p.name }))} />
        {household && household.residents.length > 0 && (
          <SelectField
            t={t}
            name="personUserId"
            label={labels.personUserId}
            hint={t('support.person.hint')}
            value={values.personUserId}
            error={errors.personUserId}
            options={[{ value: '', label: t('support.person.household') }, ...household.residents.map((r) => ({ value: r.user_id, label: r.display_name }))]}
          />
        )}
        <TextAreaField t={t} name="situation" label={labels.situation} hint={t('support.case.situationHint')} value={values.situation} error={errors.situation} />
        <label class="check">
          <input type="checkbox" name="confidentialAddress" checked={values.confidentialAddress === 'on'} /> {t('support.case.confidential')}
        </label>
        <button type="submit">{t('support.cases.open')}</button>
      </PostForm>
    </Layout>
  );
}
