import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { PARCEL_RETURN_DAYS } from './commands/return-parcel.js';

let t: Awaited<ReturnType<typeof testApp>>;
let staff: Client;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ').replaceAll('&#39;', '’');

/** A waiting parcel for a demo subscriber that arrived `days` ago. */
async function parcelAged(days: number, shelf: string): Promise<string> {
  const [s] = await q("select id, organisation_id, landlord_id, household_id, created_by from concierge_subscriptions where status = 'active' order by dwelling_reference limit 1");
  const [p] = await q(
    `insert into concierge_parcels (organisation_id, landlord_id, subscription_id, household_id, kind, carrier, size, shelf, pickup_code, received_by, received_at)
     values ($1, $2, $3, $4, 'parcel', 'Colissimo', 'small', $5, '654321', $6, now() - make_interval(days => $7)) returning id`,
    [s.organisation_id, s.landlord_id, s.id, s.household_id, shelf, s.created_by, days],
  );
  return p.id;
}

beforeAll(async () => {
  t = await testApp();
  staff = t.client();
  await staff.signIn(demo('partner_staff'));
});

describe('parcels unclaimed for too long go back to their sender, and stay in the log', () => {
  it('lists the parcels waiting beyond the limit, oldest first; records a return once, with who and when; nothing is deleted', async () => {
    const old = await parcelAged(PARCEL_RETURN_DAYS + 3, 'R-OLD');
    const recent = await parcelAged(PARCEL_RETURN_DAYS - 2, 'R-NEW');
    const page = plain(await (await staff.get('/concierge/desk/parcels/returns')).text());
    expect(page).toContain(`/concierge/desk/parcels/${old}/return`);
    expect(page).not.toContain(`/concierge/desk/parcels/${recent}/return`);
    expect(page).toContain(`depuis plus de ${PARCEL_RETURN_DAYS} jours`);
    expect(plain(await (await staff.get('/concierge/desk')).text())).toContain('href="/concierge/desk/parcels/returns"');

    const res = await staff.post(`/concierge/desk/parcels/${old}/return`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/concierge/desk/parcels/returns?done=returned');
    const [row] = await q('select status, returned_at, returned_by from concierge_parcels where id = $1', [old]);
    const [me] = await q('select id from users where email = $1', [demo('partner_staff')]);
    expect(row.status).toBe('returned');
    expect(row.returned_by).toBe(me.id);
    expect(row.returned_at).toBeInstanceOf(Date);
    expect((await q("select count(*)::int as n from audit_events where action = 'concierge.parcel.returned' and target_id = $1", [old]))[0].n).toBe(1);
    expect(plain(await (await staff.get('/concierge/desk/parcels/returns?done=returned')).text())).not.toContain(`/concierge/desk/parcels/${old}/return`);
    // Never twice, never too early, never a handed-over one.
    expect((await staff.post(`/concierge/desk/parcels/${old}/return`, {})).status).toBe(409);
    const early = await staff.post(`/concierge/desk/parcels/${recent}/return`, {});
    expect(early.status).toBe(409);
    expect(plain(await early.text())).toContain('pas encore depuis assez longtemps');
    expect((await q('select status from concierge_parcels where id = $1', [recent]))[0].status).toBe('received');
    // A returned parcel cannot be handed over; it is still in the table.
    const handOver = await staff.post(`/concierge/desk/parcels/${old}/hand-over`, { method: 'code', code: '654321', next: '/concierge/desk/counter' });
    expect(handOver.status).toBe(409);
    expect((await q('select count(*)::int as n from concierge_parcels where id = $1', [old]))[0].n).toBe(1);
  });

  it('only the desk’s staff: a resident gets 403, the landlord’s concierge (no desk) 404, an unknown parcel 404', async () => {
    const old = await parcelAged(PARCEL_RETURN_DAYS + 1, 'R-AUTH');
    const resident = t.client();
    await resident.signIn(demo('resident'));
    expect((await resident.get('/concierge/desk/parcels/returns')).status).toBe(403);
    expect((await resident.post(`/concierge/desk/parcels/${old}/return`, {})).status).toBe(403);
    const landlordConcierge = t.client();
    await landlordConcierge.signIn(demo('concierge'));
    expect((await landlordConcierge.post(`/concierge/desk/parcels/${old}/return`, {})).status).toBe(404);
    expect((await staff.post(`/concierge/desk/parcels/${crypto.randomUUID()}/return`, {})).status).toBe(404);
    expect((await q('select status from concierge_parcels where id = $1', [old]))[0].status).toBe('received');
  });
});
