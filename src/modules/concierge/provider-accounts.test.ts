import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { withTenant } from '../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let pressing: Client;
let regie: Client;
let staff: Client;
const org: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const count = (orgId: string, table: string) => withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom(table).select('id').execute()).length);
let mine: string[];
let theirs: string[];

beforeAll(async () => {
  t = await testApp();
  for (const r of await q('select id, slug from organisations')) org[r.slug] = r.id;
  pressing = t.client();
  regie = t.client();
  staff = t.client();
  expect((await pressing.signIn('prestataire@demo.palier.fr')).status).toBe(303);
  expect((await regie.signIn('prestataire-regie@demo.palier.fr')).status).toBe(303);
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  const byProvider = async (name: string) =>
    (await q('select r.id from concierge_requests r join concierge_providers p on p.id = r.provider_id where p.name = $1 order by r.created_at', [name])).map((r) => r.id as string);
  mine = await byProvider('Pressing Solidaire Rémois');
  theirs = await byProvider('Régie de quartier de Reims');
  expect(mine.length).toBeGreaterThan(0);
  expect(theirs.length).toBeGreaterThan(0);
});

describe('provider accounts in the database (real RLS, as the application role)', () => {
  it('a provider sees exactly the requests dispatched to it, with their timeline and the catalogue', async () => {
    expect(await count(org['pressing-solidaire-remois'], 'concierge_requests')).toBe(mine.length);
    expect(await count(org['regie-quartier-reims'], 'concierge_requests')).toBe(theirs.length);
    const events = await withTenant(t.database.db, { orgId: org['pressing-solidaire-remois'] }, (tx) => tx.selectFrom('concierge_request_events').select('request_id').distinct().execute());
    expect(events.map((e) => e.request_id).sort()).toEqual([...mine].sort());
    expect(await count(org['pressing-solidaire-remois'], 'concierge_catalogue')).toBe(12);
    expect(await count(org['pressing-solidaire-remois'], 'concierge_providers')).toBe(1);
  });

  it('a provider never sees subscribers, parcels, statements, payments, visits nor the landlord’s households', async () => {
    for (const table of ['concierge_subscriptions', 'concierge_parcels', 'concierge_statements', 'concierge_payments', 'concierge_visits', 'concierge_plans', 'households', 'dwellings']) {
      expect(await count(org['pressing-solidaire-remois'], table), table).toBe(0);
    }
  });

  it('another provider organisation without a link, and other associations, see none of it', async () => {
    for (const other of ['la-poste', 'carsat-sud-est', 'vie2b']) {
      for (const table of ['concierge_requests', 'concierge_request_events', 'concierge_providers', 'concierge_catalogue']) expect(await count(org[other], table), `${other} ${table}`).toBe(0);
    }
  });

  it('a provider cannot change another provider’s request, nor write an event in the concierge’s name', async () => {
    const changed = await withTenant(t.database.db, { orgId: org['pressing-solidaire-remois'] }, (tx) =>
      tx.updateTable('concierge_requests').set({ status: 'done' }).where('id', '=', theirs[0]).executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    const [req] = await q('select * from concierge_requests where id = $1', [mine[0]]);
    const event = {
      organisation_id: req.organisation_id,
      landlord_id: req.landlord_id,
      request_id: mine[0],
      event: 'hand_over',
      to_status: 'closed',
      by_user_id: req.created_by,
      by_side: 'concierge',
    };
    await expect(withTenant(t.database.db, { orgId: org['pressing-solidaire-remois'] }, (tx) => tx.insertInto('concierge_request_events').values(event).execute())).rejects.toThrow(
      /row-level security/,
    );
    // Nor hand its request to another provider.
    const [other] = await q("select id from concierge_providers where name = 'Régie de quartier de Reims'");
    await expect(
      withTenant(t.database.db, { orgId: org['pressing-solidaire-remois'] }, (tx) => tx.updateTable('concierge_requests').set({ provider_id: other.id }).where('id', '=', mine[0]).execute()),
    ).rejects.toThrow(/row-level security/);
  });
});

describe('a provider’s staff sign in and answer the concierge', () => {
  let dispatched: string;

  beforeAll(async () => {
    const [r] = await q("select r.id from concierge_requests r join concierge_providers p on p.id = r.provider_id where p.name = 'Pressing Solidaire Rémois' and r.status = 'dispatched' limit 1");
    if (r) dispatched = r.id;
    else {
      // The demo month may hold none at this stage for this provider: put one there as the concierge would.
      dispatched = mine[0];
      await q("update concierge_requests set status = 'dispatched' where id = $1", [dispatched]);
    }
  });

  it('the staff menu entry leads to the provider’s own queue, which lists only its requests', async () => {
    const desk = await pressing.get('/concierge/desk');
    expect(desk.status).toBe(303);
    expect(desk.headers.get('location')).toBe('/concierge/provider');
    const page = await (await pressing.get('/concierge/provider')).text();
    expect(page).toContain('Mes interventions');
    for (const id of mine) expect(page).toContain(`/concierge/provider/requests/${id}`);
    for (const id of theirs) expect(page).not.toContain(id);
    // No household names or dwellings in a provider's view.
    expect(page).not.toMatch(/Foyer |PN-REMAVERT/);
  });

  it('another provider’s request is a 404, to read and to act on', async () => {
    expect((await pressing.get(`/concierge/provider/requests/${theirs[0]}`)).status).toBe(404);
    expect((await pressing.post(`/concierge/provider/requests/${theirs[0]}/accept`, {})).status).toBe(404);
    expect((await regie.get(`/concierge/provider/requests/${dispatched}`)).status).toBe(404);
    expect((await regie.post(`/concierge/provider/requests/${dispatched}/decline`, { reason: 'Pas pour nous' })).status).toBe(404);
    expect((await q('select status from concierge_requests where id = $1', [dispatched]))[0].status).toBe('dispatched');
  });

  it('a provider may not dispatch, hand over or cancel; residents and landlords’ staff cannot reach the provider pages', async () => {
    for (const e of ['dispatch', 'hand_over', 'cancel']) expect((await pressing.post(`/concierge/provider/requests/${dispatched}/${e}`, {})).status).toBe(404);
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get('/concierge/provider')).status).toBe(403);
    const admin = t.client();
    await admin.signIn(demo('org_admin'));
    expect((await admin.get('/concierge/provider')).status).toBe(403);
    // The association's staff hold the permission but no provider link: they are told so.
    expect(await (await staff.get('/concierge/provider')).text()).toContain('n’est reliée à aucun prestataire');
    expect((await staff.get(`/concierge/provider/requests/${dispatched}`)).status).toBe(404);
  });

  it('declining needs a reason; the provider accepts, completes, and each step is the provider’s, timestamped and audited', async () => {
    const page = await (await pressing.get(`/concierge/provider/requests/${dispatched}`)).text();
    expect(page).toContain(`/concierge/provider/requests/${dispatched}/accept`);
    const noReason = await pressing.post(`/concierge/provider/requests/${dispatched}/decline`, { reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Indiquez la raison.');
    expect((await pressing.post(`/concierge/provider/requests/${dispatched}/complete`, {})).status).toBe(409);
    expect((await pressing.post(`/concierge/provider/requests/${dispatched}/accept`, {})).headers.get('location')).toBe(`/concierge/provider/requests/${dispatched}?done=accept`);
    expect((await pressing.post(`/concierge/provider/requests/${dispatched}/complete`, {})).status).toBe(303);
    const events = await q("select event, by_side, by_user_id from concierge_request_events where request_id = $1 and event in ('accept', 'complete') order by id desc limit 2", [dispatched]);
    const [user] = await q("select id from users where email = 'prestataire@demo.palier.fr'");
    expect(events.map((e) => [e.event, e.by_side, e.by_user_id])).toEqual([
      ['complete', 'provider', user.id],
      ['accept', 'provider', user.id],
    ]);
    const audits = await q('select action from audit_events where target_id = $1 and actor_user_id = $2 order by id', [dispatched, user.id]);
    expect(audits.map((a) => a.action)).toEqual(['concierge.request.accept', 'concierge.request.complete']);
    expect(await (await staff.get(`/concierge/desk/requests/${dispatched}`)).text()).toContain('Le prestataire');
  });

  it('a provider declines with a reason, and the concierge sees it back in the queue to dispatch again', async () => {
    const [r] = await q("select r.id from concierge_requests r join concierge_providers p on p.id = r.provider_id where p.name = 'Pressing Solidaire Rémois' and r.id <> $1 limit 1", [dispatched]);
    await q("update concierge_requests set status = 'dispatched' where id = $1", [r.id]);
    expect((await pressing.post(`/concierge/provider/requests/${r.id}/decline`, { reason: 'Machine en panne cette semaine' })).status).toBe(303);
    const [after] = await q('select status from concierge_requests where id = $1', [r.id]);
    expect(after.status).toBe('declined');
    const desk = await (await staff.get(`/concierge/desk/requests/${r.id}`)).text();
    expect(desk).toContain('Machine en panne cette semaine');
    expect(desk).toContain(`/concierge/desk/requests/${r.id}/dispatch`);
  });
});

describe('the API gives the same views, with only the allowed fields', () => {
  it('the provider’s queue lists its requests only, without any household field', async () => {
    const res = await pressing.get('/api/v1/concierge/provider/requests');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown>[] };
    expect(body.data.map((r) => r.id).sort()).toEqual([...mine].sort());
    expect(Object.keys(body.data[0]).sort()).toEqual(['id', 'late', 'netCents', 'notes', 'quantity', 'service', 'status', 'wantedOn']);
    expect((await staff.get('/api/v1/concierge/provider/requests')).status).toBe(404);
  });

  it('a resident reads the catalogue and their requests; a provider may not', async () => {
    const resident = t.client();
    await resident.signIn(demo('resident'));
    const services = (await (await resident.get('/api/v1/concierge/services')).json()) as { data: { name: string; unitCostCents: number }[] };
    expect(services.data.find((s) => s.name === 'Repassage')?.unitCostCents).toBe(1150);
    expect((await resident.get('/api/v1/concierge/requests')).status).toBe(200);
    expect((await pressing.get('/api/v1/concierge/services')).status).toBe(403);
  });
});
