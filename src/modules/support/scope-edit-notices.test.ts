import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { openCase } from './commands/open-case.js';
import { updateProgramme } from './commands/save-programme.js';
import { actorFor, LOGIREM, mailsDeliveredTo } from './test-helpers.js';

/**
 * A confirmed scope edit e-mails each adviser of the open cases it leaves out, once (one message for all their
 * cases), through the notification queue and the SMTP test server: a neutral sentence and a link per case, the
 * programme named only when it is not sensitive, never the household, its reference or an address. Not the cases
 * already outside before the edit, nor those still covered, nor the manager who made it; nothing when refused.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let adviser: Actor;
let manager: Actor;
let orgId: string;
let adviserBId: string;
const res: Record<string, string> = {};
let baseline = 0;
const owner = async (q: string, p: unknown[] = []) => (await t.database.owner.query(q, p)).rows;
const mailsTo = async (email: string) => (await mailsDeliveredTo(t.services, smtp.mails, email)).filter((m) => smtp.mails.indexOf(m) >= baseline);

/** A household made for the test, living in a dwelling of `residence` since a year. */
const household = async (key: string, residence: string) => {
  const h = (await owner(`insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id::text`, [orgId, `PINSON-${key}`, `Foyer Pinson ${key}`]))[0].id as string;
  const d = (await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 45000) returning id::text`, [orgId, residence, `PINSON-D-${key}`]))[0].id;
  await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date - 365)`, [orgId, h, d]);
  return h;
};
const programme = (name: string, sensitivity: 'normal' | 'sensitive') =>
  withTenant(t.database.db, { orgId }, async (tx) =>
    (
      await tx
        .insertInto('support_programmes')
        .values({ organisation_id: orgId, kind: 'generic', name, sensitivity, residence_kinds: [], residence_ids: sql`${[res.a, res.b]}::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: manager.userId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as string,
  );
const open = async (programmeId: string, householdId: string) => {
  const r = await openCase(t.database.db, adviser, { programmeId, householdId, situation: '', confidentialAddress: false });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.caseId;
};
const input = (name: string, sensitivity: 'normal' | 'sensitive', residenceIds: string[]) => ({
  name,
  kind: 'generic' as const,
  sensitivity,
  partnerIds: [],
  residenceKinds: [],
  residenceIds,
  eligibility: [],
  steps: [],
  retentionMonths: null,
  retentionFrom: 'last_contact' as const,
  retentionAction: 'anonymise' as const,
  legalBasis: 'Mission',
  notice: 'Notice',
});

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  manager = await actorFor(t.database.db, LOGIREM.manager);
  orgId = adviser.orgId as string;
  adviserBId = (await owner(`update users set locale = 'en' where email = $1 returning id::text`, [LOGIREM.adviserB]))[0].id;
  for (const key of ['a', 'b', 'c'])
    res[key] = (await owner(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, $2, $3, '9 rue Pinson', '13015', 'Marseille') returning id::text`, [orgId, `PINSON-${key}`, `Résidence Pinson ${key}`]))[0].id;
  await mailsDeliveredTo(t.services, smtp.mails, LOGIREM.adviserA);
  baseline = smtp.mails.length;
});
afterAll(() => smtp?.close());

