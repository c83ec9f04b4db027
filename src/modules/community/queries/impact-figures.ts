import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** Counts of community life for one residence (null: activities and processes for the whole landlord). */
export type CommunityFigures = {
  residenceId: string | null;
  events: number;
  /** People expected (adults + children of confirmed registrations) at the activities held. */
  participants: number;
  /** Registrations marked present / absent at the roll call. */
  present: number;
  absent: number;
  /** People (adults + children) of the registrations marked present, plus those who came without registering. */
  presentSeats: number;
  walkIns: number;
  /** Activities held whose organiser wrote the report after them. */
  reports: number;
  proposals: number;
  answered: number;
  /** Median days from a proposal to its first answer, among those answered. */
  medianDaysToAnswer: number | null;
  done: number;
};

/**
 * Activities held (not cancelled, starting in [from, to)), attendance taken at them, their reports
 * (count, people who came without registering), and the
 * proposals received in the period with their answers — counts only, never names. Call inside withTenant.
 */
export async function communityFigures(tx: Tx, from: Date, to: Date): Promise<CommunityFigures[]> {
  // Residence keys are compared through a zero uuid so that "the whole landlord" (null) joins itself:
  // a FULL JOIN needs an equality PostgreSQL can hash or merge.
  const r = await sql<CommunityFigures>`
    with held as (
      select e.id, coalesce(e.residence_id, '00000000-0000-0000-0000-000000000000'::uuid) as k,
        coalesce(r.walk_ins, 0) as walk_ins, (r.event_id is not null) as reported
      from community_events e left join community_event_reports r on r.event_id = e.id
      where e.cancelled_at is null and e.starts_at >= ${from} and e.starts_at < ${to}
    ),
    ev as (
      select h.k, count(*)::int as events, sum(h.walk_ins)::int as walk_ins, count(*) filter (where h.reported)::int as reports,
        coalesce(sum(g.seats), 0)::int as participants, coalesce(sum(g.present), 0)::int as present,
        coalesce(sum(g.absent), 0)::int as absent, coalesce(sum(g.present_seats), 0)::int as present_seats
      from held h left join lateral (
        select sum(x.adults + x.children) as seats,
          count(*) filter (where x.attendance = 'present') as present,
          count(*) filter (where x.attendance = 'absent') as absent,
          sum(x.adults + x.children) filter (where x.attendance = 'present') as present_seats
        from community_registrations x where x.event_id = h.id and x.status = 'confirmed'
      ) g on true
      group by h.k
    ),
    pr as (
      select p.id, p.status, p.created_at, coalesce(c.residence_id, '00000000-0000-0000-0000-000000000000'::uuid) as k,
        (select min(a.answered_at) from community_answers a where a.proposal_id = p.id) as first_answer
      from community_proposals p join community_processes c on c.id = p.process_id
      where p.hidden_at is null and p.created_at >= ${from} and p.created_at < ${to}
    ),
    props as (
      select k, count(*)::int as proposals, count(first_answer)::int as answered,
        (percentile_cont(0.5) within group (order by extract(epoch from first_answer - created_at) / 86400)
          filter (where first_answer is not null))::float as median_days,
        count(*) filter (where status = 'done')::int as done
      from pr group by k
    )
    select nullif(coalesce(ev.k, props.k), '00000000-0000-0000-0000-000000000000'::uuid) as "residenceId",
      coalesce(ev.events, 0) as events, coalesce(ev.participants, 0) as participants,
      coalesce(ev.present, 0) as present, coalesce(ev.absent, 0) as absent,
      coalesce(ev.present_seats, 0) + coalesce(ev.walk_ins, 0) as "presentSeats",
      coalesce(ev.walk_ins, 0) as "walkIns", coalesce(ev.reports, 0) as reports,
      coalesce(props.proposals, 0) as proposals, coalesce(props.answered, 0) as answered,
      props.median_days as "medianDaysToAnswer", coalesce(props.done, 0) as done
    from ev full join props on props.k = ev.k`.execute(tx);
  return r.rows.map((x) => ({ ...x, medianDaysToAnswer: x.medianDaysToAnswer === null ? null : Math.round(Number(x.medianDaysToAnswer) * 10) / 10 }));
}

/** An activity's report as the impact module shows it: public facts and counts, never a name or a photo. */
export type CommunityReport = {
  eventId: string;
  title: string;
  category: string;
  startsAt: Date;
  residenceId: string | null;
  body: string;
  registeredSeats: number;
  presentSeats: number;
  walkIns: number;
  photos: number;
};

/** The reports written after the activities held in [from, to), newest first. Call inside withTenant. */
export async function communityReports(tx: Tx, from: Date, to: Date): Promise<CommunityReport[]> {
  const r = await sql<CommunityReport>`
    select e.id as "eventId", e.title, e.category, e.starts_at as "startsAt", e.residence_id as "residenceId", r.body,
      coalesce((select sum(g.adults + g.children) from community_registrations g where g.event_id = e.id and g.status = 'confirmed'), 0)::int as "registeredSeats",
      (coalesce((select sum(g.adults + g.children) from community_registrations g where g.event_id = e.id and g.status = 'confirmed' and g.attendance = 'present'), 0) + r.walk_ins)::int as "presentSeats",
      r.walk_ins as "walkIns",
      (select count(*) from community_event_photos p where p.event_id = e.id)::int as photos
    from community_event_reports r join community_events e on e.id = r.event_id
    where e.cancelled_at is null and e.starts_at >= ${from} and e.starts_at < ${to}
    order by e.starts_at desc`.execute(tx);
  return r.rows;
}
