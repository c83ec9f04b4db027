import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { communityReports } from '../community/index.js';
import { openCase } from './commands/open-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let adviser: Actor;
let orgId: string;
let flatShare: string;
let onboarding: string;
let token: string;

const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await testApp();
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  const ids = await withTenant(t.database.db, { orgId }, async (tx) => ({
    flat: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'flat_share').executeTakeFirstOrThrow()).id as string,
    onboarding: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'onboarding').executeTakeFirstOrThrow()).id as string,
    household: (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string,
  }));
  const a = await openCase(t.database.db, adviser, { programmeId: ids.flat, householdId: ids.household, situation: 'Colocation KAPS', confidentialAddress: false });
  const b = await openCase(t.database.db, adviser, { programmeId: ids.onboarding, householdId: ids.household, situation: '', confidentialAddress: false });
  if (!a.ok || !b.ok) throw new Error('open');
  flatShare = a.caseId;
  // A held activity of Logirem with its report written (the demo has none for Logirem), as the community pages would record it.
  const ev = await t.database.owner.query(
    `insert into community_events (organisation_id, title, category, starts_at, ends_at, address) values ($1, 'Goûter des voisins', 'tasting', now() - interval '10 days', now() - interval '10 days' + interval '2 hours', 'Local associatif, Air Bel') returning id`,
    [orgId],
  );
  await t.database.owner.query(`insert into community_event_reports (event_id, organisation_id, body, walk_ins) values ($1, $2, 'Trente voisins présents.', 4)`, [ev.rows[0].id, orgId]);
  onboarding = b.caseId;
  token = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Suivi colocations', token_hash: hashSecret(token), scopes: sql`${['support.cases.read', 'support.cases.write']}::text[]`, created_by: adviser.userId }).execute(),
  );
});

describe('solidarity flat-share actions linked to community events', () => {
  it('logs an action linked to a held, reported community event (found through the community module’s public reports), lists it; an unknown event is 422; another programme 409', async () => {
    const held = await withTenant(t.database.db, { orgId }, (tx) => communityReports(tx, new Date(Date.now() - 366 * 24 * 3600 * 1000), new Date()));
    expect(held.length).toBeGreaterThan(0);
    const event = held[0];
    const made = await post(`/api/v1/support/cases/${flatShare}/solidarity-actions`, { title: 'Aide aux devoirs au local', heldOn: '2026-11-18', residents: 12, communityEventId: event.eventId });
    expect(made.status).toBe(201);
    expect((await post(`/api/v1/support/cases/${flatShare}/solidarity-actions`, { title: 'Fête', heldOn: '2026-11-20', communityEventId: crypto.randomUUID() })).status).toBe(422);
    expect((await post(`/api/v1/support/cases/${flatShare}/solidarity-actions`, { title: 'Repas partagé', heldOn: '2026-11-25', residents: 8 })).status).toBe(201);
    expect((await post(`/api/v1/support/cases/${onboarding}/solidarity-actions`, { title: 'Hors sujet', heldOn: '2026-11-25' })).status).toBe(409);
    const list = await (await t.app.request(`/api/v1/support/cases/${flatShare}/solidarity-actions`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(list.data.map((x: { title: string; communityEvent: unknown }) => [x.title, x.communityEvent])).toEqual([
      ['Repas partagé', null],
      ['Aide aux devoirs au local', { id: event.eventId, title: event.title }],
    ]);
    // Adviser B does not follow the flat-share: nothing is visible, as for the case.
    const b = await actorFor(t.database.db, LOGIREM.adviserB);
    const seen = await withTenant(t.database.db, { orgId, userId: b.userId }, (tx) => tx.selectFrom('support_solidarity_actions').select('id').where('case_id', '=', flatShare).execute());
    expect(seen).toEqual([]);
    const trail = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select('action').where('target_id', '=', flatShare).where('action', '=', 'support.solidarity.log').execute());
    expect(trail).toHaveLength(2);
  });

  it('the case page lists the actions and logs one without JavaScript: field errors in French with the values kept, a future date refused, then saved and linked to the activity', async () => {
    const b = t.client();
    await b.signIn(LOGIREM.adviserA);
    const page = await (await b.get(`/support/cases/${flatShare}`)).text();
    expect(page).toContain('Actions de solidarité avec les habitants');
    expect(page).toContain('Aide aux devoirs au local');
    expect(page).toContain('Goûter des voisins');
    const held = await withTenant(t.database.db, { orgId }, (tx) => communityReports(tx, new Date(Date.now() - 366 * 24 * 3600 * 1000), new Date()));
    const eventId = held[0].eventId;
    const url = `/support/cases/${flatShare}/solidarity-actions`;
    const empty = await b.post(url, { actionTitle: '', actionOn: 'hier', actionResidents: '5', actionEvent: eventId });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain('id="f-actionTitle-error"');
    expect(html).toContain('Indiquez une date, par exemple 18/11/2026.');
    expect(html).toMatch(new RegExp(`<option value="${eventId}" selected`));
    expect(html).toContain('value="5"');
    const future = await b.post(url, { actionTitle: 'Tournoi de pétanque', actionOn: '2099-06-01', actionResidents: '5', actionEvent: '' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('Une action s’enregistre une fois menée');
    const foreign = await b.post(url, { actionTitle: 'Tournoi de pétanque', actionOn: '2026-11-28', actionResidents: '5', actionEvent: crypto.randomUUID() });
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('id="f-actionEvent-error"');
    const saved = await b.post(url, { actionTitle: 'Tournoi de pétanque', actionOn: '2026-11-28', actionResidents: '22', actionEvent: eventId });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/support/cases/${flatShare}`);
    const after = await (await b.get(`/support/cases/${flatShare}`)).text();
    expect(after).toContain('Tournoi de pétanque');
    expect(after).toContain(`lors de « ${held[0].title} »`);
    // Another programme's case has no such section, and the form posted there is refused.
    expect(await (await b.get(`/support/cases/${onboarding}`)).text()).not.toContain('Actions de solidarité avec les habitants');
    expect((await b.post(`/support/cases/${onboarding}/solidarity-actions`, { actionTitle: 'x', actionOn: '2026-11-28', actionResidents: '1', actionEvent: '' })).status).toBe(409);
    // Adviser B, who does not follow the flat-share, cannot log an action on it.
    const other = t.client();
    await other.signIn(LOGIREM.adviserB);
    expect((await other.post(url, { actionTitle: 'Intrus', actionOn: '2026-11-28', actionResidents: '1', actionEvent: '' })).status).toBe(404);
  });
});
