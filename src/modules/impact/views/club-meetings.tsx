import type { Context } from 'hono';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { dateFormat } from '../../../platform/i18n/intl-cache.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { ClubMeeting, ClubRosterLine } from '../../community/index.js';
import type { NetworkRef } from '../queries/benchmark.js';
import { NetworkSelect } from './network-select.js';

type C = Context<AppEnv>;

function when(c: C, m: ClubMeeting): string {
  const tag = c.get('locale') === 'fr' ? 'fr-FR' : 'en-GB';
  const day = dateFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(m.startsAt);
  const end = dateFormat(tag, { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(m.endsAt);
  return `${day} – ${end}`;
}

const DONE = new Set(['registered', 'waiting', 'cancelled', 'updated', 'meetingCancelled']);

/** The outcome of the last POST (`?done=`), announced as a status. */
export function Notice(p: { c: C; done?: string }) {
  if (!p.done || !DONE.has(p.done)) return null;
  return (
    <p class="notice" role="status">
      {p.c.get('t')(`impact.club.done.${p.done}`)}
    </p>
  );
}

/** The list of club meetings: for member staff (with their own registration) or for the network's organisers (`organiser`). */
export function ClubListPage(p: { c: C; networks: NetworkRef[]; network: NetworkRef | null; meetings: ClubMeeting[]; organiser: boolean }) {
  const t = p.c.get('t');
  const base = p.organiser ? '/impact/network/club' : '/impact/network/meetings';
  return (
    <Layout c={p.c} title={t('impact.club.title')}>
      <h1>{t('impact.club.title')}</h1>
      {!p.network ? (
        <p>{t('impact.club.noNetwork')}</p>
      ) : (
        <>
          <p>{p.organiser ? t('impact.club.organiserLead') : t('impact.club.lead', { network: p.network.name })}</p>
          {!p.organiser && p.networks.length > 1 && (
            <form method="get" action={base}>
              <NetworkSelect t={t} networks={p.networks} selected={p.network} />
              <button type="submit">{t('impact.filter.show')}</button>
            </form>
          )}
          {p.organiser && (
            <p>
              <a href="/impact/network/club/new">{t('impact.club.new')}</a>
            </p>
          )}
          {!p.organiser && authorize(p.c.get('actor'), 'community.read') === 'allow' && (
            // Community's "Mes avis" also lists the news of club registrations (docs/decisions/network-meetings.md).
            <p>
              {`${t('impact.club.notices')} `}
              <a href="/community/notifications">{t('impact.club.noticesLink')}</a>.
            </p>
          )}
          {p.meetings.length === 0 ? (
            <p>{t('impact.club.none')}</p>
          ) : (
            <TableWrap label={t('impact.club.title')}>
              <table>
                <caption>{t('impact.club.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('impact.club.what')}</th>
                    <th scope="col">{t('impact.club.when')}</th>
                    <th scope="col">{t('impact.club.seats')}</th>
                    {!p.organiser && <th scope="col">{t('impact.club.status')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {p.meetings.map((m) => (
                    <tr>
                      <th scope="row">
                        <a href={`${base}/${m.id}`}>{m.title}</a>
                        {m.cancelledAt && ` (${t('impact.club.cancelled')})`}
                      </th>
                      <td>{when(p.c, m)}</td>
                      <td>{m.capacity === null ? String(m.seats) : `${m.seats} / ${m.capacity}`}</td>
                      {!p.organiser && <td>{t(`impact.club.${m.mineStatus === 'waiting' ? 'onWaitingList' : m.mine ? 'registered' : 'notRegistered'}`)}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </Layout>
  );
}

/** Whether a new registration would join the waiting list (community's rule: the line is never overtaken). */
const full = (m: ClubMeeting) => m.capacity !== null && (m.seats >= m.capacity || m.waiting > 0);

/** The meeting's cancellation, with the organiser's reason. */
function Cancelled(p: { c: C; m: ClubMeeting }) {
  const t = p.c.get('t');
  if (!p.m.cancelledAt) return null;
  return (
    <div class="notice">
      <p>
        <strong>{t('impact.club.meetingCancelled')}</strong>
      </p>
      {p.m.cancelReason && <p>{t('impact.club.reason', { reason: p.m.cancelReason })}</p>}
    </div>
  );
}

export function Facts(p: { c: C; m: ClubMeeting }) {
  const t = p.c.get('t');
  return (
    <dl>
      <dt>{t('impact.club.field.kind')}</dt>
      <dd>{t(`impact.club.kind.${p.m.kind === 'workshop' ? 'workshop' : 'committee'}`)}</dd>
      <dt>{t('impact.club.when')}</dt>
      <dd>{when(p.c, p.m)}</dd>
      <dt>{t('impact.club.where')}</dt>
      <dd>{p.m.address}</dd>
      <dt>{t('impact.club.capacity')}</dt>
      <dd>{p.m.capacity === null ? `${p.m.seats} (${t('impact.club.unlimited')})` : `${p.m.seats} / ${p.m.capacity}`}</dd>
      {p.m.waiting > 0 && (
        <>
          <dt>{t('impact.club.waitingList')}</dt>
          <dd>{String(p.m.waiting)}</dd>
        </>
      )}
    </dl>
  );
}

/** One meeting as member staff see it: the facts and their own registration (register or cancel, no JavaScript). */
export function ClubMeetingPage(p: { c: C; m: ClubMeeting; done?: string; errors?: FieldErrors }) {
  const t = p.c.get('t');
  const { m } = p;
  return (
    <Layout c={p.c} title={m.title}>
      <p>
        <a href={`/impact/network/meetings?network=${m.networkId}`}>{t('impact.club.back')}</a>
      </p>
      <h1>{m.title}</h1>
      <Notice c={p.c} done={p.done} />
      {p.errors && <ErrorSummary t={t} errors={p.errors} labels={{}} />}
      <Cancelled c={p.c} m={m} />
      {m.description && <p>{m.description}</p>}
      <Facts c={p.c} m={m} />
      {m.mine ? (
        <PostForm action={`/impact/network/meetings/${m.id}/cancel`} csrf={p.c.get('csrf')}>
          <p>{t(m.mineStatus === 'waiting' ? 'impact.club.onWaitingList' : 'impact.club.registered')}</p>
          <button type="submit">{t(m.mineStatus === 'waiting' ? 'impact.club.leaveWaitingList' : 'impact.club.cancel')}</button>
        </PostForm>
      ) : (
        !m.cancelledAt && (
          <PostForm action={`/impact/network/meetings/${m.id}/register`} csrf={p.c.get('csrf')}>
            {full(m) && <p>{t('impact.club.fullLead')}</p>}
            <button type="submit">{t(full(m) ? 'impact.club.joinWaitingList' : 'impact.club.register')}</button>
          </PostForm>
        )
      )}
    </Layout>
  );
}

/** The organiser's view of a meeting: the facts and who registered (name and landlord, never a contact). */
export function ClubRosterPage(p: { c: C; m: ClubMeeting; roster: ClubRosterLine[]; waiting: ClubRosterLine[]; done?: string }) {
  const t = p.c.get('t');
  const open = !p.m.cancelledAt && p.m.endsAt.getTime() > Date.now();
  return (
    <Layout c={p.c} title={p.m.title}>
      <p>
        <a href="/impact/network/club">{t('impact.club.back')}</a>
      </p>
      <h1>{p.m.title}</h1>
      <Notice c={p.c} done={p.done} />
      <Cancelled c={p.c} m={p.m} />
      {p.m.description && <p>{p.m.description}</p>}
      <Facts c={p.c} m={p.m} />
      {open && (
        <p>
          <a href={`/impact/network/club/${p.m.id}/edit`}>{t('impact.club.edit')}</a>
        </p>
      )}
      <h2>{t('impact.club.roster')}</h2>
      {p.roster.length === 0 ? (
        <p>{t('impact.club.rosterNone')}</p>
      ) : (
        <TableWrap label={t('impact.club.roster')}>
          <table>
            <caption>{t('impact.club.roster')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('impact.club.person')}</th>
                <th scope="col">{t('impact.club.landlord')}</th>
              </tr>
            </thead>
            <tbody>
              {p.roster.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td>{r.landlord}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {p.waiting.length > 0 && <WaitingList c={p.c} lines={p.waiting} />}
    </Layout>
  );
}

/** The organiser's waiting list, in its order (the first gets the next seat). */
function WaitingList(p: { c: C; lines: ClubRosterLine[] }) {
  const t = p.c.get('t');
  return (
    <>
      <h2>{t('impact.club.waitingList')}</h2>
      <TableWrap label={t('impact.club.waitingList')}>
        <table>
          <caption>{t('impact.club.waitingList')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('impact.club.rank')}</th>
              <th scope="col">{t('impact.club.person')}</th>
              <th scope="col">{t('impact.club.landlord')}</th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((r, i) => (
              <tr>
                <td>{String(i + 1)}</td>
                <th scope="row">{r.name}</th>
                <td>{r.landlord}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
