import { beforeAll, describe, expect, it } from 'vitest';
import { demo, testApp } from '../../../../test/app.js';
import type { Actor } from '../../../platform/access/actor.js';
import { actorOf, addResident } from '../test-helpers.js';
import { answerProposal } from './answer-proposal.js';
import { commentOnProposal, hideContent, reportComment } from './comments.js';
import { submitProposal } from './submit-proposal.js';
import { supportProposal } from './support-proposal.js';

let t: Awaited<ReturnType<typeof testApp>>;
let resident: Actor;
let manager: Actor;
let facilitator: Actor;
let processId: string;
beforeAll(async () => {
  t = await testApp();
  resident = await actorOf(t.database, demo('resident'));
  manager = await actorOf(t.database, demo('programme_manager'));
  facilitator = await actorOf(t.database, demo('facilitator'));
  const { rows } = await t.database.owner.query(`select id from community_processes where title like 'Réma’Vert 2026%'`);
  processId = rows[0].id;
});

const compost = {
  title: 'Un composteur près du bâtiment B',
  body: 'Pour nos épluchures.',
  category: 'environment',
};
const q = async (sql: string, params: unknown[]) => (await t.database.owner.query(sql, params)).rows;

describe('proposals, support and answers', () => {
  it('counts one support per household, and notifies author and supporters of each answer', async () => {
    const id = await submitProposal(t.database.db, resident, processId, compost);
    const [row] = await q('select author_user_id, credited_to, status from community_proposals where id = $1', [id]);
    expect(row).toMatchObject({
      author_user_id: resident.userId,
      credited_to: null,
      status: 'received',
    });
    // A second member of Amina's household may not add a second support for the family.
    const sameFamily = await addResident(t.database, 'plurial-novilia', resident.householdId as string, 'Yanis Benali');
    const [, other] = (await q(`select h.id from households h where h.reference like 'PN-REMAVERT-ARC-%' order by h.reference limit 2`, [])).map((r) => r.id);
    const neighbour = await addResident(t.database, 'plurial-novilia', other, 'Lucie Moreau');
    await supportProposal(t.database.db, resident, id);
    await expect(supportProposal(t.database.db, resident, id)).rejects.toMatchObject({
      status: 409,
      errors: { form: 'community.support.already' },
    });
    await expect(supportProposal(t.database.db, sameFamily, id)).rejects.toMatchObject({ status: 409 });
    await supportProposal(t.database.db, neighbour, id);
    expect((await q('select count(*)::int n from community_supports where proposal_id = $1', [id]))[0].n).toBe(2);
    await commentOnProposal(t.database.db, sameFamily, id, {
      body: 'Oui, près des jardins.',
    });

    expect(
      (
        await answerProposal(t.database.db, manager, id, {
          status: 'accepted',
          body: 'Trois bacs seront installés.',
        })
      ).notified,
    ).toBe(3);
    expect(
      (
        await answerProposal(t.database.db, manager, id, {
          status: 'done',
          body: 'Les bacs sont en place.',
        })
      ).notified,
    ).toBe(3);
    const notes = await q('select user_id, count(*)::int n from community_notifications where proposal_id = $1 group by user_id', [id]);
    expect(notes.map((n) => n.n)).toEqual([2, 2, 2]);
    const timeline = await q('select status from community_answers where proposal_id = $1 order by answered_at', [id]);
    expect(timeline.map((r) => r.status)).toEqual(['accepted', 'done']);
    await expect(
      answerProposal(t.database.db, manager, id, {
        status: 'accepted',
        body: 'x',
      }),
    ).rejects.toMatchObject({
      status: 409,
      errors: { status: 'community.answer.badTransition' },
    });
  });

  it('rejects a refusal without a reason, and lets only the landlord’s managers answer', async () => {
    const id = await submitProposal(t.database.db, resident, processId, {
      ...compost,
      title: 'Un barbecue collectif',
    });
    await expect(
      answerProposal(t.database.db, manager, id, {
        status: 'refused',
        body: ' ',
      }),
    ).rejects.toMatchObject({
      status: 422,
      errors: { body: 'community.answer.reasonRequired' },
    });
    await expect(
      answerProposal(t.database.db, resident, id, {
        status: 'under_study',
        body: 'x',
      }),
    ).rejects.toMatchObject({ status: 403 });
    await answerProposal(t.database.db, manager, id, {
      status: 'refused',
      body: 'Le règlement de la résidence interdit les feux.',
    });
    expect((await q('select status from community_proposals where id = $1', [id]))[0].status).toBe('refused');
  });

  it('credits a proposal entered by staff to the meeting, never to the staff member', async () => {
    await expect(submitProposal(t.database.db, facilitator, processId, compost)).rejects.toMatchObject({
      status: 422,
      errors: { creditedTo: 'community.proposal.creditRequired' },
    });
    const id = await submitProposal(t.database.db, facilitator, processId, {
      ...compost,
      creditedTo: 'Comité du 3 décembre',
    });
    expect((await q('select author_user_id, credited_to, entered_by from community_proposals where id = $1', [id]))[0]).toEqual({
      author_user_id: null,
      credited_to: 'Comité du 3 décembre',
      entered_by: facilitator.userId,
    });
  });

  it('moderates: a report counts once per person, hiding needs a reason and keeps it', async () => {
    const id = await submitProposal(t.database.db, resident, processId, {
      ...compost,
      title: 'Des bancs au soleil',
    });
    const comment = await commentOnProposal(t.database.db, resident, id, {
      body: 'Un message déplacé',
    });
    await reportComment(t.database.db, resident, comment);
    await reportComment(t.database.db, resident, comment);
    expect((await q('select reports from community_comments where id = $1', [comment]))[0].reports).toBe(1);
    await expect(
      hideContent(t.database.db, resident, 'comment', comment, {
        reason: 'Propos injurieux',
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      hideContent(t.database.db, facilitator, 'comment', comment, {
        reason: '',
      }),
    ).rejects.toMatchObject({ errors: { reason: 'form.required' } });
    await hideContent(t.database.db, facilitator, 'comment', comment, {
      reason: 'Propos injurieux',
    });
    expect((await q('select hidden_reason from community_comments where id = $1', [comment]))[0].hidden_reason).toBe('Propos injurieux');
  });

  it('hides another landlord’s proposals (404)', async () => {
    const clesence = await actorOf(t.database, demo('resident'));
    const id = await submitProposal(t.database.db, resident, processId, {
      ...compost,
      title: 'Un local vélos',
    });
    const stranger = {
      ...clesence,
      orgId: (await q(`select id from organisations where slug = 'clesence'`, []))[0].id,
    };
    await expect(supportProposal(t.database.db, stranger, id)).rejects.toMatchObject({ status: 404 });
    await expect(
      answerProposal(t.database.db, { ...manager, orgId: stranger.orgId }, id, {
        status: 'under_study',
        body: 'x',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
