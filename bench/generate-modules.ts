// The modules' rows at landlord scale, generated inside PostgreSQL like the register (deterministic
// arithmetic, no random()): coworkings with two years of bookings, concierge requests, events with
// registrations, support cases with their steps. Written straight into the tables, as a restore would.
import type pg from 'pg';
import { holidayOn } from '../src/platform/calendar/holidays.js';

export type ModuleScale = { coworkings: number; seats: number; bookingDays: number; conciergeRequests: number; events: number; registrationsPerEvent: number; cases: number };
export const MODULE_SCALES: Record<string, ModuleScale> = {
  quick: { coworkings: 2, seats: 20, bookingDays: 60, conciergeRequests: 5_000, events: 400, registrationsPerEvent: 10, cases: 500 },
  landlord: { coworkings: 20, seats: 20, bookingDays: 730, conciergeRequests: 300_000, events: 20_000, registrationsPerEvent: 10, cases: 10_000 },
  national: { coworkings: 20, seats: 20, bookingDays: 730, conciergeRequests: 300_000, events: 20_000, registrationsPerEvent: 10, cases: 10_000 },
};

/** Where the scenarios aim: the first coworking (serving the bench resident's residence) and its storm slots. */
/** `coworkings`: every coworking with the first household of the residence it serves, for residents booking at once. */
export type ModuleTargets = { spaceId: string; resourceId: string; stormDates: string[]; stormStart: string; coworkings: { spaceId: string; resourceId: string; householdId: string }[] };

export type ModuleCounts = { seconds: number; bookings: number; concierge_requests: number; events: number; registrations: number; cases: number; case_steps: number };

const PURPOSES = "array['telework','job_search','training','digital_help','business_creation','other']";

/**
 * The bench landlord's households numbered 1…n in a temporary table: a row picks household `1 + (k % n)`
 * by primary key. (Indexing a 140,000-element array instead copies the whole array for every row.)
 */
const HH = 'bench_households';
const HH_COUNT = `(select count(*)::int from ${HH})`;

export async function generateModules(owner: pg.Pool, orgId: string, scale: ModuleScale, stormRounds: number, adviserId: string): Promise<{ counts: ModuleCounts; targets: ModuleTargets }> {
  const t0 = performance.now();
  const c = await owner.connect();
  try {
    await c.query('begin');
    await c.query(`create temporary table ${HH} (rn int primary key, id uuid not null) on commit drop`);
    await c.query(`insert into ${HH} select row_number() over (order by reference), id from households where organisation_id = $1`, [orgId]);
    await c.query(`analyze ${HH}`);
    const targets = await coworkings(c, orgId, scale, stormRounds);
    await conciergeRequests(c, scale);
    await events(c, orgId, scale);
    await cases(c, orgId, scale, adviserId);
    await c.query('commit');
    await owner.query('analyze');
    const n = async (q: string, args: unknown[] = [orgId]) => (await owner.query(q, args)).rows[0].n as number;
    return {
      targets,
      counts: {
        seconds: (performance.now() - t0) / 1000,
        bookings: await n('select count(*)::int as n from space_bookings where organisation_id = $1'),
        concierge_requests: await n('select count(*)::int as n from concierge_requests', []),
        events: await n('select count(*)::int as n from community_events where organisation_id = $1'),
        registrations: await n('select count(*)::int as n from community_registrations where organisation_id = $1'),
        cases: await n('select count(*)::int as n from support_cases where organisation_id = $1'),
        case_steps: await n('select count(*)::int as n from support_case_steps where organisation_id = $1'),
      },
    };
  } catch (e) {
    await c.query('rollback');
    throw e;
  } finally {
    c.release();
  }
}

/**
 * Coworkings open Monday–Friday 08:00–18:00 in two-hour slots, 95 % full in the past and half full ahead.
 * In the first one the 08:00 slot of `stormRounds` days is full but for seat 1: the last seat of the storm.
 */
