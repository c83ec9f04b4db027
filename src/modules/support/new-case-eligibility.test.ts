import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { actorFor, LOGIREM } from './test-helpers.js';

/**
 * Eligibility answers given on the "new case" form itself: the chosen programme's questions are shown once the
 * programme is known (no JavaScript), a bad answer is a field error with the rest kept and nothing written, and
 * the answers are saved with the case, audited by question number only.
 */
let t: Awaited<ReturnType<typeof testApp>>;
let manager: Actor;
let orgId: string;
let household: string;
const prog: Record<string, string> = {};
const QUESTIONS = ['Le foyer a-t-il un projet de formation ?', 'Le foyer est-il suivi par une autre association ?'];

const owner = async (q: string, p: unknown[] = []) => (await t.database.owner.query(q, p)).rows;
const casesOf = async () => (await owner('select id::text, programme_id::text from support_cases where household_id = $1', [household])) as { id: string; programme_id: string }[];

beforeAll(async () => {
  t = await testApp();
  manager = await actorFor(t.database.db, LOGIREM.manager);
  orgId = manager.orgId as string;
  // A household without any support case, by reference (the demo gives some households cases, and ids are random).
  household = (
    await owner(
      `select h.id::text from households h join occupancies o on o.household_id = h.id and o.ends_on is null
        where h.organisation_id = $1 and not exists (select 1 from support_cases c where c.household_id = h.id) order by h.reference limit 1`,
      [orgId],
    )
  )[0].id;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    const make = async (name: string, eligibility: string[]) =>
      (
        await tx
          .insertInto('support_programmes')
          .values({ organisation_id: orgId, kind: 'generic', name, sensitivity: 'normal', residence_kinds: [], residence_ids: sql`${[]}::uuid[]`, eligibility: JSON.stringify(eligibility), legal_basis: 'Test', notice: 'Test', manager_user_id: manager.userId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id as string;
    prog.asking = await make('Insertion par le logement', QUESTIONS);
    prog.other = await make('Prévention des impayés', ['Le foyer a-t-il une dette de loyer ?']);
  });
});

describe('eligibility answers on the "new case" form', () => {
  it('the household chosen, links choose a programme with questions; the programme chosen, its questions are on the form', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const chosen = await (await client.get(`/support/cases/new?householdId=${household}`)).text();
    expect(chosen).toContain('Pour répondre aux questions d’éligibilité dès l’ouverture, choisissez le programme :');
    expect(chosen).toContain(`href="/support/cases/new?householdId=${household}&amp;programmeId=${prog.asking}"`);
    expect(chosen).not.toContain(QUESTIONS[0]);
    const form = await (await client.get(`/support/cases/new?householdId=${household}&programmeId=${prog.asking}`)).text();
    expect(form).toContain('Éligibilité — Insertion par le logement');
    for (const q of QUESTIONS) expect(form).toContain(`<legend>${q}</legend>`);
    expect(form).toContain(`name="eligibilityFor" value="${prog.asking}"`);
  });

  it('a bad answer is a field error in French, the other answers and the situation kept, nothing written; answers to another programme’s questions too', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const base = { householdId: household, programmeId: prog.asking, eligibilityFor: prog.asking, situation: 'Situation gardée' };
    const bad = await client.post('/support/cases', { ...base, q0: 'yes', q1: 'peut-être' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Répondez à cette question (oui, non ou ne sait pas).');
    expect(html).toContain('href="#f-q1"');
    expect(html).toMatch(/name="q0" value="yes"[^>]*checked/);
    expect(html).toContain('Situation gardée');
    expect(await casesOf()).toEqual([]);
    // The form showed the questions of one programme, then another programme was chosen: not the answers to its questions.
    const mixed = await client.post('/support/cases', { ...base, programmeId: prog.other, q0: 'no' });
    expect(mixed.status).toBe(422);
    const again = await mixed.text();
    expect(again).toContain('Ces réponses portaient sur les questions d’un autre programme');
    // The page now shows the questions of the programme chosen, unanswered.
    expect(again).toContain('<legend>Le foyer a-t-il une dette de loyer ?</legend>');
    expect(again).toContain(`name="eligibilityFor" value="${prog.other}"`);
    expect(again).not.toMatch(/name="q0" value="no"[^>]*checked/);
    expect(await casesOf()).toEqual([]);
    expect(await owner('select 1 from support_eligibility_answers where programme_id = any($1::uuid[])', [[prog.asking, prog.other]])).toEqual([]);
  });

  it('in English for an English-speaking adviser', async () => {
    await owner(`update users set locale = 'en' where email = $1`, [LOGIREM.adviserB]);
    try {
      const client = t.client();
      await client.signIn(LOGIREM.adviserB);
      const res = await client.post('/support/cases', { householdId: household, programmeId: prog.asking, eligibilityFor: prog.asking, situation: '', q1: 'maybe' });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('Answer this question (yes, no or don’t know).');
    } finally {
      await owner(`update users set locale = 'fr' where email = $1`, [LOGIREM.adviserB]);
    }
    expect(await casesOf()).toEqual([]);
  });

  it('good answers are saved with the case (some may be left for later), audited by question number', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.adviserA);
    const ok = await client.post('/support/cases', { householdId: household, programmeId: prog.asking, eligibilityFor: prog.asking, situation: '', q1: 'unknown' });
    expect(ok.status).toBe(303);
    const [made] = await casesOf();
    expect(ok.headers.get('location')).toBe(`/support/cases/${made.id}`);
    const answers = await owner('select question_index, question, answer from support_eligibility_answers where case_id = $1 order by question_index', [made.id]);
    expect(answers).toEqual([{ question_index: 1, question: QUESTIONS[1], answer: 'unknown' }]);
    const trail = await owner(`select details from audit_events where action = 'support.case.eligibility' and target_id = $1`, [made.id]);
    expect(trail.map((r) => r.details)).toEqual([{ questions: [1] }]);
    // The case page shows the answer given at opening.
    const page = await (await client.get(`/support/cases/${made.id}`)).text();
    expect(page).toContain('Réponses aux questions d’éligibilité (1 sur 2)');
  });
});
