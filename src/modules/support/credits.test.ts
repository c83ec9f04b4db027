import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../platform/db/tenant.js';
import { testApp } from '../../../test/app.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;

beforeAll(async () => {
  t = await testApp();
});

describe('a contribution to the fund: the programme is found before the form is read', () => {
  it('an unknown programme is 404 even with a bad amount; the manager’s own programme gives the field error (422), nothing written', async () => {
    const manager = t.client();
    await manager.signIn(LOGIREM.manager);
    expect((await manager.post(`/support/programmes/${randomUUID()}/credits`, { amount: 'abc', label: '' })).status).toBe(404);
    expect((await manager.post('/support/programmes/not-an-id/credits', { amount: '', label: '' })).status).toBe(404);
    const actor = await actorFor(t.database.db, LOGIREM.manager);
    const programmeId = await withTenant(t.database.db, { orgId: actor.orgId }, async (tx) => (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string);
    const count = () => withTenant(t.database.db, { orgId: actor.orgId }, async (tx) => (await tx.selectFrom('support_fund_entries').select((s) => s.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const bad = await manager.post(`/support/programmes/${programmeId}/credits`, { amount: 'abc', label: 'DDCH' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="abc"');
    expect(await count()).toBe(before);
    expect((await manager.post(`/support/programmes/${programmeId}/credits`, { amount: '1000', label: 'DDCH' })).status).toBe(303);
    expect(Number(await count())).toBe(Number(before) + 1);
  });
});
