import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../test/app.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: string;
let noDesk: string;
let resident: string;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function tokenFor(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Catalogue', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
const call = (path: string, secret: string | null, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const rules = async () =>
  (await q('select audience, audience_plan_ids, audience_residence_ids, weekdays, lead_time_hours, unit_cost_cents, name_fr, code from concierge_catalogue where id = $1', [ids.service]))[0];

beforeAll(async () => {
  t = await testApp();
  staff = await tokenFor(demo('partner_staff'), ['concierge.staff']);
  noDesk = await tokenFor(demo('concierge'), ['concierge.staff']);
  resident = await tokenFor(demo('resident'), ['concierge.use']);
  const [service] = await q("select id from concierge_catalogue where active order by code limit 1");
  ids.service = service.id;
  const [plan] = await q("select id from concierge_plans where code = 'standard'");
  ids.plan = plan.id;
  const [cov] = await q('select residence_id from concierge_coverage');
  ids.residence = cov.residence_id;
});

describe('POST /api/v1/concierge/desk/services/:id/rules with a token: the catalogue form’s command', () => {
  it('401/403, 404 outside the desk, field errors in French and English, nothing half-written', async () => {
    const path = `/api/v1/concierge/desk/services/${ids.service}/rules`;
    const before = await rules();
    expect((await call(path, null, { leadTimeHours: 24 })).status).toBe(403);
    expect((await call(path, 'plr_0000unknown0000', { leadTimeHours: 24 })).status).toBe(401);
    expect((await call(path, resident, { leadTimeHours: 24 })).status).toBe(403);
    expect((await call(path, noDesk, { leadTimeHours: 24 })).status).toBe(404);
    expect((await call(`/api/v1/concierge/desk/services/${randomUUID()}/rules`, staff, { leadTimeHours: 24 })).status).toBe(404);
    const bad = await call(path, staff, { audience: 'plans', weekdays: [], leadTimeHours: 1000, unitCostCents: -1 });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({
      weekdays: 'Cochez au moins un jour.',
      leadTimeHours: 'Indiquez un nombre entier d’heures, de 0 à 720.',
      unitCostCents: 'Indiquez un montant en euros, par exemple 11,50.',
      planIds: 'Cochez au moins une formule de la conciergerie.',
    });
    const foreign = await call(path, staff, { audience: 'residences', residenceIds: [randomUUID()] }, { 'accept-language': 'en' });
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).fields).toEqual({ residenceIds: 'Tick at least one residence the concierge serves.' });
    expect(await rules()).toEqual(before);
  });

  it('changes who can order, the days, the lead time and the price; the rest of the service stays; audited', async () => {
    const path = `/api/v1/concierge/desk/services/${ids.service}/rules`;
    const before = await rules();
    const ok = await call(path, staff, { audience: 'plans', planIds: [ids.plan, ids.plan], weekdays: [5, 1, 3], leadTimeHours: 48, unitCostCents: 1250 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: ids.service, audience: 'plans', planIds: [ids.plan], residenceIds: [], weekdays: [1, 3, 5], leadTimeHours: 48, unitCostCents: 1250 });
    expect(await rules()).toEqual({ ...before, audience: 'plans', audience_plan_ids: [ids.plan], audience_residence_ids: [], weekdays: [1, 3, 5], lead_time_hours: 48, unit_cost_cents: 1250 });
    const [ev] = await q("select details from audit_events where action = 'concierge.service.updated' and target_id = $1 order by id desc limit 1", [ids.service]);
    expect(ev.details).toMatchObject({ audience: 'plans', planIds: [ids.plan], unitCostCents: 1250 });
    // Only the residents of a covered residence; the plan list is emptied; fields left out keep their value.
    const res = await call(path, staff, { audience: 'residences', residenceIds: [ids.residence] });
    expect(await res.json()).toMatchObject({ audience: 'residences', planIds: [], residenceIds: [ids.residence], weekdays: [1, 3, 5], leadTimeHours: 48, unitCostCents: 1250 });
    const staffOnly = await call(path, staff, { audience: 'staff' });
    expect((await staffOnly.json()).audience).toBe('staff');
    // The resident's catalogue follows: a concierge-only service is not offered.
    const offered = await (await t.app.request('/api/v1/concierge/services', { headers: { authorization: `Bearer ${resident}` } })).json();
    expect(JSON.stringify(offered)).not.toContain(ids.service);
  });

  it('the desk’s parcel delays: 403/404, field errors, nothing half-written; a valid change saved, audited, the rest kept', async () => {
    const desk = async () => (await q('select parcel_return_days, return_notice_days, parcel_reminder_days from concierge_desks'))[0];
    const before = await desk();
    expect((await call('/api/v1/concierge/desk/settings', resident, { parcelReturnDays: 20 })).status).toBe(403);
    expect((await call('/api/v1/concierge/desk/settings', noDesk, { parcelReturnDays: 20 })).status).toBe(404);
    const bad = await call('/api/v1/concierge/desk/settings', staff, { parcelReturnDays: 10, returnNoticeDays: 12, parcelReminderDays: 10 });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({
      returnNoticeDays: 'Le foyer doit être prévenu avant le renvoi : indiquez moins de jours que le délai de renvoi.',
      parcelReminderDays: 'Le rappel doit venir avant le renvoi : indiquez moins de jours que le délai de renvoi.',
    });
    const en = await call('/api/v1/concierge/desk/settings', staff, { parcelReturnDays: 200 }, { 'accept-language': 'en' });
    expect((await en.json()).fields).toEqual({ parcelReturnDays: 'Enter a whole number of days, from 3 to 90.' });
    expect(await desk()).toEqual(before);
    const ok = await call('/api/v1/concierge/desk/settings', staff, { parcelReturnDays: 20, parcelReminderDays: 5 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ parcelReturnDays: 20, returnNoticeDays: before.return_notice_days, parcelReminderDays: 5 });
    expect(await desk()).toEqual({ parcel_return_days: 20, return_notice_days: before.return_notice_days, parcel_reminder_days: 5 });
    const [a] = await q("select details from audit_events where action = 'concierge.desk.settings_updated' order by id desc limit 1");
    expect(a.details).toMatchObject({ parcelReturnDays: [before.parcel_return_days, 20], parcelReminderDays: [before.parcel_reminder_days, 5] });
  });
});