async function coworkings(c: pg.PoolClient, orgId: string, scale: ModuleScale, stormRounds: number): Promise<ModuleTargets> {
  const made = await c.query<{ space_id: string; resource_id: string }>(
    `with r as (select id, reference from residences where organisation_id = $1 order by reference limit $2),
     p as (insert into common_places (organisation_id, residence_id, kind, name) select $1, id, 'coworking', 'Coworking ' || reference from r returning id, residence_id, name),
     s as (insert into spaces (organisation_id, common_place_id, residence_id, kind, name, description, slot_minutes, min_minutes, max_minutes, horizon_days, notice_minutes, cancel_notice_minutes)
           select $1, id, residence_id, 'coworking', name, 'Postes de travail partagés', 60, 60, 240, 60, 0, 0 from p returning id, residence_id),
     h as (insert into space_hours (organisation_id, space_id, weekday, opens, closes) select $1, s.id, wd, '08:00', '18:00' from s, generate_series(1, 5) wd)
     insert into space_resources (organisation_id, space_id, kind, name, units) select $1, s.id, 'seats', 'Postes', $3 from s
     returning space_id, id as resource_id`,
    [orgId, scale.coworkings, scale.seats],
  );
  const first = (await c.query<{ space_id: string; resource_id: string }>(
    `select s.id as space_id, r.id as resource_id from spaces s join space_resources r on r.space_id = s.id
      where s.organisation_id = $1 and s.residence_id = (select id from residences where organisation_id = $1 order by reference limit 1)`,
    [orgId],
  )).rows[0];
  if (!first || made.rowCount === 0) throw new Error('no coworking made');
  // Storm days: working days from a week ahead, one per round.
  const storm = await c.query<{ d: string }>(
    `select d::date::text as d from generate_series((now() at time zone 'Europe/Paris')::date + 7, (now() at time zone 'Europe/Paris')::date + 60, interval '1 day') d
      where extract(isodow from d) < 6 order by d`,
  );
  // Not a public holiday: the coworking is closed then, and every booking would be refused (422).
  const stormDates = storm.rows.map((r) => r.d).filter((d) => !holidayOn(d)).slice(0, stormRounds);
  await c.query(
    `insert into space_bookings (organisation_id, space_id, resource_id, unit, household_id, during, held, status, purpose, assisted, created_at)
     select $1, r.space_id, r.id, seat, hh.id,
            tstzrange(x.t0, x.t0 + interval '2 hours'), tstzrange(x.t0, x.t0 + interval '2 hours'),
            case when abs(0::bigint + hashtext(d::text || seat || slot)) % 20 = 0 and not (r.id = $4 and d::date::text = any($5) and slot = 0) then 'cancelled' else 'confirmed' end,
            (${PURPOSES})[1 + abs(0::bigint + hashtext(seat || d::text)) % 6], seat % 7 = 0, x.t0 - interval '3 days'
       from space_resources r join spaces s on s.id = r.space_id and s.organisation_id = $1,
            generate_series(1, $2::int) seat, generate_series(0, 4) slot,
            generate_series((now() at time zone 'Europe/Paris')::date - $3::int, (now() at time zone 'Europe/Paris')::date + 30, interval '1 day') d,
            lateral (select ((d::date + time '08:00' + slot * interval '2 hours') at time zone 'Europe/Paris') as t0) x,
            lateral (select id from ${HH} where rn = 1 + abs(0::bigint + hashtext(r.id::text || d::text || seat || '-' || slot)) % ${HH_COUNT}) hh
      where extract(isodow from d) < 6
        and case
              when r.id = $4 and d::date::text = any($5) and slot = 0 then seat > 1
              when d::date >= (now() at time zone 'Europe/Paris')::date then abs(0::bigint + hashtext(r.id::text || d::text || seat || slot)) % 2 = 0
              else abs(0::bigint + hashtext(r.id::text || d::text || seat || slot)) % 20 <> 0
            end`,
    [orgId, scale.seats, scale.bookingDays, first.resource_id, stormDates],
  );
  const all = await c.query<{ space_id: string; resource_id: string; household_id: string }>(
    `select s.id as space_id, r.id as resource_id,
            (select o.household_id from occupancies o join dwellings d on d.id = o.dwelling_id join households h on h.id = o.household_id
              where d.residence_id = s.residence_id order by h.reference limit 1) as household_id
       from spaces s join space_resources r on r.space_id = s.id join residences re on re.id = s.residence_id
      where s.organisation_id = $1 order by re.reference`,
    [orgId],
  );
  const coworkings = all.rows.map((r) => ({ spaceId: r.space_id, resourceId: r.resource_id, householdId: r.household_id }));
  return { spaceId: first.space_id, resourceId: first.resource_id, stormDates, stormStart: '08:00', coworkings };
}

