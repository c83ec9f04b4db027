import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { actorOf, addResident } from '../test-helpers.js';
import { answerProposal } from './answer-proposal.js';
import { commentOnProposal } from './comments.js';
import { addMilestone, completeMilestone } from './milestones.js';
import { submitProposal } from './submit-proposal.js';
import { supportProposal } from './support-proposal.js';

let t: Awaited<ReturnType<typeof testApp>>;
let resident: Actor;
let manager: Actor;
let processId: string;
beforeAll(async () => {
  t = await testApp();
  resident = await actorOf(t.database, demo('resident'));
  manager = await actorOf(t.database, demo('programme_manager'));
  const { rows } = await t.database.owner.query(`select id from community_processes where title like 'Réma’Vert 2026%'`);
  processId = rows[0].id;
});
const q = async (sql: string, params: unknown[]) => (await t.database.owner.query(sql, params)).rows;

describe('answers and progress milestones', () => {
  it('tells the author, supporters and commenters of every answer by their own channel', async () => {
    const id = await submitProposal(t.database.db, resident, processId, { title: 'Des nichoirs à oiseaux', body: 'Dans le cœur d’îlot.', category: 'environment' });
    const [other] = (await q(`select h.id from households h where h.reference like 'PN-REMAVERT-ARC-%' and h.id <> $1 order by h.reference limit 1`, [resident.householdId])).map((r) => r.id);
    const supporter = await addResident(t.database, 'plurial-novilia', other, 'Chloé Martin');
    const commenter = await addResident(t.database, 'plurial-novilia', other, 'Hugo Martin');
    await supportProposal(t.database.db, supporter, id);
    await commentOnProposal(t.database.db, commenter, id, { body: 'Bonne idée !' });
    await answerProposal(t.database.db, manager, id, { status: 'accepted', body: 'La régie pose six nichoirs.' });
    const sent = await q(`select user_id, channel, subject, body from notifications where subject like '%nichoirs%' order by user_id`, []);
    expect(sent.map((n) => n.user_id).sort()).toEqual([resident.userId, supporter.userId, commenter.userId].sort());
    expect(sent.every((n) => n.channel === 'email' && n.body.includes('La régie pose six nichoirs.'))).toBe(true);
    expect(sent.find((n) => n.user_id === resident.userId).subject).toBe('Réponse à « Des nichoirs à oiseaux » : Acceptée');
  });

  it('plans steps only once a proposal is accepted, marks each done once, and tells everyone concerned', async () => {
    const id = await submitProposal(t.database.db, resident, processId, { title: 'Un abri pour les vélos', body: 'Près de l’entrée.', category: 'mobility' });
    await expect(addMilestone(t.database.db, manager, id, { label: 'Choisir le modèle' })).rejects.toMatchObject({ status: 409, errors: { label: 'community.milestone.notAccepted' } });
    await answerProposal(t.database.db, manager, id, { status: 'accepted', body: 'Un abri de dix places.' });
    await expect(addMilestone(t.database.db, resident, id, { label: 'Choisir le modèle' })).rejects.toMatchObject({ status: 403 });
    await expect(addMilestone(t.database.db, manager, id, { label: 'x', plannedOn: '2027-13-01' })).rejects.toMatchObject({
      status: 422,
      errors: { label: 'community.form.tooShort', plannedOn: 'community.form.date' },
    });
    const first = await addMilestone(t.database.db, manager, id, { label: 'Choisir le modèle avec le comité', plannedOn: '2027-02-01' });
    await addMilestone(t.database.db, manager, id, { label: 'Poser l’abri', plannedOn: '2027-04-15' });
    const before = (await q(`select count(*)::int n from notifications where subject like '%abri pour les vélos%'`, []))[0].n;
    expect((await completeMilestone(t.database.db, manager, first.id, { doneOn: '2027-01-28' })).proposalId).toBe(id);
    await expect(completeMilestone(t.database.db, manager, first.id, { doneOn: '2027-01-29' })).rejects.toMatchObject({ status: 409 });
    const after = await q(`select subject from notifications where subject like '%abri pour les vélos%' order by created_at desc`, []);
    expect(after.length).toBe(before + 1);
    expect(after[0].subject).toBe('Avancement de « Un abri pour les vélos »');
    const rows = await q('select label, planned_on::text, done_on::text from community_milestones where proposal_id = $1 order by planned_on', [id]);
    expect(rows).toEqual([
      { label: 'Choisir le modèle avec le comité', planned_on: '2027-02-01', done_on: '2027-01-28' },
      { label: 'Poser l’abri', planned_on: '2027-04-15', done_on: null },
    ]);
    // Another landlord's manager does not see the milestone.
    const stranger = await actorOf(t.database, demo('programme_manager'));
    const { rows: orgs } = await t.database.owner.query(`select id from organisations where slug = 'logirem'`);
    await expect(completeMilestone(t.database.db, { ...stranger, orgId: orgs[0].id }, first.id, { doneOn: '2027-01-28' })).rejects.toMatchObject({ status: 404 });
  });
});
