import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { CaseListItem, OverdueStep } from '../db/cases.js';
import { daysBetween, parisToday } from '../domain/local-date.js';
import type { OutOfScopeReason } from '../queries/cases-in-scope.js';

/** The adviser's board: the cases they follow, those with overdue steps first; those now outside their programme's scope listed and marked. */
export function CaseListPage(props: { c: Context<AppEnv>; cases: CaseListItem[]; overdueSteps: OverdueStep[]; outOfScope: Map<string, OutOfScopeReason> }) {
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
      <OutOfScopeList c={c} cases={cases.filter((x) => props.outOfScope.has(x.id))} outOfScope={props.outOfScope} />
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
                  <td>
                    {x.stage ? t(`support.stage.${x.stage}`) : t(x.closed_as ? `support.closedAs.${x.closed_as}` : `support.status.${x.status}`)}
                    {props.outOfScope.has(x.id) && <strong class="out-of-scope"> — {t('support.board.outOfScopeMark')}</strong>}
                  </td>
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

/**
 * The open cases whose household no longer lives where their programme applies, said in words (a heading, the
 * reason, what to do), not by a colour: the household has moved or the programme's residences changed.
 */
function OutOfScopeList(props: { c: Context<AppEnv>; cases: CaseListItem[]; outOfScope: Map<string, OutOfScopeReason> }) {
  const t = props.c.get('t');
  if (props.cases.length === 0) return null;
  return (
    <section aria-labelledby="out-of-scope-title" class="notice">
      <h2 id="out-of-scope-title">{t('support.board.outOfScopeTitle')}</h2>
      <p>{t('support.board.outOfScopeCount', { count: props.cases.length })}</p>
      <ul>
        {props.cases.map((x) => (
          <li>
            <a href={`/support/cases/${x.id}`}>{x.household_name}</a> <span class="hint">{x.reference}</span> — {t(`support.scope.reason.${props.outOfScope.get(x.id)}`)}
          </li>
        ))}
      </ul>
      <p>{t('support.board.outOfScopeTodo')}</p>
    </section>
  );
}