describe('scope edit notices', () => {
  it('page: refused unconfirmed, nobody told; confirmed, each adviser of a case left out is told once, in their language, with the programme and a link per case', async () => {
    const PROGRAMME = 'Médiation Pinson';
    const programmeId = await programme(PROGRAMME, 'normal');
    const c1 = await open(programmeId, await household('1', res.a));
    const c2 = await open(programmeId, await household('2', res.a));
    const kept = await open(programmeId, await household('3', res.b));
    // Already outside before the edit: its household moved to residence C after the case was opened.
    const movedHousehold = await household('4', res.a);
    const before = await open(programmeId, movedHousehold);
    const [dc] = await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, 'PINSON-D-C', 2, 0, 40000) returning id::text`, [orgId, res.c]);
    await owner('update occupancies set ends_on = current_date - 1 where household_id = $1', [movedHousehold]);
    await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)`, [orgId, movedHousehold, dc.id]);
    // Adviser B (English) follows c1 too.
    await owner(`insert into support_case_assignments (organisation_id, case_id, programme_id, user_id) values ($1, $2, $3, $4)`, [orgId, c1, programmeId, adviserBId]);

    const client = t.client();
    await client.signIn(LOGIREM.manager);
    const form = (extra: Record<string, string> = {}) => ({
      name: PROGRAMME,
      kind: 'generic',
      sensitivity: 'normal',
      residenceIds: res.b,
      eligibility: '',
      retentionMonths: '',
      retentionFrom: 'last_contact',
      retentionAction: 'anonymise',
      legalBasis: 'Mission',
      notice: 'Notice',
      ...extra,
    });
    expect((await client.post(`/support/programmes/${programmeId}`, form())).status).toBe(422);
    expect(await owner('select count(*)::int as n from notifications where body like $1', [`%${c1}%`])).toEqual([{ n: 0 }]);
    expect((await client.post(`/support/programmes/${programmeId}`, form({ confirmOutOfScope: 'on' }))).status).toBe(303);

    const fr = await mailsTo(LOGIREM.adviserA);
    expect(fr).toHaveLength(1);
    expect(fr[0].subject).toBe('Palier : le périmètre d’un programme a changé');
    expect(fr[0].text).toContain(`Les résidences du programme « ${PROGRAMME} » ont changé : 2 accompagnements que vous suivez concernent désormais un foyer hors de son périmètre.`);
    expect(fr[0].text).toContain(`/support/cases/${c1}`);
    expect(fr[0].text).toContain(`/support/cases/${c2}`);
    expect(fr[0].text).not.toContain(kept);
    expect(fr[0].text).not.toContain(before);
    const en = await mailsTo(LOGIREM.adviserB);
    expect(en).toHaveLength(1);
    expect(en[0].subject).toBe('Palier: a programme’s scope has changed');
    expect(en[0].text).toContain('a case you follow is now about a household outside its scope');
    expect(en[0].text).toContain(`/support/cases/${c1}`);
    expect(en[0].text).not.toContain(c2);
    const references = (await owner('select reference from support_cases where id = any($1::uuid[])', [[c1, c2]])).map((r) => r.reference as string);
    for (const m of [...fr, ...en]) for (const secret of ['Pinson 1', 'Pinson 2', 'PINSON', 'rue Pinson', 'Résidence', ...references]) expect(`${m.subject}\n${m.text}`).not.toContain(secret);
    expect(await mailsTo(LOGIREM.manager)).toHaveLength(0);
  });

  it('a sensitive programme is not named; an edit that leaves no new case out tells nobody', async () => {
    baseline = smtp.mails.length;
    const PROGRAMME = 'Violences — Pinson secret';
    const programmeId = await programme(PROGRAMME, 'sensitive');
    const c = await open(programmeId, await household('5', res.a));
    expect((await updateProgramme(t.database.db, manager, programmeId, input(PROGRAMME, 'sensitive', [res.b]), { confirmOutOfScope: true, baseUrl: 'https://palier.test' })).ok).toBe(true);
    const [m] = await mailsTo(LOGIREM.adviserA);
    expect(m.text).toContain('Les résidences d’un programme ont changé : un accompagnement que vous suivez concerne désormais un foyer hors de son périmètre.');
    expect(m.text).toContain(`https://palier.test/support/cases/${c}`);
    expect(`${m.subject}\n${m.text}`).not.toContain('Pinson');
    // Narrower again, the same case already outside: nothing new to tell.
    expect((await updateProgramme(t.database.db, manager, programmeId, input(PROGRAMME, 'sensitive', [res.c]), { confirmOutOfScope: true, baseUrl: 'https://palier.test' })).ok).toBe(true);
    expect(await mailsTo(LOGIREM.adviserA)).toHaveLength(1);
  });
});
