import { randomUUID } from 'node:crypto';
import { actOnRequest } from '../../src/modules/concierge/commands/act-on-request.js';
import { orderAtCounter } from '../../src/modules/concierge/commands/create-request.js';
import type { RequestEvent } from '../../src/modules/concierge/domain/request-status.js';
import { todayInParis } from '../../src/modules/concierge/queries/desk.js';
import { PROVIDER_ACCOUNTS } from '../../src/modules/concierge/seed-provider-accounts.js';
import { actorFor } from '../../src/modules/support/test-helpers.js';
import type { Actor } from '../../src/platform/access/actor.js';
import { addMember, browserFor, type TestApp } from './helpers.js';
import type { MatrixActor } from './record-matrix-shared.js';

/**
 * Concierge requests for the record matrices, made through the module's commands: the desk (the association's demo
 * staff) takes a request at the counter for one of its subscribers, then moves it (dispatch to a provider, accept…),
 * so each record is fresh and in the state a test needs. The demo's two provider accounts (each a `partner_staff` of
 * its own organisation, linked to the desk's provider row) are the people who serve them.
 */
export const DESK_STAFF = 'partner-staff@demo.palier.fr';
export const SERVING = 'provider serving the request';
export const OTHER_PROVIDER = 'provider of another request';
/** The desk's own staff: the association's demo `partner_staff` and a `concierge` of the association (both `concierge.staff`). */
export const DESK = 'desk staff (the association’s partner_staff)';
export const DESK_CONCIERGE = 'desk concierge (the association’s concierge)';
/** A `partner_staff` of another association that runs its own desk and is a partner of the same landlord. */
export const OTHER_DESK = 'staff of another desk serving the same landlord';

export type ConciergeMaker = {
  desk: Actor;
  /** The desk's provider rows linked to the two demo accounts: [serving, other]. */
  providerIds: [string, string];
  /** A new request at the counter, moved by the desk through `events` (dispatch goes to `provider`, default the serving one). */
  request: (events?: RequestEvent[], provider?: string) => Promise<string>;
};

export async function conciergeMaker(t: TestApp): Promise<ConciergeMaker> {
  const owner = t.database.owner;
  const db = t.database.db;
  const desk = await actorFor(db, DESK_STAFF);
  const ids = await Promise.all(
    PROVIDER_ACCOUNTS.map(async (a) => (await owner.query('select id::text from concierge_providers where name = $1 and organisation_id = $2', [a.provider, desk.orgId])).rows[0].id as string),
  );
  // A subscriber of the desk whose subscription runs today, and a service any subscriber may order at the counter.
  const today = todayInParis();
  const subs = (await owner.query("select id::text from concierge_subscriptions where organisation_id = $1 and starts_on <= $2::date and (ends_on is null or ends_on >= $2::date) order by household_name, id", [desk.orgId, today])).rows;
  const items = (await owner.query("select id::text from concierge_catalogue where organisation_id = $1 and active and audience = 'subscribers' order by code", [desk.orgId])).rows;
  let chosen: { sub: string; item: string } | null = null;
  const request = async (events: RequestEvent[] = [], provider = ids[0]): Promise<string> => {
    const order = (sub: string, item: string) => orderAtCounter(db, desk, sub, item, { quantity: 1, wantedOn: today, notes: '', idempotencyKey: randomUUID() });
    let id: string | null = null;
    if (chosen) id = await order(chosen.sub, chosen.item);
    // The first time, the first pair the counter accepts (a subscription may be paused, a service limited).
    for (const s of chosen ? [] : subs) {
      for (const i of items) {
        try {
          id = await order(s.id, i.id);
          chosen = { sub: s.id, item: i.id };
          break;
        } catch {}
      }
      if (chosen) break;
    }
    if (!id) throw new Error('no subscription and service the counter accepts');
    for (const event of events) await actOnRequest(db, desk, id, event, { providerId: provider, reason: 'Matrice' });
    return id;
  };
  return { desk, providerIds: [ids[0], ids[1]], request };
}

/** The two provider accounts of the demo as matrix people: the one `SERVING` requests dispatched to its row, and the other. */
export async function providerPeople(t: TestApp): Promise<MatrixActor[]> {
  const out: MatrixActor[] = [];
  for (const [name, account] of [
    [SERVING, PROVIDER_ACCOUNTS[0]],
    [OTHER_PROVIDER, PROVIDER_ACCOUNTS[1]],
  ] as const) {
    const actor = await actorFor(t.database.db, account.email);
    out.push({ name, role: 'partner_staff', org: actor.orgId as string, browser: await browserFor(t, actor.userId, actor.orgId) });
  }
  return out;
}

/**
 * The concierge desk's own staff (docs/decisions/concierge-tenancy.md: the desk is an association of its own, serving
 * several landlords): the demo's desk staff, a `concierge` added to the association, and the staff of another
 * association made here with its own desk and a partnership with the same landlord — a second desk in the same
 * neighbourhood, whose requests are not the first's (row-level security: the association's own rows).
 */
export async function deskPeople(t: TestApp): Promise<MatrixActor[]> {
  const owner = t.database.owner;
  const desk = await actorFor(t.database.db, DESK_STAFF);
  const assoc = desk.orgId as string;
  const landlord = (await owner.query("select id::text from organisations where slug = 'plurial-novilia'")).rows[0].id as string;
  const other = (
    await owner.query("insert into organisations (slug, kind, name) values ($1, 'association', 'Conciergerie de la matrice') returning id::text", [`conciergerie-matrice-${Math.random().toString(36).slice(2, 8)}`])
  ).rows[0].id as string;
  await owner.query("insert into concierge_desks (organisation_id, name, place) values ($1, 'Conciergerie de la matrice', 'Local de la matrice')", [other]);
  await owner.query('insert into partnerships (organisation_id, partner_id) values ($1, $2)', [landlord, other]);
  const deskConcierge = await addMember(owner, assoc, 'concierge', 'Desk concierge');
  const otherStaff = await addMember(owner, other, 'partner_staff', 'Other desk staff');
  return [
    { name: DESK, role: 'partner_staff', org: assoc, browser: await browserFor(t, desk.userId, assoc) },
    { name: DESK_CONCIERGE, role: 'concierge', org: assoc, browser: await browserFor(t, deskConcierge, assoc) },
    { name: OTHER_DESK, role: 'partner_staff', org: other, browser: await browserFor(t, otherStaff, other) },
  ];
}
