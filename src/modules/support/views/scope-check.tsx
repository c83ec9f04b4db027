import type { Translate } from '../../../platform/i18n/index.js';
import type { OutOfScopeCase } from '../queries/out-of-scope.js';

/** What the programme page knows of its open cases outside the scope: today's, or those the scope being saved would leave out. */
export type ScopeCheck = { cases: OutOfScopeCase[]; proposed: boolean };

/**
 * The programme's open cases whose household lives outside its scope: a count and a link per case, by its
 * reference only (the manager sees these cases anyway; nothing of the household is repeated here).
 */
export function OutOfScopeSection(props: { t: Translate; check: ScopeCheck }) {
  const { t, check } = props;
  if (check.cases.length === 0) return null;
  const count = check.cases.length;
  return (
    <section aria-labelledby="scope-check-title" class="notice">
      <h2 id="scope-check-title">{t(check.proposed ? 'support.scope.proposedTitle' : 'support.scope.currentTitle')}</h2>
      <p>{t(check.proposed ? 'support.scope.proposedCount' : 'support.scope.currentCount', { count })}</p>
      <ul>
        {check.cases.map((c) => (
          <li>
            <a href={`/support/cases/${c.id}`}>{c.reference}</a> — {t(`support.scope.reason.${c.reason}`)}
          </li>
        ))}
      </ul>
      <p class="hint">{t('support.scope.keepOpen')}</p>
    </section>
  );
}

/** The confirm step of a scope change (no JavaScript): a box to tick, shown only once the change was refused for want of it. */
export function ConfirmOutOfScope(props: { t: Translate; error?: string }) {
  if (!props.error) return null;
  return (
    <div>
      <span class="error" id="f-confirmOutOfScope-error">
        {props.t(props.error)}
      </span>
      <label class="check">
        <input id="f-confirmOutOfScope" type="checkbox" name="confirmOutOfScope" aria-describedby="f-confirmOutOfScope-error" aria-invalid="true" /> {props.t('support.scope.confirm')}
      </label>
    </div>
  );
}
