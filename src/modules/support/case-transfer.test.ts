import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../../../test/api-token.js';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { addNote } from './commands/case-actions.js';
import { openCase } from './commands/open-case.js';
import { referToPartner } from './commands/referrals.js';
import { transferCase } from './commands/transfer-case.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * A case moved to another programme of the landlord: one transaction opens the new case (target programme's steps,
 * same household and person, situation and confidential address carried) and closes the old one "transferred",
 * linked both ways; every refusal is a field error with nothing written; two transfers at once make one new case.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let a: Actor;
let b: Actor;
let manager: Actor;
let referent: Actor;
let orgId: string;
let household: string;
let resident: string;
const p: Record<string, string> = {};
const NOW = new Date('2026-12-07T10:00:00Z');

const owner = (q: string, v: unknown[] = []) => t.database.owner.query(q, v);
const caseRow = async (id: string) =>
  (
    await owner(
      `select programme_id::text, household_id::text, person_user_id::text, status, closed_as, outcome, situation, confidential_address, transferred_to_case_id::text, transferred_from_case_id::text from support_cases where id = $1`,
      [id],
    )
  ).rows[0];
const caseCount = async () => Number((await owner('select count(*) from support_cases')).rows[0].count);

async function programme(name: string, extra: { sensitivity?: string; kinds?: string[]; active?: boolean; steps?: unknown[]; org?: string; manager?: string | null } = {}): Promise<string> {
  const r = await owner(
    `insert into support_programmes (organisation_id, kind, name, sensitivity, residence_kinds, active, steps, legal_basis, notice, manager_user_id)
     values ($1, 'generic', $2, $3, $4::text[], $5, $6::jsonb, 'Test', 'Test', $7) returning id::text`,
    [extra.org ?? orgId, name, extra.sensitivity ?? 'normal', extra.kinds ?? [], extra.active ?? true, JSON.stringify(extra.steps ?? []), extra.manager === undefined ? null : extra.manager],
  );
  return r.rows[0].id;
}

async function open(programmeId: string, confidentialAddress = false): Promise<string> {
  const r = await openCase(t.database.db, a, { programmeId, householdId: household, situation: 'Loyer trop lourd depuis la séparation.', confidentialAddress, personUserId: resident }, NOW);
  if (!r.ok) throw new Error(`open: ${JSON.stringify(r)}`);
  return r.caseId;
}

beforeAll(async () => {
  t = await testApp();
  a = await actorFor(t.database.db, LOGIREM.adviserA);
  b = await actorFor(t.database.db, LOGIREM.adviserB);
  manager = await actorFor(t.database.db, LOGIREM.manager);
  referent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  orgId = a.orgId as string;
  // A household of Air Bel (an ordinary residence) without a demo case, with a resident who has an account.
  household = (
    await owner(
      `select o.household_id::text as id from occupancies o join dwellings d on d.id = o.dwelling_id join residences r on r.id = d.residence_id
        where r.organisation_id = $1 and r.name = 'Air Bel' and o.ends_on is null and not exists (select 1 from support_cases c where c.household_id = o.household_id) order by 1 limit 1`,
      [orgId],
    )
  ).rows[0].id;
  resident = (await owner(`insert into users (email, display_name, locale) values ('transfer-resident@example.org', 'Awa Transfert', 'fr') returning id::text`)).rows[0].id;
  await owner(`insert into memberships (user_id, organisation_id, role, household_id) values ($1, $2, 'resident', $3)`, [resident, orgId, household]);
  p.source = await programme('Source (test)', { sensitivity: 'sensitive', steps: [{ key: 'call', dueDays: 5 }] });
  p.target = await programme('Accueil (test)', { steps: [{ key: 'first_visit', label: 'Première visite', dueDays: 7 }, { key: 'review', label: 'Bilan', dueDays: 30 }], manager: manager.userId });
  p.pension = await programme('Pensions de famille (test)', { kinds: ['pension_de_famille'] });
  p.inactive = await programme('Ancien programme (test)', { active: false });
  p.highly = await programme('Très sensible (test)', { sensitivity: 'highly_sensitive' });
  const other = (await owner(`insert into organisations (kind, name, slug) values ('landlord', 'Autre bailleur', 'autre-bailleur-transfer') returning id::text`)).rows[0].id;
  p.otherLandlord = await programme('Programme d’un autre bailleur', { org: other });
});

