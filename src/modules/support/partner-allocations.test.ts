import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { partnerCommitments } from './commands/proposals.js';
import { allocatePlace, createQuota } from './commands/quotas.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/** The partner association sees which dwelling was given for each place of a commitment made to it — residence and reference, never the household. */
let t: Awaited<ReturnType<typeof testApp>>;
let manager: Actor;
let referent: Actor;
let quotaId: string;
/** A Logirem dwelling with a household living in it, its residence and the household's name. */
let dwelling: { reference: string; residence: string; household: string };
const YEAR = new Date().getFullYear() + 5;
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;

beforeAll(async () => {
  t = await testApp();
  manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  [dwelling] = (await owner(
    `select d.reference, r.name as residence, h.name as household from dwellings d join residences r on r.id = d.residence_id
       join occupancies o on o.dwelling_id = d.id and o.ends_on is null join households h on h.id = o.household_id
      where d.organisation_id = $1 order by d.reference limit 1`,
    [manager.orgId],
  )) as (typeof dwelling)[];
  const q = await createQuota(t.database.db, manager, { partnerId: referent.orgId as string, label: 'Familles suivies par Elia (logements)', year: YEAR, places: 4 });
  if (!q.ok) throw new Error('quota');
  quotaId = q.quotaId;
  expect(await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-L-1', dwellingRef: dwelling.reference })).toEqual({ ok: true, seat: 1 });
  expect(await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'ELIA-L-2' })).toEqual({ ok: true, seat: 2 });
});

describe('the partner sees the dwelling given for each place of its commitments', () => {
  it('through the command: residence and reference for a place whose dwelling is named, null while it is not; another association sees nothing of it', async () => {
    const r = await partnerCommitments(t.database.db, referent);
    const mine = r.ok ? r.commitments.find((q) => q.id === quotaId) : undefined;
    expect(mine?.allocations).toEqual([
      { seat: 1, applicantRef: 'ELIA-L-1', allocatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), dwellingRef: dwelling.reference, residence: dwelling.residence },
      { seat: 2, applicantRef: 'ELIA-L-2', allocatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), dwellingRef: null, residence: null },
    ]);
    expect(JSON.stringify(mine)).not.toContain(dwelling.household);
    // DDCH's staff: the function answers only for commitments made to the caller's association.
    const ddch = (await owner("select id from organisations where slug = 'ddch'"))[0].id;
    const user = (await owner("insert into users (email, display_name) values ('lecture@ddch.test.palier.fr', 'Lecture DDCH') returning id"))[0].id;
    await owner("insert into memberships (organisation_id, user_id, role) values ($1, $2, 'partner_staff')", [ddch, user]);
    const other = await partnerCommitments(t.database.db, await actorFor(t.database.db, 'lecture@ddch.test.palier.fr'));
    expect(other.ok && other.commitments.some((q) => q.id === quotaId)).toBe(false);
    expect(JSON.stringify(other)).not.toContain('ELIA-L-1');
  });

  it('on /support/commitments (French, no JavaScript) and in GET /api/v1/support/commitments — never the household', async () => {
    const partner = t.client();
    await partner.signIn(LOGIREM.eliaReferent);
    const page = await (await partner.get('/support/commitments')).text();
    expect(page).toContain('Logements attribués au titre de Familles suivies par Elia (logements)');
    expect(page).toContain(dwelling.reference);
    expect(page).toContain(dwelling.residence);
    expect(page).toContain('Logement pas encore indiqué');
    expect(page).not.toContain(dwelling.household);

    const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
    await owner('insert into api_tokens (organisation_id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4::text[], $5)', [referent.orgId, 'Outil Elia', hashSecret(secret), ['support.quotas.propose'], referent.userId]);
    const res = await t.app.request('/api/v1/support/commitments', { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<{ id: string; allocations: unknown[] }> };
    expect(body.data.find((q) => q.id === quotaId)?.allocations).toEqual([
      expect.objectContaining({ seat: 1, dwellingRef: dwelling.reference, residence: dwelling.residence }),
      expect.objectContaining({ seat: 2, dwellingRef: null, residence: null }),
    ]);
    expect(JSON.stringify(body)).not.toContain(dwelling.household);
  });

  it('the demo’s places under Logirem’s Elia commitment name a dwelling, each a different one of Logirem’s (the latest still to be named)', async () => {
    const rows = await owner(
      `select a.seat, a.dwelling_id, d.organisation_id as dwelling_org from support_quota_allocations a join support_quotas q on q.id = a.quota_id
         left join dwellings d on d.id = a.dwelling_id
        where q.label = 'Logements pour les familles réfugiées (convention Elia)' and q.organisation_id = $1 order by a.seat`,
      [manager.orgId],
    );
    const register = Number((await owner('select count(*) as n from dwellings where organisation_id = $1', [manager.orgId]))[0].n);
    expect(rows.length).toBeGreaterThan(1); // five places by January already
    const named = rows.filter((r) => r.dwelling_id !== null);
    expect(named.length).toBe(Math.min(rows.length - 1, register));
    expect(named.map((r) => r.seat)).toEqual(rows.slice(0, named.length).map((r) => r.seat));
    expect(new Set(named.map((r) => r.dwelling_id)).size).toBe(named.length);
    expect(named.every((r) => r.dwelling_org === manager.orgId)).toBe(true);
    expect(rows.at(-1)?.dwelling_id).toBeNull();
  });
});