/**
 * Requests at the demo concierge desk (the one with most subscribers): two years of them, almost all
 * closed; the last fortnight's still open at every step, as a real work queue holds.
 */
async function conciergeRequests(c: pg.PoolClient, scale: ModuleScale): Promise<void> {
  await c.query(
    `with desk as (select desk_id as id from concierge_subscriptions group by desk_id order by count(*) desc limit 1),
     subs as (select array_agg(s.id order by s.id) ids, array_agg(s.household_id order by s.id) hh, array_agg(s.landlord_id order by s.id) ll,
                     array_agg(s.created_by order by s.id) who, min(s.organisation_id::text)::uuid org, count(*)::int n
                from concierge_subscriptions s where s.desk_id = (select id from desk)),
     cat as (select array_agg(id order by code) ids, array_agg(unit_cost_cents order by code) cost, array_agg(vat_rate_bp order by code) vat, count(*)::int n
               from concierge_catalogue where desk_id = (select id from desk)),
     prov as (select array_agg(id order by name) ids, count(*)::int n from concierge_providers where desk_id = (select id from desk))
     insert into concierge_requests (organisation_id, landlord_id, subscription_id, household_id, catalogue_id, quantity, wanted_on, status, provider_id,
                                     unit_cost_cents, vat_rate_bp, net_cents, completed_at, created_via, created_by, created_at, updated_at, idempotency_key)
     select subs.org, subs.ll[1 + i % subs.n], subs.ids[1 + i % subs.n], subs.hh[1 + i % subs.n], cat.ids[1 + i % cat.n], 1 + i % 3,
            (x.at + interval '2 days')::date, x.status,
            case when x.status = 'submitted' then null else prov.ids[1 + i % prov.n] end,
            case when x.status = 'submitted' then null else cat.cost[1 + i % cat.n] end,
            case when x.status = 'submitted' then null else cat.vat[1 + i % cat.n] end,
            case when x.status = 'submitted' then null else cat.cost[1 + i % cat.n] * (1 + i % 3) end,
            case when x.status in ('done', 'closed') then x.at + interval '2 days' end,
            case when i % 4 = 0 then 'counter' else 'online' end, subs.who[1 + i % subs.n], x.at, x.at + interval '2 days', 'bench-' || i
       from generate_series(1, $1::int) i, subs, cat, prov,
            lateral (select now() - make_interval(secs => (($1::int - i)::float8 / $1::int) * 730 * 86400) as at) t,
            lateral (select t.at,
                       case when t.at > now() - interval '14 days'
                            then (array['submitted','dispatched','accepted','done','closed','cancelled'])[1 + i % 6]
                            else case when i % 25 = 0 then 'cancelled' else 'closed' end end as status) x`,
    [scale.conciergeRequests],
  );
}

