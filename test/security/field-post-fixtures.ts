import { addDays, parisToday } from '../../src/modules/support/domain/local-date.js';
import { referExternally } from '../../src/modules/support/commands/external-referrals.js';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { referToPartner } from '../../src/modules/support/commands/referrals.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { createSeries } from '../../src/modules/spaces/commands/create-series.js';
import { handOverKey } from '../../src/modules/spaces/commands/key-handover.js';
import { nameSteward } from '../../src/modules/spaces/commands/stewards.js';
import { addClosureDays } from '../../src/modules/spaces/commands/closures.js';
import { rawBooking } from '../../src/modules/spaces/testing-garden.js';
import { demoSpace, relaxRules, workingDayAhead } from '../../src/modules/spaces/testing.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { demo } from '../app.js';
import { addMember, browserFor } from './helpers.js';
import type { Person } from './field-shapes.js';
import type { TestApp } from './helpers.js';
import { conciergeMaker } from './record-matrix-concierge.js';

/**
 * What `field-allowlist-post.test.ts` sends where the sampled body (`api-sample.ts`) and the newest records of the
 * sender's organisation do not make an endpoint succeed: who sends (the concierge desk is an association of its own:
 * its demo staff), body fields a rule needs, and records made for the send through the modules' commands or APIs.
 */
/**
 * One send. `body` left out: the sampled body with the endpoint's patch and `patch`; `multipart`: an upload sent instead
 * of JSON; `all`: every send of the list is made and checked (by default they are tried until one answers 200/201).
 */
export type PostSend = { person: Person; url: string; body?: unknown; patch?: Record<string, unknown>; multipart?: FormData; all?: boolean };
export type Post = (person: Person, url: string, body: unknown) => Promise<{ status: number; text: string }>;

