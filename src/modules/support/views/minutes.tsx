import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { SessionView } from '../queries/session-view.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

/** The minutes of a session: who sat, the quorum, each dossier's code and decision — no more personal data than that. */
export function MinutesPage(props: { c: Context<AppEnv>; v: SessionView }) {
  const { c, v } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const code = new Map(v.agenda.map((a) => [a.dossier_id, a.code]));
  const granted = v.decisions.filter((d) => d.outcome === 'granted');
  const committed = granted.reduce((s, d) => s + (d.monthly_cents ?? 0) * (d.months ?? 0), 0);
  const title = t('support.minutes.title', { date: f.date(day(v.session.held_on)) });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{v.programmeName}</p>
      <p>{v.session.status === 'signed' && v.session.signed_at ? t('support.minutes.signed', { date: f.dateTime(v.session.signed_at) }) : t('support.minutes.draft')}</p>
      <h2>{t('support.session.attendance')}</h2>
      <ul>
        {v.members.filter((m) => m.present).map((m) => (
          <li>{m.display_name}</li>
        ))}
      </ul>
      <p>{t('support.session.presence', { present: v.members.filter((m) => m.present).length, quorum: v.session.quorum })}</p>
      <h2>{t('support.minutes.decisions')}</h2>
      <TableWrap label={t('support.minutes.decisions')}>
        <table>
          <caption>{t('support.minutes.decisions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('support.dossier.code')}</th>
              <th scope="col">{t('support.decision.outcome')}</th>
              <th scope="col">{t('support.decision.amount')}</th>
              <th scope="col">{t('support.minutes.votes')}</th>
            </tr>
          </thead>
          <tbody>
            {v.decisions.map((d) => (
              <tr>
                <td>{code.get(d.dossier_id) ?? '—'}</td>
                <td>
                  {t(`support.outcome.${d.outcome}`)}
                  {d.corrects_id && <span class="hint">{t('support.decision.correction')}</span>}
                  {d.reason && <span class="hint">{d.reason}</span>}
                </td>
                <td>{d.monthly_cents != null ? t('support.decision.monthly', { amount: f.money(d.monthly_cents), months: d.months ?? 0 }) : '—'}</td>
                <td>{t('support.minutes.voteCounts', { for: d.votes_for, against: d.votes_against, abstain: d.votes_abstain })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>{t('support.minutes.total', { amount: f.money(committed), count: granted.length })}</p>
      <p>
        <a href={`/support/sessions/${v.session.id}/minutes.pdf`} download>
          {t('support.minutes.pdf')}
        </a>
      </p>
      <p>
        <a href={`/support/sessions/${v.session.id}`}>{t('support.session.back')}</a>
      </p>
    </Layout>
  );
}
