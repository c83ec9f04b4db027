import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { changeCaseStatus } from './commands/case-actions.js';
import { maintenanceDb } from './db/maintenance.js';
import { anonymiseCase } from './db/retention.js';
import { openCase } from './commands/open-case.js';
import { moveOutNoticesJob } from './jobs/move-out-notices.js';
import { actorFor, LOGIREM, mailsDeliveredTo } from './test-helpers.js';

/**
 * support.move-out-notices: when the directory's register ends an occupancy of the household of an open case,
 * its advisers are e-mailed once (through the notification queue and the SMTP test server), in their language,
 * with a neutral sentence and a link — no programme, household or address. Not for a lease passed to the
 * household in the same dwelling, a move before the case was opened, or a closed case.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let adviser: Actor;
let orgId: string;
let programmeId: string;
let elsewhere: string;
const hh: Record<string, string> = {};
const cases: Record<string, string> = {};
/** Mails caught before the test's own moves (a demo household may have moved out during its case): left out. */
let baseline = 0;
const log = pino({ level: 'silent' });
const PROGRAMME = 'Violences conjugales — canari';
const owner = async (q: string, p: unknown[] = []) => (await t.database.owner.query(q, p)).rows;
const run = () => moveOutNoticesJob.run({ services: t.services, now: new Date(), log }) as Promise<{ moveOuts: number; notices: number }>;
const mailsTo = async (email: string) => (await mailsDeliveredTo(t.services, smtp.mails, email)).filter((m) => smtp.mails.indexOf(m) >= baseline);

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  adviser = await actorFor(t.database.db, LOGIREM.adviserA);
  orgId = adviser.orgId as string;
  const residence = (await owner(`insert into residences (organisation_id, reference, name, address, postcode, city) values ($1, 'MOVE-RES', 'Résidence Canari', '7 rue Canari', '13015', 'Marseille') returning id::text`, [orgId]))[0].id;
  const dwelling = async (ref: string) =>
    (await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) values ($1, $2, $3, 3, 1, 45000) returning id::text`, [orgId, residence, ref]))[0].id as string;
  elsewhere = await dwelling('MOVE-CANARI-AILLEURS');
  for (const [key, startedDaysAgo] of [['moving', 400], ['slide', 400], ['before', 400], ['closed', 400]] as const) {
    hh[key] = (await owner(`insert into households (organisation_id, reference, name) values ($1, $2, $3) returning id::text`, [orgId, `MOVE-${key}`, `Foyer Canari ${key}`]))[0].id;
    await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date - $4::int)`, [orgId, hh[key], await dwelling(`MOVE-CANARI-${key}`), startedDaysAgo]);
  }
  // Moved out ten days before its case is opened: the adviser opened it knowing.
  await owner(`update occupancies set ends_on = current_date - 10 where household_id = $1`, [hh.before]);
  // A sensitive programme, every residence (so a household without a dwelling may be taken in).
  programmeId = await withTenant(t.database.db, { orgId }, async (tx) =>
    (
      await tx
        .insertInto('support_programmes')
        .values({ organisation_id: orgId, kind: 'generic', name: PROGRAMME, sensitivity: 'sensitive', residence_kinds: [], residence_ids: sql`'{}'::uuid[]`, legal_basis: 'Test', notice: 'Test', manager_user_id: adviser.userId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as string,
  );
  for (const key of Object.keys(hh)) {
    const r = await openCase(t.database.db, adviser, { programmeId, householdId: hh[key], situation: '', confidentialAddress: false });
    if (!r.ok) throw new Error(JSON.stringify(r));
    cases[key] = r.caseId;
  }
  // A second adviser on the moving household's case, who reads English.
  const b = (await owner(`update users set locale = 'en' where email = $1 returning id::text`, [LOGIREM.adviserB]))[0].id;
  await owner(`insert into support_case_assignments (organisation_id, case_id, programme_id, user_id) values ($1, $2, $3, $4)`, [orgId, cases.moving, programmeId, b]);
  expect((await changeCaseStatus(t.database.db, adviser, cases.closed, 'close', 'Fin')).ok).toBe(true);
  await run();
  await mailsDeliveredTo(t.services, smtp.mails, LOGIREM.adviserA);
  baseline = smtp.mails.length;
});
afterAll(() => smtp?.close());

describe('move-out notices', () => {
  it('nothing while nobody of the test has moved', async () => {
    expect(await run()).toEqual({ moveOuts: 0, notices: 0 });
    expect(await mailsTo(LOGIREM.adviserA)).toHaveLength(0);
  });

  it('a household that moves out: each adviser of its open case is e-mailed once, in their language, a neutral sentence and a link only', async () => {
    // The register (as an import would): the lease ends today, the household moves to another dwelling.
    await owner(`update occupancies set ends_on = current_date where household_id = $1 and ends_on is null`, [hh.moving]);
    await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date + 1)`, [orgId, hh.moving, elsewhere]);
    // The sliding lease passed to the household: the association's lease ends, the household's opens the next day, same dwelling.
    const [slid] = await owner(`update occupancies set ends_on = current_date - 1 where household_id = $1 and ends_on is null returning dwelling_id`, [hh.slide]);
    await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date)`, [orgId, hh.slide, slid.dwelling_id]);
    // A closed case's household moves out too.
    await owner(`update occupancies set ends_on = current_date where household_id = $1 and ends_on is null`, [hh.closed]);

    expect(await run()).toEqual({ moveOuts: 1, notices: 2 });
    const [fr] = await mailsTo(LOGIREM.adviserA);
    expect(fr.subject).toBe('Palier : un foyer que vous accompagnez quitte son logement');
    expect(fr.text).toContain('Le registre des locations indique que le foyer d’un accompagnement que vous suivez quitte son logement.');
    expect(fr.text).toContain(`/support/cases/${cases.moving}`);
    const [en] = await mailsTo(LOGIREM.adviserB);
    expect(en.subject).toBe('Palier: a household you support is leaving its dwelling');
    expect(en.text).toContain(`/support/cases/${cases.moving}`);
    const reference = (await owner('select reference from support_cases where id = $1', [cases.moving]))[0].reference;
    for (const m of [fr, en]) {
      const all = `${m.subject}\n${m.text}`;
      for (const secret of [PROGRAMME, 'Canari', 'canari', 'MOVE-', '7 rue', reference]) expect(all).not.toContain(secret);
    }
    expect(smtp.mails.slice(baseline).filter((m) => m.text.includes(cases.slide) || m.text.includes(cases.before) || m.text.includes(cases.closed))).toEqual([]);
    expect(await mailsTo(LOGIREM.manager)).toHaveLength(0);
  });

  it('told once: another run sends nothing more', async () => {
    expect((await run()).moveOuts).toBe(0);
    expect(await mailsTo(LOGIREM.adviserA)).toHaveLength(1);
    expect(await mailsTo(LOGIREM.adviserB)).toHaveLength(1);
    expect(await owner('select count(*)::int as n from support_move_out_notices where case_id = $1', [cases.moving])).toEqual([{ n: 1 }]);
  });

  it('a later move of the same household (its end recorded ahead) is told again, once, even by two runs at the same time', async () => {
    await owner(`update occupancies set ends_on = current_date + 20 where household_id = $1 and ends_on is null`, [hh.moving]);
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.moveOuts + b.moveOuts).toBe(1);
    expect(a.notices + b.notices).toBe(2);
    expect(await mailsTo(LOGIREM.adviserA)).toHaveLength(2);
    expect(await mailsTo(LOGIREM.adviserB)).toHaveLength(2);
  });

  it('the programme’s manager is told too, once per case and move, in the same neutral words (not twice when also its adviser)', async () => {
    const managerId = (await owner('select id::text from users where email = $1', [LOGIREM.manager]))[0].id;
    await owner('update support_programmes set manager_user_id = $1 where id = $2', [managerId, programmeId]);
    try {
      const household = (await owner(`insert into households (organisation_id, reference, name) values ($1, 'MOVE-managed', 'Foyer Canari managed') returning id::text`, [orgId]))[0].id;
      const [d] = await owner(`insert into dwellings (organisation_id, residence_id, reference, rooms, floor, rent_cents) select organisation_id, residence_id, 'MOVE-CANARI-managed', 2, 0, 40000 from dwellings where id = $1 returning id::text`, [elsewhere]);
      await owner(`insert into occupancies (organisation_id, household_id, dwelling_id, starts_on) values ($1, $2, $3, current_date - 300)`, [orgId, household, d.id]);
      const opened = await openCase(t.database.db, adviser, { programmeId, householdId: household, situation: '', confidentialAddress: false });
      if (!opened.ok) throw new Error(JSON.stringify(opened));
      await owner('update occupancies set ends_on = current_date where household_id = $1', [household]);
      expect(await run()).toEqual({ moveOuts: 1, notices: 2 });
      const mails = await mailsTo(LOGIREM.manager);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe('Palier : un foyer d’un programme que vous gérez quitte son logement');
      expect(mails[0].text).toContain('Le registre des locations indique que le foyer d’un accompagnement d’un programme que vous gérez quitte son logement.');
      expect(mails[0].text).toContain(`/support/cases/${opened.caseId}`);
      const reference = (await owner('select reference from support_cases where id = $1', [opened.caseId]))[0].reference;
      for (const secret of [PROGRAMME, 'Canari', 'canari', 'MOVE-', '7 rue', reference]) expect(`${mails[0].subject}\n${mails[0].text}`).not.toContain(secret);
      expect((await mailsTo(LOGIREM.adviserA)).filter((m) => m.text.includes(opened.caseId))).toHaveLength(1);
      expect(await run()).toEqual({ moveOuts: 0, notices: 0 });
      expect(await mailsTo(LOGIREM.manager)).toHaveLength(1);
    } finally {
      await owner('update support_programmes set manager_user_id = $1 where id = $2', [adviser.userId, programmeId]);
    }
  });

  it('an anonymised case keeps no move-out notice (it names the household’s occupancy)', async () => {
    expect((await changeCaseStatus(t.database.db, adviser, cases.moving, 'close', 'Fin')).ok).toBe(true);
    await maintenanceDb(t.services).transaction().execute((tx) => anonymiseCase(tx, cases.moving, new Date()));
    expect(await owner('select count(*)::int as n from support_move_out_notices where case_id = $1', [cases.moving])).toEqual([{ n: 0 }]);
  });
});
