import { randomUUID } from 'node:crypto';
import { decide } from '../../src/modules/support/commands/decide.js';
import { nominate } from '../../src/modules/support/commands/nominate.js';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { buildAgenda, openSession } from '../../src/modules/support/commands/sessions.js';
import { decisionSchema } from '../../src/modules/support/schemas.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { createSeries } from '../../src/modules/spaces/commands/create-series.js';
import { nameSteward } from '../../src/modules/spaces/commands/stewards.js';
import { rawBooking } from '../../src/modules/spaces/testing-garden.js';
import { type DemoSpace, demoSpace, relaxRules, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { parisToday } from '../../src/modules/support/domain/local-date.js';
import type { Actor } from '../../src/platform/access/actor.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { demo } from '../app.js';
import { addMember, type TestApp } from './helpers.js';

/**
 * Records in the state a write needs, made through the modules' public commands (the seed's records are shared by
 * every test and seldom in that state): a booking of a demo room at the counter, one under way now, a pending one, a
 * fresh resource, a support case of Logirem's adviser, a dossier on an open commission session, a granted aid with its
 * instalments. Used by `record-matrix-writes.test.ts` (granted writes) and `mass-assignment.test.ts` (scenarios).
 */
export type ScenarioKit = Awaited<ReturnType<typeof scenarioKit>>;

export async function scenarioKit(t: TestApp) {
  const db = t.database.db;
  const owner = t.database.owner;
  const q = async (text: string, args: unknown[] = []) => (await owner.query(text, args)).rows;
  const admin: Actor = await actorFor(db, demo('org_admin'));
  const plurial = admin.orgId as string;
  const room: DemoSpace = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  await relaxRules(t.database, room.spaceId);
  const steward = await addMember(owner, plurial, 'resident', 'Steward of the room', { household_id: room.households[1] });
  await nameSteward(db, admin, room.spaceId, steward);
  /** A resident of the household the room's bookings are made for. */
  const resident = await addMember(owner, plurial, 'resident', 'Resident of the room', { household_id: room.households[0] });
  const adviser: Actor = await actorFor(db, LOGIREM.adviserA);
  const manager: Actor = await actorFor(db, LOGIREM.manager);
  const members: Actor[] = [await actorFor(db, LOGIREM.member1), await actorFor(db, LOGIREM.member2)];
  const logirem = adviser.orgId as string;
  const { programmeId, households } = await withTenant(db, { orgId: logirem }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
    households: (await tx.selectFrom('households').select('id').orderBy('reference', 'desc').execute()).map((h) => h.id as string),
  }));
  let nextHousehold = 0;

  /** An API token of the user's organisation carrying `scopes`, as an administrator would make it. */
  const token = async (user: string, org: string, scopes: string[]): Promise<string> => {
    const value = `plr_matrixWrites${randomUUID().replace(/-/g, '')}`;
    await q('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)', [org, 'Matrix writes', hashSecret(value), scopes, user]);
    return value;
  };

  /** A confirmed booking of the room made at the counter, `ahead` working days from now. */
  const counterBooking = async (ahead: number, start: string, weeks = 1): Promise<string[]> => {
    const made = await createSeries(db, admin, room.spaceId, { resourceId: room.resourceId, date: workingDayAhead(ahead), start, minutes: 60, purpose: 'leisure', householdId: room.households[0], weeks, onConflict: 'skip' }, 'counter');
    if (made.kind !== 'booked') throw new Error(`series: ${JSON.stringify(made)}`);
    return made.bookings.map((b) => b.id);
  };

  /** A pending booking request of the room (`from`, `to` in minutes of the day). */
  const pendingBooking = (ahead: number, from: number, to: number) => rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date: workingDayAhead(ahead), from, to, status: 'pending' });

  /** A new resource of the room, added as the space's settings would. */
  const freshResource = async () => (await q("insert into space_resources (organisation_id, space_id, kind, name) values ($1, $2, 'room', $3) returning id::text", [plurial, room.spaceId, `Salle ${randomUUID().slice(0, 8)}`]))[0].id as string;

  /** A confirmed booking under way now (from ten minutes ago, for fifty minutes), for a check-in. */
  const bookingNow = async (): Promise<string> => {
    const now = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date()).split(':').map(Number);
    const from = Math.max(0, now[0] * 60 + now[1] - 10);
    return rawBooking(t.database, { spaceId: room.spaceId, resourceId: await freshResource(), householdId: room.households[0], date: parisToday(), from, to: Math.min(1439, from + 60), status: 'confirmed' });
  };

  /**
   * A case opened by Logirem's adviser A for a household of Logirem: of the rent-aid programme unless `kind` names
   * another programme of Logirem; `confidential` hides its address.
   */
  const caseFor = async (household = households[0], kind = 'rent_aid', confidential = false): Promise<string> => {
    const programme = kind === 'rent_aid' ? programmeId : ((await q("select id::text from support_programmes where organisation_id = $1 and kind = $2 order by name limit 1", [logirem, kind]))[0].id as string);
    const r = await openCase(db, adviser, { programmeId: programme, householdId: household, situation: 'Écritures de la matrice', confidentialAddress: confidential });
    if (!r.ok) throw new Error(`open case: ${JSON.stringify(r)}`);
    return r.caseId;
  };

  /**
   * A rent-aid dossier on the agenda of an open commission session (a session of the programme not yet signed, opened
   * by the manager with the two members present): the case, the dossier and the session.
   */
  const onAgenda = async (): Promise<{ caseId: string; dossierId: string; sessionId: string }> => {
    const caseId = await caseFor(households[1 + (nextHousehold++ % (households.length - 1))]);
    const n = await nominate(db, adviser, caseId, { hardship: 'job_loss', resources: 90_000, facts: 'Licenciement économique.' });
    if (!n.ok) throw new Error(`nominate: ${JSON.stringify(n)}`);
    const sessionId = (await q("select id::text from support_sessions where programme_id = $1 and status <> 'signed' order by held_on desc limit 1", [programmeId]))[0].id as string;
    const agenda = await buildAgenda(db, manager, sessionId);
    if (!agenda.ok) throw new Error(`agenda: ${JSON.stringify(agenda)}`);
    if ((await q('select status from support_sessions where id = $1', [sessionId]))[0].status !== 'open') {
      const opened = await openSession(db, manager, sessionId, members.map((m) => m.userId));
      if (!opened.ok) throw new Error(`open session: ${JSON.stringify(opened)}`);
    }
    await q('update support_session_members set present = true where session_id = $1', [sessionId]);
    return { caseId, dossierId: n.dossierId, sessionId };
  };

  /** A granted aid (250 € a month for 6 months) with its instalments: the case, the decision and the session. */
  const grantedAid = async (): Promise<{ caseId: string; decisionId: string; sessionId: string }> => {
    const d = await onAgenda();
    const r = await decide(db, members[0], d.sessionId, d.dossierId, decisionSchema.parse({ outcome: 'granted', monthly: '250', months: '6', votesFor: '3', votesAgainst: '0', votesAbstain: '0' }));
    if (!r.ok) throw new Error(`decide: ${JSON.stringify(r)}`);
    return { caseId: d.caseId, decisionId: r.decisionId, sessionId: d.sessionId };
  };

  return { db, owner, admin, plurial, room, steward, resident, adviser, manager, members, logirem, programmeId, token, counterBooking, pendingBooking, freshResource, bookingNow, caseFor, onAgenda, grantedAid };
}