/** Activities in the bench landlord's residences over two years and the next two months, each with households registered. */
async function events(c: pg.PoolClient, orgId: string, scale: ModuleScale): Promise<void> {
  await c.query(
    `with res as (select array_agg(id order by reference) ids, count(*)::int n from residences where organisation_id = $1)
     insert into community_events (organisation_id, title, description, category, residence_id, address, starts_at, ends_at, registration, capacity, created_at)
     select $1, 'Atelier de quartier n° ' || i, 'Un moment pour se rencontrer.',
            (array['tasting','collection','workshop','intergenerational','outing','information','committee'])[1 + i % 7],
            res.ids[1 + i % res.n], 'Salle commune', x.at, x.at + interval '2 hours', 'open', 30, x.at - interval '20 days'
       from generate_series(1, $2::int) i, res,
            lateral (select date_trunc('hour', now() - interval '730 days' + make_interval(secs => (i::float8 / $2::int) * 790 * 86400)) + interval '14 hours' as at) x`,
    [orgId, scale.events],
  );
  await c.query(
    `insert into community_registrations (organisation_id, event_id, household_id, adults, children, status, attendance, created_at)
     select $1, e.id, hh.id, 1 + j % 2, j % 3, 'confirmed',
            case when e.starts_at < now() then case when j % 5 = 0 then 'absent' else 'present' end end, e.created_at + make_interval(hours => j)
       from community_events e, generate_series(1, $2::int) j,
            lateral (select id from ${HH} where rn = 1 + (abs(0::bigint + hashtext(e.id::text)) + j * 7919) % ${HH_COUNT}) hh
      where e.organisation_id = $1`,
    [orgId, scale.registrationsPerEvent],
  );
}

/** One ordinary programme and its cases; a twentieth of them assigned to the bench adviser, the rest to a colleague. */
async function cases(c: pg.PoolClient, orgId: string, scale: ModuleScale, adviser: string): Promise<void> {
  const colleague = (await c.query<{ id: string }>("insert into users (email, display_name) values ('bench-colleague@example.org', 'Bench colleague') returning id")).rows[0].id;
  await c.query("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'social_adviser')", [orgId, colleague]);
  const programme = (await c.query<{ id: string }>(
    `insert into support_programmes (organisation_id, kind, name, sensitivity, steps, legal_basis, notice)
     values ($1, 'onboarding', 'Accueil des nouveaux arrivants (mesure)', 'normal',
             '[{"key":"visit","label":"Visite du quartier","dueDays":7},{"key":"rules","label":"Règlement","dueDays":14},{"key":"review","label":"Bilan","dueDays":60}]',
             'Mission d''intérêt public', 'Vos données servent à votre accompagnement.') returning id`,
    [orgId],
  )).rows[0].id;
  await c.query(
    `insert into support_cases (id, organisation_id, programme_id, household_id, reference, status, opened_at, last_contact_at, closed_at, outcome)
     select gen_random_uuid(), $1, $2, hh.id, 'BENCH-' || lpad(i::text, 6, '0'), x.status, x.at, x.at + interval '30 days',
            case when x.status = 'closed' then x.at + interval '90 days' end, case when x.status = 'closed' then 'completed' end
       from generate_series(1, $3::int) i,
            lateral (select id from ${HH} where rn = 1 + (i * 13) % ${HH_COUNT}) hh,
            lateral (select now() - make_interval(days => (($3::int - i) * 1095) / $3::int) as at, case when i > $3::int * 9 / 10 then 'open' else 'closed' end as status) x`,
    [orgId, programme, scale.cases],
  );
  await c.query(
    `insert into support_case_assignments (organisation_id, case_id, programme_id, user_id)
     select $1, id, programme_id, case when abs(0::bigint + hashtext(id::text)) % 20 = 0 then $2::uuid else $3::uuid end from support_cases where programme_id = $4`,
    [orgId, adviser, colleague, programme],
  );
  await c.query(
    `insert into support_case_steps (organisation_id, case_id, key, due_on, done_at)
     select $1, c.id, s.key, (c.opened_at + make_interval(days => s.days))::date,
            case when c.status = 'closed' or s.days = 7 then c.opened_at + make_interval(days => s.days) end
       from support_cases c, (values ('visit', 7), ('rules', 14), ('review', 60)) s(key, days) where c.programme_id = $2`,
    [orgId, programme],
  );
}
