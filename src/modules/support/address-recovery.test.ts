import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { addressHidden } from '../../platform/privacy/confidential-addresses.js';
import { addressRecoverable, recoverAddressReader } from './commands/address-recovery.js';
import { assignAdviser } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

// Every person named to see a confidential address has left: the programme's manager names someone new.
let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
const tag = randomUUID().slice(0, 6).toUpperCase();
let caseId: string;
let householdId: string;
const REASON = `Samia Haddad a quitté l’organisme ${tag} ; Olivier Brun reprend le suivi.`;

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  const org = a.adviserA.orgId as string;
  const o = t.database.owner;
  const residence = (await o.query(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $3, '3 rue Cachée', '13011', 'Marseille') returning id`, [org, `REC-${tag}`, `Résidence ${tag}`])).rows[0].id;
  const dwelling = (await o.query(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 2, 1, 40000) returning id`, [org, residence, `REC-${tag}-1`])).rows[0].id;
  householdId = (await o.query(`insert into households (organisation_id, reference, name, channel) values ($1, $2, $3, 'paper') returning id`, [org, `HREC-${tag}`, `Ménage ${tag}`])).rows[0].id;
  await o.query(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, '2025-01-01')`, [org, householdId, dwelling]);
  const programmeId = randomUUID();
  await o.query(`insert into support_programmes (id, organisation_id, kind, name, sensitivity, manager_user_id) values ($1, $2, 'domestic_violence', $3, 'highly_sensitive', $4)`, [programmeId, org, `Violences ${tag}`, a.manager.userId]);
  const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Mise à l’abri.', confidentialAddress: true });
  if (!opened.ok) throw new Error('open');
  caseId = opened.caseId;
  await assignAdviser(t.database.db, a.adviserA, caseId, a.adviserB.userId);
}, 180_000);

const hiddenFor = (userId: string) =>
  withTenant(t.database.db, { orgId: a.adviserA.orgId, userId }, async (tx) => (await sql<{ h: boolean }>`select ${addressHidden(sql.val(householdId))} as h`.execute(tx)).rows[0].h);

describe('recovering a confidential address whose named readers all left', () => {
  it('is refused while someone named is still in the team, and to anyone but the programme’s manager', async () => {
    expect(await addressRecoverable(t.database.db, a.manager, caseId)).toBe(false);
    expect(await recoverAddressReader(t.database.db, a.manager, caseId, { readerId: a.adviserB.userId, reason: REASON })).toMatchObject({ ok: false, status: 409, errors: { form: 'support.address.recover.readersLeft' } });
    // The named adviser leaves the organisation's support staff.
    await t.database.owner.query(`delete from memberships where user_id = $1 and role = 'social_adviser'`, [a.adviserA.userId]);
    expect(await addressRecoverable(t.database.db, a.manager, caseId)).toBe(true);
    expect(await recoverAddressReader(t.database.db, a.adviserB, caseId, { readerId: a.adviserB.userId, reason: REASON })).toMatchObject({ ok: false, status: 403 });
    expect(await recoverAddressReader(t.database.db, a.admin, caseId, { readerId: a.adviserB.userId, reason: REASON })).toMatchObject({ ok: false, status: 403 });
    expect(await recoverAddressReader(t.database.db, a.manager, randomUUID(), { readerId: a.adviserB.userId, reason: REASON })).toMatchObject({ ok: false, status: 404 });
  });

  it('asks for a reason and an adviser or programme manager, field by field, and writes nothing then', async () => {
    const r = await recoverAddressReader(t.database.db, a.manager, caseId, { readerId: a.concierge.userId, reason: 'court' });
    expect(r).toMatchObject({ ok: false, status: 422, errors: { reason: 'support.address.recover.reason', readerId: 'support.address.notFollower' } });
    const readers = await t.database.owner.query('select user_id from support_address_readers where case_id = $1', [caseId]);
    expect(readers.rows.map((x) => x.user_id)).toEqual([a.adviserA.userId]);
  });

  it('over HTTP the manager sees the form, names the adviser who follows the case with the reason; audited; the adviser then sees it, here and in the directory', async () => {
    expect(await hiddenFor(a.adviserB.userId)).toBe(true);
    const manager = t.client();
    expect((await manager.signIn(LOGIREM.manager)).status).toBe(303);
    const page = await (await manager.get(`/support/cases/${caseId}`)).text();
    expect(page).toContain('Plus personne ne voit cette adresse');
    expect(page).toContain(`action="/support/cases/${caseId}/address/recover"`);
    const bad = await manager.post(`/support/cases/${caseId}/address/recover`, { readerId: a.adviserB.userId, reason: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Indiquez la raison (10 à 500 caractères).');
    const res = await manager.post(`/support/cases/${caseId}/address/recover`, { readerId: a.adviserB.userId, reason: REASON });
    expect(res.status).toBe(303);
    const events = await t.database.owner.query(`select actor_user_id, details from audit_events where action = 'support.address.recover' and target_id = $1`, [caseId]);
    expect(events.rows).toEqual([{ actor_user_id: a.manager.userId, details: { user: a.adviserB.userId, reason: REASON } }]);
    const read = await readCase(t.database.db, a.adviserB, caseId);
    expect(read.ok && read.detail.addressVisible).toBe(true);
    expect(await hiddenFor(a.adviserB.userId)).toBe(false);
    // Someone is named again: the manager's way in closes, and the manager still does not see the address.
    expect(await addressRecoverable(t.database.db, a.manager, caseId)).toBe(false);
    expect(await hiddenFor(a.manager.userId)).toBe(true);
  });
});
