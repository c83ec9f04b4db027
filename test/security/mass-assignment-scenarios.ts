import { randomUUID } from 'node:crypto';
import { acceptInvitation, attachResidence, createNeighbourhood, inviteLandlord } from '../../src/modules/directory/commands/neighbourhoods.js';
import { pauseSubscription } from '../../src/modules/concierge/commands/subscription-changes.js';
import { recordStatementPayment } from '../../src/modules/concierge/commands/record-payment.js';
import { addClosureDays } from '../../src/modules/spaces/commands/closures.js';
import { handOverKey } from '../../src/modules/spaces/commands/key-handover.js';
import { recordSupport } from '../../src/modules/spaces/commands/record-support.js';
import { workingDayAhead } from '../../src/modules/spaces/testing.js';
import { referExternally } from '../../src/modules/support/commands/external-referrals.js';
import { referToPartner } from '../../src/modules/support/commands/referrals.js';
import { addDays, parisToday } from '../../src/modules/support/domain/local-date.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { issueActivationCode } from '../../src/platform/auth/activation.js';
import { recordRequest } from '../../src/platform/privacy/requests.js';
import type { Client } from '../app.js';
import { addMember, type TestApp } from './helpers.js';
import { DESK_STAFF } from './record-matrix-concierge.js';
import type { ScenarioKit } from './scenario-kit.js';

/**
 * Mass assignment (issue 9): the form routes the generated walk cannot reach, because no page it opens holds a record
 * in the state the form needs. Each scenario makes that record through the module's commands (`scenario-kit.ts`) and
 * names who opens which page; the test opens it, takes the form of the route as the page filled it in and sends it
 * with the hostile keys, under the same database watch as the walk. One fresh record per route.
 */
/** Who opens which page; `before` takes the steps a browser takes first (a code typed on the previous page). */
export type Opening = { user: string | null; org: string | null; page: string; before?: (browser: Client) => Promise<void> };
export type Scenario = (k: ScenarioKit, t: TestApp) => Promise<Opening>;