/** The person who sends, by path prefix (the first that matches), when not the default. */
export const SENDERS: [RegExp, string][] = [
  [/^\/api\/v1\/concierge\/desk\//, 'demo partner_staff'],
  [/^\/api\/v1\/concierge\/provider\//, 'provider serving a request'],
];

/** Body fields set over the sampled body, by endpoint: values a rule across fields or a list of codes needs. */
export function bodyPatches(): Record<string, Record<string, unknown>> {
  const ahead = (days: number) => addDays(parisToday(), days);
  const lastMonth = (() => {
    const [y, m] = parisToday().split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  })();
  const tag = Math.random().toString(36).slice(2, 8);
  return {
    '/api/v1/community/processes/:id/proposals': { place: 'Square des Tilleuls', creditedTo: 'Réunion de quartier' },
    '/api/v1/community/events/:id/guests': { contact: 'invite@example.org', name: 'Invitée Test' },
    '/api/v1/support/settings/retention': { retentionMonths: 24, retentionFrom: 'last_contact', retentionAction: 'anonymise' },
    '/api/v1/support/partner/contact': { contactEmail: 'accueil@association.example.org' },
    '/api/v1/spaces/:id/series': { weeks: 2, date: workingDayAhead(30), start: '15:00', minutes: 60 },
    '/api/v1/concierge/desk/visits': { topic: 'information', subscriptionId: undefined },
    '/api/v1/support/programmes': { name: `Programme créé ${tag}` },
    '/api/v1/support/programmes/:id': { name: `Programme renommé ${tag}` },
    '/api/v1/support/sessions/:id/date': { heldOn: workingDayAhead(30), cutoffOn: workingDayAhead(20) },
    '/api/v1/concierge/desk/subscriptions/:id/cancel': { endsOn: (() => { const [y, m] = parisToday().split('-').map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); })() },
    '/api/v1/concierge/desk/closures/remove': { date: ahead(50) },
    '/api/v1/concierge/desk/subscriptions/:id/parcels': { kind: 'parcel', size: 'small', carrier: 'La Poste', shelf: 'A1' },
    '/api/v1/concierge/desk/statements/run': { period: lastMonth },
    '/api/v1/concierge/desk/settings': { parcelReturnDays: 15, returnNoticeDays: 3, parcelReminderDays: 5 },
    '/api/v1/concierge/desk/services': { code: `postallow-${tag}`, nameFr: 'Service de test', nameEn: 'Test service', descriptionFr: 'Un service pour le test.', descriptionEn: 'A service for the test.', unit: 'item', unitCostCents: 1000, vatRateBp: 2000, leadTimeHours: 24, targetHours: 48, weekdays: [1, 2, 3, 4, 5], audience: 'subscribers', planIds: [], residenceIds: [] },
    '/api/v1/concierge/desk/services/:id': { code: `svc-${tag}`, audience: 'subscribers', planIds: [], residenceIds: [], nameFr: 'Service renommé', nameEn: 'Renamed service', descriptionFr: 'Un service pour le test.', descriptionEn: 'A service for the test.', unit: 'item', unitCostCents: 1000, vatRateBp: 2000, leadTimeHours: 24, targetHours: 48, weekdays: [1, 2, 3, 4, 5] },
    '/api/v1/concierge/desk/services/:id/rules': { audience: 'subscribers', planIds: [], residenceIds: [], weekdays: [1, 2, 3, 4, 5], leadTimeHours: 24, unitCostCents: 1000 },
    '/api/v1/concierge/desk/providers': { name: `Prestataire ${tag}`, contact: 'contact@prestataire.example.org', labels: [], distanceM: 500, serviceArea: 'Reims' },
    '/api/v1/concierge/desk/providers/:id': { name: `Prestataire renommé ${tag}`, contact: 'contact@prestataire.example.org', labels: [], distanceM: 500, serviceArea: 'Reims' },
    '/api/v1/concierge/desk/providers/:id/documents': { kind: 'insurance', label: 'RC Pro', expiresOn: ahead(200) },
    '/api/v1/concierge/desk/plans': { code: `plan-${tag}`, nameFr: 'Formule de test', nameEn: 'Test plan', monthlyFeeCents: 2000, tenantShareCents: 1000, active: true },
    '/api/v1/concierge/desk/plans/:id': { code: `plan2-${tag}`, nameFr: 'Formule renommée', nameEn: 'Renamed plan' },
    '/api/v1/concierge/desk/office-hours': { hours: [{ weekday: 1, startsAt: '09:00', endsAt: '12:00', place: 'Loge' }] },
    '/api/v1/concierge/desk/closures': { from: ahead(50), to: ahead(50), reason: 'Fermeture de test' },
    '/api/v1/concierge/desk/subscriptions/:id/payments': { method: 'cash', amountCents: 100, paidOn: parisToday(), reference: '' },
    '/api/v1/concierge/desk/statements/:id/payments': { method: 'cash', amountCents: 100, paidOn: parisToday(), reference: '' },
    '/api/v1/concierge/desk/providers/:id/payouts': { method: 'transfer', amountCents: 100, paidOn: parisToday(), reference: 'VIR-TEST' },
    '/api/v1/concierge/desk/statements/:id/credit-notes': { reason: 'Erreur de facturation' },
    '/api/v1/concierge/desk/requests/:id/cancel': { reason: 'Annulée pour le test' },
    '/api/v1/concierge/requests/:id/cancel': { reason: 'Plus besoin' },
  };
}

/** Records made for an endpoint's send, when none of the sender's newest records would do. */
export async function postFixtures(t: TestApp, people: Person[], post: Post): Promise<Record<string, () => Promise<PostSend[]>>> {
  const q = async (text: string, args: unknown[] = []) => (await t.database.owner.query(text, args)).rows;
  const who = (name: string) => {
    const p = people.find((x) => x.name === name);
    if (!p) throw new Error(`no person ${name}`);
    return p;
  };
  const desk = who('demo partner_staff');
  const concierge = await conciergeMaker(t);
  const deskOrg = concierge.desk.orgId as string;
  const created = async (person: Person, url: string, body: unknown): Promise<string> => {
    const res = await post(person, url, body);
    if (res.status >= 300) throw new Error(`${url} → ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text).id as string;
  };
  /** The desk's `n`-th running subscription (by household name): each endpoint that changes one takes its own. */
  const subscription = async (n = 0) => (await q("select id::text from concierge_subscriptions where organisation_id = $1 and starts_on <= current_date and (ends_on is null or ends_on >= current_date) order by household_name, id offset $2 limit 1", [deskOrg, n]))[0].id as string;
  const onSubscription = (n: number, tail: string, body?: unknown) => async () => [{ person: desk, url: `/api/v1/concierge/desk/subscriptions/${await subscription(n)}/${tail}`, body }];
  const provider = who('provider serving a request');
  const served = (event: string, before: ('dispatch' | 'accept')[], body: unknown) => async () => [{ person: provider, url: `/api/v1/concierge/provider/requests/${await concierge.request(before, concierge.providerIds[0])}/${event}`, body }];
  const parcel = async () => created(desk, `/api/v1/concierge/desk/subscriptions/${await subscription()}/parcels`, { kind: 'parcel', size: 'small', carrier: 'La Poste', shelf: 'B2' });
  // Support: a case opened for the send by Logirem's first adviser, who follows it (need-to-know).
  const db = t.database.db;
  const adviser = await actorFor(db, LOGIREM.adviserA);
  const adviserP = who(LOGIREM.adviserA);
  const { programmeId, householdId } = await withTenant(db, { orgId: adviser.orgId as string }, async (tx) => ({
    programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
    householdId: (await tx.selectFrom('households').select('id').orderBy('reference', 'desc').executeTakeFirstOrThrow()).id as string,
  }));
  const freshCase = async () => {
    const r = await openCase(db, adviser, { programmeId, householdId, situation: 'Allowlist POST canary situation', confidentialAddress: false });
    if (!r.ok) throw new Error(`open case: ${JSON.stringify(r)}`);
    return r.caseId;
  };
  const onCase = (tail: string, body?: unknown, patch?: Record<string, unknown>) => async () => [{ person: adviserP, url: `/api/v1/support/cases/${await freshCase()}/${tail}`, body, patch }];
  const elia = (await actorFor(db, LOGIREM.eliaReferent)).orgId as string;
  const consentUntil = addDays(parisToday(), 30);
  const external = async () => {
    const id = await freshCase();
    const r = await referExternally(db, adviser, id, { association: 'Association Test', contact: '', fields: ['household_size'], purpose: 'Test', consentUntil });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return `/api/v1/support/cases/${id}/external-referrals/${r.referralId}`;
  };
  // Spaces: the demo's common room with its rules opened wide, a resident added to a household it serves.
  const room = await demoSpace(t.database, 'Salle commune Arc-en-Ciel');
  await relaxRules(t.database, room.spaceId);
  const residentUser = await addMember(t.database.owner, room.orgId, 'resident', 'Allowlist POST resident', { household_id: room.households[0] });
  const resident: Person = { name: 'resident served by the common room', role: 'resident', org: room.orgId, user: residentUser, browser: await browserFor(t, residentUser, room.orgId) };
  const admin = await actorFor(db, demo('org_admin'));
  const adminP = who('demo org_admin');
  let slot = 0;
  /** A free slot of the room: a working day far enough ahead, and an hour no other send took. */
  const nextSlot = () => {
    slot++;
    return { date: workingDayAhead(100 + Math.floor(slot / 6) * 2), start: `${String(9 + (slot % 6)).padStart(2, '0')}:00` };
  };
  const book = async () => created(resident, `/api/v1/spaces/${room.spaceId}/bookings`, { resourceId: room.resourceId, ...nextSlot(), minutes: 60, purpose: 'leisure', acceptRules: true });
  const counterSeries = async (weeks: number) => {
    const made = await createSeries(db, admin, room.spaceId, { resourceId: room.resourceId, ...nextSlot(), minutes: 60, purpose: 'leisure', householdId: room.households[0], weeks, onConflict: 'skip' }, 'counter');
    if (made.kind !== 'booked') throw new Error(`series: ${JSON.stringify(made)}`);
    return made.bookings.map((b) => b.id);
  };
  const pending = async () => {
    const { date, start } = nextSlot();
    const from = Number(start.slice(0, 2)) * 60;
    return rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[0], date, from, to: from + 60, status: 'pending' });
  };
  const freshResource = async () => (await q("insert into space_resources (organisation_id, space_id, kind, name) values ($1, $2, 'room', $3) returning id::text", [room.orgId, room.spaceId, `Salle ${Math.random().toString(36).slice(2, 8)}`]))[0].id as string;
  const adviserB = (await actorFor(db, LOGIREM.adviserB)).userId;
  // A sensitive programme (a named team is only for those; a highly sensitive one refuses tokens), made by its manager.
  const manager = who(LOGIREM.manager);
  const sensitiveProgramme = async () =>
    created(manager, '/api/v1/support/programmes', { name: `Programme sensible ${Math.random().toString(36).slice(2, 8)}`, kind: 'generic', sensitivity: 'sensitive', partnerIds: [], residenceKinds: [], residenceIds: [], eligibility: [], steps: [], retentionMonths: null, retentionFrom: 'last_contact', retentionAction: 'anonymise', legalBasis: 'Mission d’intérêt public', notice: 'Notice du programme' });
  return {
    '/api/v1/concierge/provider/requests/:id/accept': served('accept', ['dispatch'], {}),
    '/api/v1/concierge/provider/requests/:id/decline': served('decline', ['dispatch'], { reason: 'Pas disponible' }),
    '/api/v1/concierge/provider/requests/:id/complete': served('complete', ['dispatch', 'accept'], {}),
    '/api/v1/concierge/desk/subscriptions/:id/parcels': onSubscription(0, 'parcels'),
    '/api/v1/concierge/desk/subscriptions/:id/payments': onSubscription(0, 'payments'),
    '/api/v1/concierge/desk/subscriptions/:id/pause': onSubscription(1, 'pause', {}),
    '/api/v1/concierge/desk/subscriptions/:id/resume': onSubscription(1, 'resume', {}),
    '/api/v1/concierge/desk/subscriptions/:id/cancel': onSubscription(2, 'cancel'),
    '/api/v1/concierge/desk/plans/:id': async () => [{ person: desk, url: `/api/v1/concierge/desk/plans/${(await q('select id::text from concierge_plans where organisation_id = $1 order by code limit 1', [deskOrg]))[0].id}` }],
    // A resident's proposal (staff entering one must credit a meeting or person, which the API body cannot say).
    '/api/v1/community/processes/:id/proposals': async () => {
      const residentDemo = who('demo resident');
      const org = (await q('select organisation_id from memberships where user_id = $1 order by created_at limit 1', [residentDemo.user]))[0].organisation_id;
      const processes = await q('select id::text from community_processes where organisation_id = $1 order by created_at desc, id limit 6', [org]);
      return processes.map((p) => ({ person: residentDemo, url: `/api/v1/community/processes/${p.id}/proposals` }));
    },
    // A transfer to another programme of the landlord whose scope covers the household: each tried in turn, a fresh case each time.
    '/api/v1/support/cases/:id/transfer': async () => {
      const targets = await q("select id::text from support_programmes where organisation_id = $1 and id <> $2 and sensitivity <> 'highly_sensitive' order by name, id", [adviser.orgId, programmeId]);
      const sends: PostSend[] = [];
      for (const p of targets) sends.push({ person: adviserP, url: `/api/v1/support/cases/${await freshCase()}/transfer`, body: { programmeId: p.id, reason: 'Relève désormais d’un autre programme.' } });
      return sends;
    },
    '/api/v1/support/programmes/:id/team': async () => [{ person: manager, url: `/api/v1/support/programmes/${await sensitiveProgramme()}/team`, body: { userId: adviserB } }],
    '/api/v1/support/programmes/:id/team/remove': async () => {
      const id = await sensitiveProgramme();
      const added = await post(manager, `/api/v1/support/programmes/${id}/team`, { userId: adviserB });
      if (added.status !== 200) throw new Error(`team → ${added.status} ${added.text.slice(0, 200)}`);
      return [{ person: manager, url: `/api/v1/support/programmes/${id}/team/remove`, body: { userId: adviserB } }];
    },
    '/api/v1/spaces/waitlist/:id/leave': async () => {
      const { date, start } = nextSlot();
      const from = Number(start.slice(0, 2)) * 60;
      await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[1], date, from, to: from + 60, status: 'confirmed' });
      const place = await created(resident, `/api/v1/spaces/${room.spaceId}/waitlist`, { resourceId: room.resourceId, date, start, minutes: 60, purpose: 'leisure', acceptRules: true });
      return [{ person: resident, url: `/api/v1/spaces/waitlist/${place}/leave`, body: {} }];
    },
    '/api/v1/community/registrations/:id/cancel': async () => {
      // One the household is not registered to: the demo seed registers households to activities near its day.
      const event = (
        await q(
          "select e.id::text from community_events e where e.organisation_id = $1 and e.cancelled_at is null and e.starts_at > now() + interval '2 days' and e.registration = 'open' and not exists (select 1 from community_registrations r where r.event_id = e.id and r.household_id = $2 and r.status <> 'cancelled') order by e.starts_at, e.id limit 1",
          [room.orgId, room.households[0]],
        )
      )[0]?.id;
      const registration = await created(resident, `/api/v1/community/events/${event}/registrations`, { adults: 1, children: 0 });
      return [{ person: resident, url: `/api/v1/community/registrations/${registration}/cancel`, body: {} }];
    },
    '/api/v1/support/cases/:id/steps/:stepId/complete': async () => {
      const id = await freshCase();
      const step = (await q('select id::text from support_case_steps where case_id = $1 and done_at is null order by due_on, key limit 1', [id]))[0]?.id;
      return [{ person: adviserP, url: `/api/v1/support/cases/${id}/steps/${step}/complete`, body: {} }];
    },
    '/api/v1/support/cases/:id/eligibility': onCase('eligibility', { answers: [] }),
    '/api/v1/support/cases/:id/referrals': onCase('referrals', { partnerId: elia, fields: ['household_size'], purpose: 'Test', consentUntil, consent: true }),
    '/api/v1/support/cases/:id/person': onCase('person', { personUserId: null }),
    '/api/v1/support/cases/:id/nominate': onCase('nominate', { hardship: 'job_loss', resourcesCents: 80000, facts: 'Perte d’emploi en octobre.', eligibility: [] }),
    '/api/v1/support/cases/:id/documents': onCase('documents', { fileName: 'attestation.pdf', contentBase64: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64') }),
    '/api/v1/support/cases/:id/solidarity-actions': onCase('solidarity-actions', { title: 'Atelier budget', heldOn: addDays(parisToday(), -1), residents: 3 }),
    '/api/v1/support/cases/:id/external-referrals/:referralId/answer': async () => [{ person: adviserP, url: `${await external()}/answer`, body: { status: 'accepted', answer: 'Reçu' } }],
    '/api/v1/support/cases/:id/external-referrals/:referralId/withdraw': async () => [{ person: adviserP, url: `${await external()}/withdraw`, body: { reason: 'La personne a retiré son accord.' } }],
    '/api/v1/support/cases/:id/referrals/:referralId/revoke': async () => {
      const id = await freshCase();
      const r = await referToPartner(db, adviser, id, { partnerId: elia, fields: ['household_size'], purpose: 'Test', consentUntil, consent: 'on' });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return [{ person: adviserP, url: `/api/v1/support/cases/${id}/referrals/${r.referralId}/revoke`, body: {} }];
    },
    '/api/v1/spaces/:id/bookings': async () => [{ person: resident, url: `/api/v1/spaces/${room.spaceId}/bookings`, body: { resourceId: room.resourceId, ...nextSlot(), minutes: 60, purpose: 'leisure', acceptRules: true } }],
    '/api/v1/spaces/:id/series': async () => [{ person: resident, url: `/api/v1/spaces/${room.spaceId}/series`, body: { resourceId: room.resourceId, ...nextSlot(), minutes: 60, purpose: 'leisure', acceptRules: true, weeks: 2, onConflict: 'skip' } }],
    '/api/v1/spaces/bookings/:id/cancel': async () => [{ person: resident, url: `/api/v1/spaces/bookings/${await book()}/cancel`, body: {} }],
    '/api/v1/spaces/bookings/:id/cancel-series': async () => {
      const [first] = await counterSeries(2);
      return [{ person: resident, url: `/api/v1/spaces/bookings/${first}/cancel-series`, body: {} }];
    },
    '/api/v1/spaces/bookings/:id/move': async () => [{ person: resident, url: `/api/v1/spaces/bookings/${await book()}/move`, body: { ...nextSlot(), acceptRules: true } }],
    '/api/v1/spaces/:id/waitlist': async () => {
      const { date, start } = nextSlot();
      const from = Number(start.slice(0, 2)) * 60;
      await rawBooking(t.database, { spaceId: room.spaceId, resourceId: room.resourceId, householdId: room.households[1], date, from, to: from + 60, status: 'confirmed' });
      return [{ person: resident, url: `/api/v1/spaces/${room.spaceId}/waitlist`, body: { resourceId: room.resourceId, date, start, minutes: 60, purpose: 'leisure', acceptRules: true } }];
    },
    '/api/v1/spaces/:id/counter-bookings': async () => [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/counter-bookings`, body: { resourceId: room.resourceId, ...nextSlot(), minutes: 60, purpose: 'leisure', acceptRules: true, householdId: room.households[2] ?? room.households[0] } }],
    '/api/v1/spaces/:id/bookings/:bookingId/move': async () => {
      const [booking] = await counterSeries(1);
      return [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/bookings/${booking}/move`, body: { ...nextSlot() } }];
    },
    '/api/v1/spaces/:id/keys': async () => {
      const [booking] = await counterSeries(1);
      return [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/keys`, body: { bookingId: booking, handedTo: 'Mme Test' } }];
    },
    '/api/v1/spaces/:id/keys/:keyId/return': async () => {
      const [booking] = await counterSeries(1);
      const key = await handOverKey(db, admin, room.spaceId, booking, 'Mme Test');
      return [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/keys/${key}/return`, body: {} }];
    },
    '/api/v1/spaces/:id/closures/:closureId/remove': async () => {
      const { closureId } = await addClosureDays(db, admin, room.spaceId, { resourceId: null, fromDate: workingDayAhead(150), toDate: workingDayAhead(150), reason: 'Test' });
      return [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/closures/${closureId}/remove`, body: {} }];
    },
    '/api/v1/spaces/:id/resources/:resourceId/retire': async () => [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/resources/${await freshResource()}/retire`, body: {} }],
    '/api/v1/spaces/:id/bookings/:bookingId/check-in': async () => {
      const now = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date()).split(':').map(Number);
      const from = Math.max(0, now[0] * 60 + now[1] - 10);
      const booking = await rawBooking(t.database, { spaceId: room.spaceId, resourceId: await freshResource(), householdId: room.households[0], date: parisToday(), from, to: Math.min(1439, from + 60), status: 'confirmed' });
      return [{ person: adminP, url: `/api/v1/spaces/${room.spaceId}/bookings/${booking}/check-in`, body: {} }];
    },
    '/api/v1/spaces/stewarding/:id/bookings/:bookingId/decision': async () => {
      const steward = await addMember(t.database.owner, room.orgId, 'resident', 'Allowlist POST steward', { household_id: room.households[1] });
      await nameSteward(db, admin, room.spaceId, steward);
      const person: Person = { name: 'steward of the common room', role: 'resident', org: room.orgId, user: steward, browser: await browserFor(t, steward, room.orgId) };
      return [{ person, url: `/api/v1/spaces/stewarding/${room.spaceId}/bookings/${await pending()}/decision`, body: { decision: 'approve' } }];
    },
    '/api/v1/concierge/desk/requests/:id/dispatch': async () => [{ person: desk, url: `/api/v1/concierge/desk/requests/${await concierge.request()}/dispatch`, body: { providerId: concierge.providerIds[0] } }],
    '/api/v1/concierge/desk/requests/:id/cancel': async () => [{ person: desk, url: `/api/v1/concierge/desk/requests/${await concierge.request()}/cancel`, body: { reason: 'Annulée pour le test' } }],
    '/api/v1/concierge/desk/parcels/:id/hand-over': async () => [{ person: desk, url: `/api/v1/concierge/desk/parcels/${await parcel()}/hand-over`, body: { method: 'identity', handedTo: 'Mme Test' } }],
    '/api/v1/concierge/desk/parcels/:id/return': async () => [{ person: desk, url: `/api/v1/concierge/desk/parcels/${await parcel()}/return`, body: {} }],
    '/api/v1/concierge/desk/subscriptions/:id/requests': async () => {
      const item = (await q("select id::text from concierge_catalogue where organisation_id = $1 and active and audience = 'subscribers' order by code limit 1", [deskOrg]))[0].id;
      return [{ person: desk, url: `/api/v1/concierge/desk/subscriptions/${await subscription()}/requests`, body: { serviceId: item, quantity: 1, wantedOn: addDays(parisToday(), 7), notes: '' } }];
    },
  };
}
