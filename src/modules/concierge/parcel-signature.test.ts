import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import { readdir } from 'node:fs/promises';
import type { Actor } from '../../platform/access/actor.js';
import { readStoredFile } from '../../platform/files/index.js';
import { SIGNATURE_MAX_BYTES, handOverParcel } from './commands/parcels.js';
import { FieldError } from './errors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let dataDir: string;
let staff: Client;
let resident: Client;
let outsider: Client;
const ids: Record<string, string> = {};
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
const plain = (s: string) => s.replace(/\u202f|\u00a0/g, ' ').replaceAll('&#39;', '’');
// A real 1×1 PNG, as a canvas would send it (toDataURL('image/png')).
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PNG_URL = `data:image/png;base64,${PNG_B64}`;

async function checkIn(shelf: string): Promise<string> {
  const res = await staff.post(`/concierge/desk/counter/${ids.sub}/parcels`, { kind: 'parcel', size: 'small', carrier: 'Colissimo', shelf });
  expect(res.status).toBe(303);
  const [p] = await q('select id from concierge_parcels where shelf = $1', [shelf]);
  return p.id;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'palier-sign-'));
  t = await testApp({ DATA_DIR: dataDir });
  staff = t.client();
  resident = t.client();
  outsider = t.client();
  expect((await staff.signIn(demo('partner_staff'))).status).toBe(303);
  expect((await resident.signIn(demo('resident'))).status).toBe(303);
  expect((await outsider.signIn(demo('concierge'))).status).toBe(303); // a landlord's staff: no desk of their own
  const [plan] = await q("select id from concierge_plans where code = 'solidaire'");
  expect((await resident.post('/concierge/subscribe', { planId: plan.id, idempotencyKey: randomUUID() })).status).toBe(303);
  const [sub] = await q("select id from concierge_subscriptions where dwelling_reference = 'PN-REMAVERT-ARC-001' and status = 'active'");
  ids.sub = sub.id;
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('hand-over at the counter against the recipient’s signature', () => {
  it('the signature page: a pad revealed by script, the typed name that works without it; linked from the counter card; staff of the desk only', async () => {
    ids.signed = await checkIn('SIG-1');
    const card = await (await staff.get(`/concierge/desk/counter/${ids.sub}`)).text();
    expect(card).toContain(`href="/concierge/desk/parcels/${ids.signed}/sign"`);
    const res = await staff.get(`/concierge/desk/parcels/${ids.signed}/sign`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="sig-pad" hidden');
    expect(html).toContain('<canvas id="f-signature"');
    expect(html).toContain('name="method" value="identity"');
    expect(html).toContain('name="handedTo"');
    expect(html).toMatch(/<script nonce="[^"]+">\(function\(\)\{/);
    expect((await resident.get(`/concierge/desk/parcels/${ids.signed}/sign`)).status).toBe(403);
    expect((await outsider.get(`/concierge/desk/parcels/${ids.signed}/sign`)).status).toBe(404);
    expect((await staff.get(`/concierge/desk/parcels/${randomUUID()}/sign`)).status).toBe(404);
    // Another desk's (or a missing) parcel is 404 before its body is read.
    expect((await staff.post(`/concierge/desk/parcels/${randomUUID()}/sign`, { method: 'signature', handedTo: '', signature: 'x' })).status).toBe(404);
    expect((await outsider.post(`/concierge/desk/parcels/${ids.signed}/sign`, { method: 'signature', handedTo: '', signature: 'x' })).status).toBe(404);
  });

  it('refuses an unreadable signature or a missing name beside the field; nothing is handed over nor stored', async () => {
    const fake = `data:image/png;base64,${Buffer.from('<html><script>alert(1)</script>').toString('base64')}`;
    for (const [fields, message] of [
      [{ method: 'signature', handedTo: 'Awa Martin', signature: fake }, 'La signature n’a pas pu être lue.'],
      [{ method: 'signature', handedTo: 'Awa Martin', signature: 'javascript:alert(1)' }, 'La signature n’a pas pu être lue.'],
      [{ method: 'signature', handedTo: '', signature: PNG_URL }, 'Indiquez le nom de la personne.'],
    ] as [Record<string, string>, string][]) {
      const res = await staff.post(`/concierge/desk/parcels/${ids.signed}/sign`, fields);
      expect(res.status).toBe(422);
      expect(plain(await res.text())).toContain(message);
    }
    expect((await q('select status from concierge_parcels where id = $1', [ids.signed]))[0].status).toBe('received');
    expect(await q('select id from concierge_parcel_signatures')).toEqual([]);
  });

  it('records the signed hand-over: who, to whom, the PNG kept outside the web root, shown on the parcel’s trail and served as an attachment to staff only', async () => {
    const res = await staff.post(`/concierge/desk/parcels/${ids.signed}/sign`, { method: 'signature', handedTo: 'Awa Martin', signature: PNG_URL });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/concierge/desk/counter/${ids.sub}?done=handedOver`);
    const [p] = await q('select status, handover_method, handed_to, handed_by from concierge_parcels where id = $1', [ids.signed]);
    const [me] = await q('select id from users where email = $1', [demo('partner_staff')]);
    expect(p).toEqual({ status: 'handed_over', handover_method: 'signature', handed_to: 'Awa Martin', handed_by: me.id });
    const [sig] = await q('select storage_key, media_type, size_bytes, signed_name, recorded_by from concierge_parcel_signatures where parcel_id = $1', [ids.signed]);
    expect(sig).toMatchObject({ media_type: 'image/png', signed_name: 'Awa Martin', recorded_by: me.id });
    expect(sig.storage_key).toMatch(/^concierge\/[0-9a-f]{32}$/);
    const stored = await readStoredFile(dataDir, sig.storage_key);
    expect(stored?.toString('base64')).toBe(PNG_B64);
    expect(sig.size_bytes).toBe(stored?.byteLength);
    expect((await q("select details from audit_events where action = 'concierge.parcel.handed_over' and target_id = $1", [ids.signed]))[0].details).toEqual({ method: 'signature' });

    const trail = plain(await (await staff.get(`/concierge/desk/parcels/${ids.signed}`)).text());
    expect(trail).toContain('à Awa Martin, contre signature');
    expect(trail).toContain(`href="/concierge/desk/parcels/${ids.signed}/signature"`);
    expect(plain(await (await staff.get(`/concierge/desk/counter/${ids.sub}`)).text())).toContain(`href="/concierge/desk/parcels/${ids.signed}"`);
    const file = await staff.get(`/concierge/desk/parcels/${ids.signed}/signature`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).toString('base64')).toBe(PNG_B64);
    // Each reading of the signature is audited, by whom and for which parcel; refused readings are not.
    const viewed = await q("select actor_user_id, details from audit_events where action = 'concierge.parcel.signature_viewed' and target_id = $1", [ids.signed]);
    expect(viewed).toEqual([{ actor_user_id: me.id, details: { sizeBytes: Buffer.from(PNG_B64, 'base64').byteLength } }]);
    expect((await resident.get(`/concierge/desk/parcels/${ids.signed}/signature`)).status).toBe(403);
    expect((await outsider.get(`/concierge/desk/parcels/${ids.signed}/signature`)).status).toBe(404);
    expect((await outsider.get(`/concierge/desk/parcels/${ids.signed}`)).status).toBe(404);
    expect((await q("select count(*)::int as n from audit_events where action = 'concierge.parcel.signature_viewed' and target_id = $1", [ids.signed]))[0].n).toBe(1);
    // Never twice; the landlord (who reads parcels) has no access to signatures.
    expect((await staff.post(`/concierge/desk/parcels/${ids.signed}/sign`, { method: 'identity', handedTo: 'Awa Martin' })).status).toBe(409);
    expect((await staff.get(`/concierge/desk/parcels/${ids.signed}/sign`)).status).toBe(409);
    const [landlord] = await q("select landlord_id from concierge_parcels where id = $1", [ids.signed]);
    const { withTenant } = await import('../../platform/db/tenant.js');
    const seen = await withTenant(t.database.db, { orgId: landlord.landlord_id }, (tx) => tx.selectFrom('concierge_parcel_signatures').select('id').execute());
    expect(seen).toEqual([]);
  });

  it('without JavaScript (nothing drawn): the typed name is an identity check, no signature stored', async () => {
    const id = await checkIn('SIG-2');
    const res = await staff.post(`/concierge/desk/parcels/${id}/sign`, { method: 'identity', handedTo: 'Awa Martin', signature: '' });
    expect(res.status).toBe(303);
    const [p] = await q('select status, handover_method, handed_to from concierge_parcels where id = $1', [id]);
    expect(p).toEqual({ status: 'handed_over', handover_method: 'identity', handed_to: 'Awa Martin' });
    expect(await q('select id from concierge_parcel_signatures where parcel_id = $1', [id])).toEqual([]);
    expect((await staff.get(`/concierge/desk/parcels/${id}/signature`)).status).toBe(404);
    expect(plain(await (await staff.get(`/concierge/desk/parcels/${id}`)).text())).toContain('à Awa Martin, identité vérifiée');
  });
});

describe('the hand-over command with a signature', () => {
  const files = async () => {
    try {
      return (await readdir(join(dataDir, 'files', 'concierge'), { recursive: true })).filter((f) => /^[0-9a-f]{2}[\\/][0-9a-f]{32}$/.test(String(f))).length;
    } catch {
      return 0;
    }
  };
  it('refuses a PNG too large or without a data directory, storing nothing; returns the subscription once handed over', async () => {
    const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1', [demo('partner_staff')]);
    const actor: Actor = { kind: 'user', userId: u.id, displayName: 'Nadia', locale: 'fr', orgId: u.organisation_id, roles: ['partner_staff'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null };
    const id = await checkIn('SIG-CMD');
    const before = await files();
    const big = Buffer.concat([Buffer.from(PNG_B64, 'base64'), Buffer.alloc(SIGNATURE_MAX_BYTES)]);
    const tooLarge = handOverParcel(t.database.db, actor, id, { method: 'signature', handedTo: 'Awa Martin', signature: `data:image/png;base64,${big.toString('base64')}` }, dataDir);
    await expect(tooLarge).rejects.toBeInstanceOf(FieldError);
    await expect(handOverParcel(t.database.db, actor, id, { method: 'signature', handedTo: 'Awa Martin', signature: PNG_URL })).rejects.toMatchObject({ field: 'signature' });
    expect(await files()).toBe(before);
    expect((await q('select status from concierge_parcels where id = $1', [id]))[0].status).toBe('received');
    expect(await handOverParcel(t.database.db, actor, id, { method: 'signature', handedTo: 'Awa Martin', signature: PNG_URL }, dataDir)).toEqual({ subscriptionId: ids.sub });
    expect(await files()).toBe(before + 1);
    await expect(handOverParcel(t.database.db, actor, id, { method: 'signature', handedTo: 'Awa Martin', signature: PNG_URL }, dataDir)).rejects.toMatchObject({ status: 409 });
    expect(await files()).toBe(before + 1);
  });
});