describe('transferring a case to another programme', () => {
  it('opens the new case in the target programme (its steps, the same household and person, situation and confidential address carried, the adviser chosen) and closes the old one "transferred", linked both ways; its referral ends, its notes stay', async () => {
    const old = await open(p.source, true);
    expect((await addNote(t.database.db, a, old, 'Note qui reste sur l’ancien dossier')).ok).toBe(true);
    const ref = await referToPartner(t.database.db, a, old, { partnerId: referent.orgId as string, fields: ['household_size'], purpose: 'Hébergement', consentUntil: '2027-06-30', consent: 'on' });
    expect(ref.ok).toBe(true);
    const r = await transferCase(t.database.db, a, old, { programmeId: p.target, adviserId: b.userId, reason: 'Relève désormais de l’accueil.' }, '', NOW);
    if (!r.ok) throw new Error(JSON.stringify(r));
    // Adviser A handed the case to B and does not follow the new one.
    expect(r.readable).toBe(false);
    expect(await caseRow(old)).toEqual({
      programme_id: p.source,
      household_id: household,
      person_user_id: resident,
      status: 'closed',
      closed_as: 'transferred',
      outcome: 'Relève désormais de l’accueil.',
      situation: 'Loyer trop lourd depuis la séparation.',
      confidential_address: true,
      transferred_to_case_id: r.caseId,
      transferred_from_case_id: null,
    });
    expect(await caseRow(r.caseId)).toEqual({
      programme_id: p.target,
      household_id: household,
      person_user_id: resident,
      status: 'open',
      closed_as: null,
      outcome: null,
      situation: 'Loyer trop lourd depuis la séparation.',
      confidential_address: true,
      transferred_to_case_id: null,
      transferred_from_case_id: old,
    });
    const steps = (await owner(`select key, due_on::text from support_case_steps where case_id = $1 order by due_on`, [r.caseId])).rows;
    expect(steps).toEqual([
      { key: 'first_visit', due_on: '2026-12-14' },
      { key: 'review', due_on: '2027-01-06' },
    ]);
    expect((await owner(`select user_id::text from support_case_assignments where case_id = $1`, [r.caseId])).rows).toEqual([{ user_id: b.userId }]);
    // A, who marked the address, keeps seeing it and names B, who follows the new case.
    expect((await owner(`select user_id::text from support_address_readers where case_id = $1 order by user_id`, [r.caseId])).rows.map((x) => x.user_id)).toEqual([a.userId, b.userId].sort());
    expect((await owner(`select count(*)::int as n from support_case_notes where case_id = $1`, [r.caseId])).rows[0].n).toBe(0);
    expect((await owner(`select count(*)::int as n from support_case_notes where case_id = $1`, [old])).rows[0].n).toBe(1);
    expect((await owner(`select status from support_referrals where case_id = $1`, [old])).rows).toEqual([{ status: 'ended' }]);
    const trail = (await owner(`select details from audit_events where action = 'support.case.transfer' and target_id = $1`, [old])).rows;
    expect(trail).toEqual([{ details: { to: r.caseId, from_programme: p.source, programme: p.target, adviser: b.userId } }]);
    expect(JSON.stringify((await owner(`select details from audit_events where target_id in ($1, $2)`, [old, r.caseId])).rows)).not.toContain('Relève');
  });

  it('names the other case only to whoever may read it: the old case’s readers do not widen, the new one follows the target programme', async () => {
    const old = await open(p.source);
    const r = await transferCase(t.database.db, a, old, { programmeId: p.target, adviserId: b.userId, reason: 'Changement de programme.' }, '', NOW);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const seenByA = await readCase(t.database.db, a, old);
    if (!seenByA.ok) throw new Error('A reads the old case');
    expect(seenByA.detail.transfer).toEqual({ closedAs: 'transferred', to: { id: r.caseId, visible: false, reference: null, programme: null }, from: null });
    // B and the target's manager read the new case, not the old one (a sensitive programme they do not follow).
    expect((await readCase(t.database.db, b, old)).ok).toBe(false);
    expect((await readCase(t.database.db, manager, old)).ok).toBe(false);
    const seenByManager = await readCase(t.database.db, manager, r.caseId);
    if (!seenByManager.ok) throw new Error('the target’s manager reads the new case');
    expect(seenByManager.detail.transfer).toEqual({ closedAs: null, to: null, from: { id: old, visible: false, reference: null, programme: null } });
    // A transfer to oneself: both cases named on both sides.
    const mine = await open(p.source);
    const r2 = await transferCase(t.database.db, a, mine, { programmeId: p.target, reason: 'Suivi par moi-même.' }, '', NOW);
    if (!r2.ok) throw new Error(JSON.stringify(r2));
    expect(r2.readable).toBe(true);
    const newOne = await readCase(t.database.db, a, r2.caseId);
    if (!newOne.ok) throw new Error('A reads the new case');
    const oldRef = (await owner('select reference from support_cases where id = $1', [mine])).rows[0].reference;
    expect(newOne.detail.transfer.from).toEqual({ id: mine, visible: true, reference: oldRef, programme: 'Source (test)' });
  });

  it('refuses, field by field, with nothing written: no reason, the same programme, another landlord’s, an inactive one, outside the target’s scope, an adviser who is not one, a closed case', async () => {
    const old = await open(p.source);
    const before = await caseCount();
    const concierge = (await owner(`select id::text from users where email = $1`, [LOGIREM.concierge])).rows[0].id;
    const cases: [Record<string, string>, number, Record<string, string>][] = [
      [{ programmeId: p.target, reason: '  ' }, 422, { reason: 'form.required' }],
      [{ programmeId: p.source, reason: 'Motif' }, 422, { programmeId: 'support.transfer.sameProgramme' }],
      [{ programmeId: p.otherLandlord, reason: 'Motif' }, 422, { programmeId: 'support.form.unknownProgramme' }],
      [{ programmeId: p.inactive, reason: 'Motif' }, 422, { programmeId: 'support.transfer.inactive' }],
      [{ programmeId: p.pension, reason: 'Motif' }, 422, { programmeId: 'support.transfer.outsideScope' }],
      [{ programmeId: p.target, adviserId: concierge, reason: 'Motif' }, 422, { adviserId: 'support.form.notAdviser' }],
      [{ programmeId: p.source, adviserId: concierge, reason: '' }, 422, { programmeId: 'support.transfer.sameProgramme', adviserId: 'support.form.notAdviser', reason: 'form.required' }],
    ];
    for (const [input, status, errors] of cases) {
      expect(await transferCase(t.database.db, a, old, input as { programmeId: string; reason: string }, '', NOW)).toEqual({ ok: false, status, errors });
    }
    expect(await caseCount()).toBe(before);
    expect((await caseRow(old)).status).toBe('open');
    const done = await transferCase(t.database.db, a, old, { programmeId: p.target, reason: 'Motif' }, '', NOW);
    expect(done.ok).toBe(true);
    expect(await transferCase(t.database.db, a, old, { programmeId: p.pension, reason: 'Encore' }, '', NOW)).toEqual({ ok: false, status: 409, errors: { form: 'support.transfer.closed' } });
    expect(await caseCount()).toBe(before + 1);
    // Someone who does not follow the case does not learn it exists.
    const other = await open(p.source);
    expect(await transferCase(t.database.db, b, other, { programmeId: p.target, reason: 'Motif' }, '', NOW)).toEqual({ ok: false, status: 404, errors: {} });
  });

  it('two transfers of the same case at once make exactly one new case; the other is refused as closed', async () => {
    const old = await open(p.source);
    const before = await caseCount();
    const [x, y] = await Promise.all([
      transferCase(t.database.db, a, old, { programmeId: p.target, reason: 'Premier' }, '', NOW),
      transferCase(t.database.db, a, old, { programmeId: p.target, reason: 'Second' }, '', NOW),
    ]);
    expect([x.ok, y.ok].sort()).toEqual([false, true]);
    expect([x, y].find((r) => !r.ok)).toEqual({ ok: false, status: 409, errors: { form: 'support.transfer.closed' } });
    expect(await caseCount()).toBe(before + 1);
    expect((await owner(`select count(*)::int as n from support_cases where transferred_from_case_id = $1`, [old])).rows[0].n).toBe(1);
  });

  it('the page: the form in English, its field errors in English with the values kept and nothing written; then 303 to the new case, which names the old one', async () => {
    const old = await open(p.source);
    await owner(`update users set locale = 'en' where email = $1`, [LOGIREM.adviserA]);
    try {
      const client = t.client();
      await client.signIn(LOGIREM.adviserA);
      const page = await (await client.get(`/support/cases/${old}`)).text();
      expect(page).toContain('Transfer to another programme');
      expect(page).toContain('Documents, notes, eligibility answers and decisions stay on this case.');
      const before = await caseCount();
      const refused = await client.post(`/support/cases/${old}/transfer`, { transferProgrammeId: p.pension, transferAdviserId: '', transferReason: 'Kept reason' });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain('This household does not live in a residence this programme applies to: choose another programme.');
      expect(html).toContain('Kept reason');
      expect(await caseCount()).toBe(before);
      const done = await client.post(`/support/cases/${old}/transfer`, { transferProgrammeId: p.target, transferAdviserId: '', transferReason: 'Moved on' });
      expect(done.status).toBe(303);
      const made = (await owner('select id::text from support_cases where transferred_from_case_id = $1', [old])).rows[0].id as string;
      expect(done.headers.get('location')).toBe(`/support/cases/${made}`);
      const oldRef = (await owner('select reference from support_cases where id = $1', [old])).rows[0].reference;
      expect(await (await client.get(`/support/cases/${made}`)).text()).toContain(`Transferred from case ${oldRef} (Source (test))`);
      expect(await (await client.get(`/support/cases/${old}`)).text()).toContain('Closed — transferred');
    } finally {
      await owner(`update users set locale = 'fr' where email = $1`, [LOGIREM.adviserA]);
    }
  });

  it('API: POST …/transfer answers 201 with the new case, the same Idempotency-Key replays it (200); GET shows the link; a token may not open in a highly sensitive programme (403 at programmeId); field errors in the caller’s language', async () => {
    const secret = await apiTokenFor(t, LOGIREM.adviserA, ['support.cases.read', 'support.cases.write']);
    const post = (id: string, body: unknown, key?: string) =>
      t.app.request(`/api/v1/support/cases/${id}/transfer`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });
    const old = await open(p.target);
    const before = await caseCount();
    expect(await (await post(old, { programmeId: p.highly, reason: 'Motif' })).json()).toMatchObject({ fields: { programmeId: expect.stringContaining('Vous ne pouvez pas') } });
    const empty = await post(old, { programmeId: p.target, reason: '' });
    expect(empty.status).toBe(422);
    expect((await empty.json()).fields).toEqual({ programmeId: 'Choisissez un autre programme que celui de cet accompagnement.', reason: 'Ce champ est obligatoire.' });
    expect(await caseCount()).toBe(before);
    const bis = await programme('Accueil bis (test)');
    const ok = await post(old, { programmeId: bis, reason: 'Motif API' }, 'transfer-key-0001');
    expect(ok.status).toBe(201);
    const made = (await ok.json()) as { id: string; reference: string; transferredFromCaseId: string };
    expect(made.transferredFromCaseId).toBe(old);
    const again = await post(old, { programmeId: bis, reason: 'Motif API' }, 'transfer-key-0001');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(made);
    expect(await caseCount()).toBe(before + 1);
    const summary = await (await t.app.request(`/api/v1/support/cases/${old}`, { headers: { authorization: `Bearer ${secret}` } })).json();
    expect(summary).toMatchObject({ status: 'closed', closedAs: 'transferred', transferredToCaseId: made.id, transferredFromCaseId: null });
    const fresh = await (await t.app.request(`/api/v1/support/cases/${made.id}`, { headers: { authorization: `Bearer ${secret}` } })).json();
    expect(fresh).toMatchObject({ status: 'open', closedAs: null, transferredToCaseId: null, transferredFromCaseId: old });
  });
});
