import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** Counts of community life for one residence (null: activities and processes for the whole landlord). */
export type CommunityFigures = {
  residenceId: string | null;
  events: number;
  /** People expected (adults + children of confirmed registrations) at the activities held. */
  participants: number;
  present: number;
  absent: number;
  proposals: number;
  answered: number;
  /** Median days from a proposal to its first answer, among those answered. */
  medianDaysToAnswer: number | null;
  done: number;
};

/**
 * Activities held (not cancelled, starting in [from, to)), attendance taken at them, and the
 * proposals received in the period with their answers — counts only, never names. Call inside withTenant.
 */
export async function communityFigures(tx: Tx, from: Date, to: Date): Promise<CommunityFigures[]> {
  const r = await sql<CommunityFigures>`
    with held as (
      select e.id, e.residence_id from community_events e
      where e.cancelled_at is null and e.starts_at >= ${from} and e.starts_at < ${to}
    ),
    ev as (
      select h.residence_id, count(distinct h.id)::int as events,
        coalesce(sum(g.adults + g.children) filter (where g.status = 'confirmed'), 0)::int as participants,
        count(g.id) filter (where g.attendance = 'present')::int as present,
        count(g.id) filter (where g.attendance = 'absent')::int as absent
      from held h left join community_registrations g on g.event_id = h.id
      group by h.residence_id
    ),
    pr as (
      select p.id, p.status, p.created_at, c.residence_id,
        (select min(a.answered_at) from community_answers a where a.proposal_id = p.id) as first_answer
      from community_proposals p join community_processes c on c.id = p.process_id
      where p.hidden_at is null and p.created_at >= ${from} and p.created_at < ${to}
    ),
    props as (
      select residence_id, count(*)::int as proposals, count(first_answer)::int as answered,
        (percentile_cont(0.5) within group (order by extract(epoch from first_answer - created_at) / 86400)
          filter (where first_answer is not null))::float as median_days,
        count(*) filter (where status = 'done')::int as done
      from pr group by residence_id
    )
    select coalesce(ev.residence_id, props.residence_id) as "residenceId",
      coalesce(ev.events, 0) as events, coalesce(ev.participants, 0) as participants,
      coalesce(ev.present, 0) as present, coalesce(ev.absent, 0) as absent,
      coalesce(props.proposals, 0) as proposals, coalesce(props.answered, 0) as answered,
      props.median_days as "medianDaysToAnswer", coalesce(props.done, 0) as done
    from ev full join props on props.residence_id is not distinct from ev.residence_id`.execute(tx);
  return r.rows.map((x) => ({ ...x, medianDaysToAnswer: x.medianDaysToAnswer === null ? null : Math.round(Number(x.medianDaysToAnswer) * 10) / 10 }));
}