const staff = (k: ScenarioKit, page: string): Opening => ({ user: k.admin.userId, org: k.plurial, page });
const steward = (k: ScenarioKit, page: string): Opening => ({ user: k.steward, org: k.plurial, page });
const adviser = (k: ScenarioKit, page: string): Opening => ({ user: k.adviser.userId, org: k.logirem, page });
const board = (k: ScenarioKit, ahead?: number) => `/staff/spaces/${k.room.spaceId}${ahead === undefined ? '' : `?date=${workingDayAhead(ahead)}`}`;
const resident = (k: ScenarioKit, page: string): Opening => ({ user: k.resident, org: k.plurial, page });
/** A neighbourhood of Plurial Novilia with one of its residences attached and Logirem invited (`accepted`: joined). */
const neighbourhood = async (k: ScenarioKit, accepted = false): Promise<string> => {
  const made = await createNeighbourhood(k.db, k.admin, { name: `Quartier ${Math.random().toString(36).slice(2, 8)}`, city: 'Reims' });
  if (!made.ok) throw new Error(JSON.stringify(made));
  const residence = await freshResidence(k);
  const attached = await attachResidence(k.db, k.admin, made.id, residence);
  if (!attached.ok) throw new Error(JSON.stringify(attached));
  const invited = await inviteLandlord(k.db, k.admin, made.id, k.logirem);
  if (!invited.ok) throw new Error(JSON.stringify(invited));
  if (accepted) await acceptInvitation(k.db, await actorFor(k.db, LOGIREM.admin), made.id);
  return made.id;
};
/** A residence of Plurial Novilia in no neighbourhood yet (a residence belongs to one at most). */
const freshResidence = async (k: ScenarioKit): Promise<string> => (await k.owner.query("insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, 'Résidence du quartier', '2 rue de la Matrice', '51100', 'Reims') returning id::text", [k.plurial, `MASS-${Math.random().toString(36).slice(2, 10)}`])).rows[0].id;
/** The concierge desk's staff on the counter card of an active subscription of the desk. */
/** The desk's newest active subscription, paused from next month through the desk's command (the state a resume needs). */
const paused = async (k: ScenarioKit): Promise<string> => {
  const desk = await actorFor(k.db, DESK_STAFF);
  const sid = (await k.owner.query("select id::text from concierge_subscriptions where organisation_id = $1 and status = 'active' order by created_at desc, id limit 1", [desk.orgId])).rows[0]?.id as string;
  if (!sid) throw new Error('the desk has no active subscription');
  // An earlier scenario may have paused it already: that is the state wanted.
  await pauseSubscription(k.db, desk, sid).catch((e: Error) => {
    if (!/alreadyPaused/.test(e.message)) throw e;
  });
  return sid;
};
/** The concierge desk's staff on the counter card of a subscription of the desk (its newest active one by default). */
const counter = async (k: ScenarioKit, id?: string): Promise<Opening> => {
  const desk = await actorFor(k.db, DESK_STAFF);
  const sid = id ?? (await k.owner.query("select id::text from concierge_subscriptions where organisation_id = $1 and status = 'active' order by created_at desc, id limit 1", [desk.orgId])).rows[0]?.id;
  if (!sid) throw new Error('the desk has no active subscription');
  return { user: desk.userId, org: desk.orgId, page: `/concierge/desk/counter/${sid}` };
};
/** A resident added to the household of a subscription (the desk's oldest active one by default), on their concierge home page. */
const subscriber = async (k: ScenarioKit, id?: string): Promise<Opening> => {
  const desk = await actorFor(k.db, DESK_STAFF);
  const sub = (await k.owner.query("select s.household_id::text as h, h.organisation_id::text as org from concierge_subscriptions s join households h on h.id = s.household_id where s.organisation_id = $1 and ($2::uuid is null and s.status = 'active' or s.id = $2::uuid) order by s.created_at, s.id limit 1", [desk.orgId, id ?? null])).rows[0];
  if (!sub) throw new Error('the desk has no active subscription');
  return { user: await addMember(k.owner, sub.org, 'resident', 'Subscriber of the scenario', { household_id: sub.h }), org: sub.org, page: '/concierge' };
};
/** A household's issued statement with nothing paid yet, on the desk's statement page (`paid`: one euro paid at the desk). */
const statement = async (k: ScenarioKit, paid = false): Promise<Opening> => {
  const desk = await actorFor(k.db, DESK_STAFF);
  const st = (await k.owner.query("select st.id::text from concierge_statements st where st.organisation_id = $1 and st.kind = 'statement' and st.party = 'household' and st.gross_cents >= 300 and not exists (select 1 from concierge_statements c where c.corrects_id = st.id) and not exists (select 1 from concierge_payments p where p.statement_id = st.id) order by st.number limit 1", [desk.orgId])).rows[0]?.id as string;
  if (!st) throw new Error('the desk has no unpaid statement');
  if (paid) await recordStatementPayment(k.db, desk, st, { method: 'cash', amountCents: 100, paidOn: parisToday(), reference: '', idempotencyKey: randomUUID() });
  return { user: desk.userId, org: desk.orgId, page: `/concierge/desk/statements/${st}` };
};
const logiremAdmin = async (k: ScenarioKit, page: string): Promise<Opening> => ({ user: (await actorFor(k.db, LOGIREM.admin)).userId, org: k.logirem, page });
const handedKey = async (k: ScenarioKit) => handOverKey(k.db, k.admin, k.room.spaceId, await k.bookingNow(), 'Mme Matrice');
const referred = async (k: ScenarioKit) => {
  const id = await k.caseFor();
  const elia = await actorFor(k.db, LOGIREM.eliaReferent);
  const r = await referToPartner(k.db, k.adviser, id, { partnerId: elia.orgId as string, fields: ['household_size'], purpose: 'Matrice', consentUntil: addDays(parisToday(), 30), consent: 'on' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return id;
};
const referredOut = async (k: ScenarioKit) => {
  const id = await k.caseFor();
  const r = await referExternally(k.db, k.adviser, id, { association: 'Association Matrice', contact: '', fields: ['household_size'], purpose: 'Matrice', consentUntil: addDays(parisToday(), 30) });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return id;
};

export const SCENARIOS: Record<string, Scenario> = {
  // Spaces: the board of the day of a booking in the state the button needs.
  '/staff/spaces/:id/bookings/:bid/approve': async (k) => {
    await k.pendingBooking(62, 600, 660);
    return staff(k, board(k, 62));
  },
  '/staff/spaces/:id/bookings/:bid/refuse': async (k) => {
    await k.pendingBooking(66, 960, 1020);
    return staff(k, board(k, 66));
  },
  '/staff/spaces/:id/bookings/:bid/cancel': async (k) => {
    await k.counterBooking(60, '09:00');
    return staff(k, board(k, 60));
  },
  '/staff/spaces/:id/bookings/:bid/cancel-series': async (k) => {
    await k.counterBooking(61, '09:00', 2);
    return staff(k, board(k, 61));
  },
  '/staff/spaces/:id/bookings/:bid/checkin': async (k) => {
    await k.bookingNow();
    return staff(k, board(k));
  },
  '/staff/spaces/:id/keys/return/:kid': async (k) => {
    await handedKey(k);
    return staff(k, `/staff/spaces/${k.room.spaceId}/keys`);
  },
  '/staff/spaces/:id/settings/closures/:cid/remove': async (k) => {
    await addClosureDays(k.db, k.admin, k.room.spaceId, { resourceId: null, fromDate: workingDayAhead(90), toDate: workingDayAhead(90), reason: 'Matrice' });
    return staff(k, `/staff/spaces/${k.room.spaceId}/settings`);
  },
  '/staff/spaces/:id/resources/:rid': async (k) => staff(k, `/staff/spaces/${k.room.spaceId}/resources/${await k.freshResource()}`),
  '/staff/spaces/:id/resources/:rid/remove': async (k) => staff(k, `/staff/spaces/${k.room.spaceId}/resources/${await k.freshResource()}`),
  '/staff/spaces/:id/support/:sid/outcome': async (k) => {
    await recordSupport(k.db, k.admin, k.room.spaceId, { householdId: null, heldOn: parisToday(), minutes: 30, topic: 'cv', outcome: null });
    return staff(k, `/staff/spaces/${k.room.spaceId}/support`);
  },
  // Spaces: the resident's own bookings.
  '/spaces/bookings/:id/checkin': async (k) => resident(k, `/spaces/bookings/${await k.bookingNow()}/checkin`),
  '/spaces/bookings/:id/move': async (k) => resident(k, `/spaces/bookings/${(await k.counterBooking(74, '09:00'))[0]}/move`),
  '/spaces/bookings/:id/cancel-series': async (k) => {
    await k.counterBooking(75, '11:00', 2);
    return resident(k, '/spaces/bookings');
  },
  // Directory: a neighbourhood of Plurial Novilia (owner's page), Logirem invited or joined (the guest's page).
  '/admin/neighbourhoods/:id/invite': async (k) => {
    const made = await createNeighbourhood(k.db, k.admin, { name: `Quartier ${Math.random().toString(36).slice(2, 8)}`, city: 'Reims' });
    if (!made.ok) throw new Error(JSON.stringify(made));
    return staff(k, `/admin/neighbourhoods/${made.id}`);
  },
  '/admin/neighbourhoods/:id/residences': async (k) => {
    const made = await createNeighbourhood(k.db, k.admin, { name: `Quartier ${Math.random().toString(36).slice(2, 8)}`, city: 'Reims' });
    if (!made.ok) throw new Error(JSON.stringify(made));
    await freshResidence(k);
    return staff(k, `/admin/neighbourhoods/${made.id}`);
  },
  '/admin/neighbourhoods/:id/residences/:rid/detach': async (k) => staff(k, `/admin/neighbourhoods/${await neighbourhood(k)}`),
  '/admin/neighbourhoods/:id/accept': async (k) => logiremAdmin(k, `/admin/neighbourhoods/${await neighbourhood(k)}`),
  '/admin/neighbourhoods/:id/leave': async (k) => logiremAdmin(k, `/admin/neighbourhoods/${await neighbourhood(k, true)}`),
  // Concierge: the desk's counter card of a subscriber.
  '/concierge/desk/counter/:sid/requests': (k) => counter(k),
  '/concierge/desk/counter/:sid/parcels': (k) => counter(k),
  '/concierge/desk/counter/:sid/subscription/pause': (k) => counter(k),
  '/concierge/desk/counter/:sid/subscription/resume': async (k) => counter(k, await paused(k)),
  '/concierge/desk/counter/:sid/subscription/cancel': (k) => counter(k),
  // Concierge: a statement of the desk, unpaid (a payment to record) or with a payment (to reverse).
  '/concierge/desk/statements/:id/payments': (k) => statement(k),
  '/concierge/desk/payments/:id/reverse': (k) => statement(k, true),
  // Concierge: the subscriber's own panel (pause, then resume the paused one, then cancel another).
  '/concierge/subscription/pause': (k) => subscriber(k),
  '/concierge/subscription/resume': async (k) => subscriber(k, await paused(k)),
  '/concierge/subscription/cancel': (k) => subscriber(k),
  // Community: the report page of a past event of the organisation.
  '/community/manage/events/:id/report': async (k) => {
    const event = (await k.owner.query('select id::text from community_events where organisation_id = $1 and residence_id is null and cancelled_at is null and starts_at < now() order by starts_at desc, id limit 1', [k.plurial])).rows[0].id;
    return staff(k, `/community/manage/events/${event}/report`);
  },
  // Account: a resident added by the administrator types the code of the activation letter, then sets a password.
  '/activate/password': async (k) => {
    const user = await addMember(k.owner, k.plurial, 'resident', 'Activated by the scenario', { household_id: k.room.households[1] });
    const issued = await issueActivationCode(k.db, k.admin, user);
    if (!issued.ok) throw new Error(JSON.stringify(issued));
    return { user: null, org: null, page: '/activate/password', before: async (b) => void (await (await b.post('/activate', { code: issued.code })).body?.cancel()) };
  },
  // Platform: a live API token of the organisation; a data request received by the organisation.
  '/admin/api-tokens/:id/revoke': async (k) => {
    await k.token(k.admin.userId, k.plurial, ['spaces.board']);
    return staff(k, '/admin/api-tokens');
  },
  '/admin/privacy/requests/:id': async (k) => {
    const id = await recordRequest(k.db, k.admin, { subjectName: 'Mme Matrice', subjectEmail: '', kind: 'access', receivedOn: parisToday(), details: 'Demande de la matrice' });
    return staff(k, `/admin/privacy/requests/${id}`);
  },
  // Spaces: the steward's room page (requests to decide, keys of the day).
  '/spaces/stewarding/:id/bookings/:bid/approve': async (k) => {
    await k.pendingBooking(64, 600, 660);
    return steward(k, `/spaces/stewarding/${k.room.spaceId}`);
  },
  '/spaces/stewarding/:id/bookings/:bid/refuse': async (k) => {
    await k.pendingBooking(65, 600, 660);
    return steward(k, `/spaces/stewarding/${k.room.spaceId}`);
  },
  '/spaces/stewarding/:id/keys/hand/:bid': async (k) => {
    await k.bookingNow();
    return steward(k, `/spaces/stewarding/${k.room.spaceId}`);
  },
  '/spaces/stewarding/:id/keys/return/:kid': async (k) => {
    await handedKey(k);
    return steward(k, `/spaces/stewarding/${k.room.spaceId}`);
  },
  // Support: a case of Logirem's adviser in the state the section needs.
  // The forms of an open case: the walk reaches them only on runs where its candidate case is in the state. The stage
  // is asked on a sliding lease (its programme has stages), the legal hold as the programme's manager.
  '/support/cases/:id/stage': async (k) => adviser(k, `/support/cases/${await k.caseFor(undefined, 'sliding_lease')}`),
  '/support/cases/:id/notes': async (k) => adviser(k, `/support/cases/${await k.caseFor()}`),
  '/support/cases/:id/steps/:stepId': async (k) => adviser(k, `/support/cases/${await k.caseFor()}`),
  '/support/cases/:id/hold': async (k) => ({ user: k.manager.userId, org: k.logirem, page: `/support/cases/${await k.caseFor()}` }),
  '/support/cases/:id/referrals': async (k) => adviser(k, `/support/cases/${await k.caseFor()}`),
  '/support/cases/:id/external-referrals': async (k) => adviser(k, `/support/cases/${await k.caseFor()}`),
  '/support/cases/:id/close': async (k) => adviser(k, `/support/cases/${await k.caseFor()}`),
  '/support/cases/:id/nominate': async (k) => adviser(k, `/support/cases/${await k.caseFor()}`),
  '/support/cases/:id/eligibility': async (k) => {
    // The programme's questions are its settings (none in the demo seed), set as `eligibility.test.ts` sets them.
    await k.owner.query("update support_programmes set eligibility = $1 where organisation_id = $2 and kind = 'onboarding'", [JSON.stringify(['Le foyer est-il locataire depuis plus de 6 mois ?', 'Le foyer a-t-il un impayé de loyer ?']), k.logirem]);
    return adviser(k, `/support/cases/${await k.caseFor(undefined, 'onboarding')}`);
  },
  '/support/cases/:id/solidarity-actions': async (k) => adviser(k, `/support/cases/${await k.caseFor(undefined, 'flat_share')}`),
  '/support/cases/:id/address/readers': async (k) => adviser(k, `/support/cases/${await k.caseFor(undefined, 'rent_aid', true)}`),
  '/support/cases/:id/lease': async (k) => adviser(k, `/support/cases/${await k.caseFor(undefined, 'sliding_lease')}`),
  '/support/cases/:id/instalments/:instalmentId/paid': async (k) => adviser(k, `/support/cases/${(await k.grantedAid()).caseId}`),
  '/support/cases/:id/decisions/:decisionId/end': async (k) => adviser(k, `/support/cases/${(await k.grantedAid()).caseId}`),
  '/support/cases/:id/referrals/:referralId/revoke': async (k) => adviser(k, `/support/cases/${await referred(k)}`),
  '/support/cases/:id/external-referrals/:referralId/answer': async (k) => adviser(k, `/support/cases/${await referredOut(k)}`),
  '/support/cases/:id/external-referrals/:referralId/withdraw': async (k) => adviser(k, `/support/cases/${await referredOut(k)}`),
  // Support: the team page of Logirem's rent-aid programme, as its manager.
  '/support/programmes/:id/team': async (k) => ({ user: k.manager.userId, org: k.logirem, page: `/support/programmes/${k.programmeId}/team` }),
  // Support: the commission's session (a member decides a dossier; the manager signs).
  '/support/sessions/:id/dossiers/:dossierId': async (k) => {
    const d = await k.onAgenda();
    return { user: k.members[0].userId, org: k.logirem, page: `/support/sessions/${d.sessionId}/dossiers/${d.dossierId}` };
  },
  '/support/sessions/:id/sign': async (k) => ({ user: k.manager.userId, org: k.logirem, page: `/support/sessions/${(await k.grantedAid()).sessionId}` }),
};
