import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters, translator } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { CaseDetail } from '../queries/read-case.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

/**
 * The letter telling the household what the commission decided, in plain French (the landlord's
 * language of record), short sentences, the amount, the months, and whom to call.
 */
export function LetterPage(props: { c: Context<AppEnv>; d: CaseDetail; decision: CaseDetail['decisions'][number] }) {
  const { c, d, decision } = props;
  const t = c.get('t');
  const fr = translator('fr');
  const f = formatters('fr');
  const amount = decision.monthly_cents !== null ? f.money(decision.monthly_cents) : '';
  const first = decision.starts_on ? new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(day(decision.starts_on)) : '';
  return (
    <Layout c={c} title={t('support.letter.title')}>
      <h1>{t('support.letter.title')}</h1>
      <p class="hint">{t('support.letter.intro')}</p>
      <article lang="fr" class="letter">
        <p>{d.household.name}</p>
        <p>{fr('support.letter.date', { date: f.date(day(decision.held_on)) })}</p>
        <p>{fr('support.letter.greeting')}</p>
        {decision.outcome === 'granted' && (
          <>
            <p>{fr('support.letter.granted', { amount, months: decision.months ?? 0 })}</p>
            <p>{fr('support.letter.grantedHow', { first })}</p>
          </>
        )}
        {decision.outcome === 'refused' && (
          <>
            <p>{fr('support.letter.refused')}</p>
            <p>{fr('support.letter.reason', { reason: decision.reason })}</p>
          </>
        )}
        {decision.outcome === 'adjourned' && <p>{fr('support.letter.adjourned')}</p>}
        {decision.corrects_id && <p>{fr('support.letter.correction')}</p>}
        <p>{fr('support.letter.contact', { adviser: d.advisers[0]?.display_name ?? '' })}</p>
        <p>{fr('support.letter.closing')}</p>
      </article>
      <p>
        <a href={`/support/cases/${d.row.id}`}>{t('support.letter.back')}</a>
      </p>
    </Layout>
  );
}
