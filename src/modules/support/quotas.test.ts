import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { allocatePlace, createQuota, quotaOverview } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Actor;
let adviser: Actor;

beforeAll(async () => {
  t = await testApp();
  manager = await actorFor(t.database.db, LOGIREM.manager);
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
});

describe('partner allocation quotas', () => {
  it('the last place cannot be given twice: 12 simultaneous attempts on 1 remaining place, one wins', async () => {
    const ddch = await withTenant(t.database.db, { orgId: manager.orgId }, async (tx) => (await tx.selectFrom('organisations').select('id').where('slug', '=', 'ddch').executeTakeFirstOrThrow()).id as string);
    const q = await createQuota(t.database.db, manager, { partnerId: ddch, label: 'DDCH 2031', year: 2031, places: 2 });
    if (!q.ok) throw new Error('quota');
    expect(await allocatePlace(t.database.db, manager, q.quotaId, { applicantRef: 'DDCH-1' })).toEqual({ ok: true, seat: 1 });
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) => allocatePlace(t.database.db, manager, q.quotaId, { applicantRef: `DDCH-${i + 2}` })));
    expect(attempts.filter((r) => r.ok)).toEqual([{ ok: true, seat: 2 }]);
    expect(attempts.filter((r) => !r.ok).every((r) => !r.ok && r.status === 409 && r.errors.form === 'support.quota.full')).toBe(true);
    const given = await withTenant(t.database.db, { orgId: manager.orgId }, (tx) => tx.selectFrom('support_quota_allocations').select('seat').where('quota_id', '=', q.quotaId).execute());
    expect(given.map((g) => g.seat).sort()).toEqual([1, 2]);
  });

  it('flags DDCH’s 2 a year behind schedule after mid-year with none given; Elia’s on schedule', async () => {
    const year = new Date().getFullYear();
    const r = await quotaOverview(t.database.db, manager, new Date(`${year}-12-01T12:00:00Z`));
    if (!r.ok) throw new Error('overview');
    const ddch = r.quotas.find((q) => q.partner === 'DDCH' && q.period_start.startsWith(String(year)));
    const elia = r.quotas.find((q) => q.partner === 'Elia');
    expect(ddch?.progress).toMatchObject({ places: 2, given: 0, behind: true });
    expect(elia?.progress.behind).toBe(false);
  });

  it('only the programme manager manages quotas; a partner that is not ours is refused', async () => {
    expect(await quotaOverview(t.database.db, adviser)).toMatchObject({ ok: false, status: 403 });
    const la = await withTenant(t.database.db, { orgId: manager.orgId }, async (tx) => (await tx.selectFrom('organisations').select('id').where('slug', '=', 'la-poste').executeTakeFirstOrThrow()).id as string);
    expect(await createQuota(t.database.db, manager, { partnerId: la, label: 'x', year: 2031, places: 1 })).toMatchObject({ status: 422 });
  });
});
