import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { currentResidenceOf } from '../../directory/index.js';
import { allowedNext, type ProposalStatus } from '../domain/proposal-status.js';
import { readStoredFile } from '../../../platform/files/index.js';
import { ensure, notFound } from '../errors.js';
import { asResident, audienceDecision, householdOf, P, personOf } from '../policy.js';
import { neighbourProcessRefs } from './neighbour-events.js';

export type ProcessRow = {
  id: string;
  title: string;
  description: string;
  starts_on: string;
  ends_on: string | null;
  residence: string | null;
  proposals: number;
  answered: number;
  /** The landlord running it, only on another landlord's process seen as a neighbour. */
  landlord?: string;
};
export type BoardItem = {
  id: string;
  title: string;
  category: string;
  place: string | null;
  status: ProposalStatus;
  supports: number;
  last_answer: string | null;
  last_answer_at: Date | null;
  /** What is next: the first milestone not yet reached, and its planned day. */
  next_step: string | null;
  next_step_on: string | null;
};

export type MeetingItem = { id: string; title: string; starts_at: Date; cancelled_at: Date | null; report: string | null; came: number | null };

function processRows(tx: Tx) {
  return tx
    .selectFrom('community_processes as pr')
    .leftJoin('residences as r', 'r.id', 'pr.residence_id')
    .select(['pr.id', 'pr.title', 'pr.description', sql<string>`pr.starts_on::text`.as('starts_on'), sql<string | null>`pr.ends_on::text`.as('ends_on'), 'r.name as residence'])
    .select(sql<number>`(select count(*)::int from community_proposals p where p.process_id = pr.id and p.hidden_at is null)`.as('proposals'))
    .select(sql<number>`(select count(*)::int from community_proposals p where p.process_id = pr.id and p.hidden_at is null and p.status <> 'received')`.as('answered'))
    .orderBy('pr.starts_on', 'desc');
}

/** The participation processes the actor may see, with how many proposals were answered; a resident's include other landlords' open to their neighbourhood. */
export async function listProcesses(db: Db, actor: Actor): Promise<ProcessRow[]> {
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    let q = processRows(tx);
    if (asResident(actor)) {
      const household = householdOf(actor);
      const home = household ? await currentResidenceOf(tx, household) : null;
      q = q.where((w) => (home ? w.or([w('pr.residence_id', 'is', null), w('pr.residence_id', '=', home)]) : w('pr.residence_id', 'is', null)));
    }
    return (await q.execute()) as ProcessRow[];
  });
  if (!asResident(actor)) return own;
  const refs = await neighbourProcessRefs(db, actor);
  const theirs: ProcessRow[] = [];
  for (const ref of refs) {
    const row = await withTenant(db, { orgId: ref.organisationId }, (tx) => processRows(tx).where('pr.id', '=', ref.id).executeTakeFirst());
    if (row) theirs.push({ ...(row as ProcessRow), landlord: ref.landlord });
  }
  return [...own, ...theirs];
}

/** A process and its visible proposals with their latest answer: the "you said, we did" board. Call inside withTenant. */
export async function processBoard(tx: Tx, processId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(processId)) return undefined;
  const process = await tx
    .selectFrom('community_processes')
    .select(['id', 'organisation_id', 'residence_id', 'title', 'description', sql<string>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on')])
    .where('id', '=', processId)
    .executeTakeFirst();
  if (!process) return undefined;
  const items = await tx
    .selectFrom('community_proposals as p')
    .select(['p.id', 'p.title', 'p.category', 'p.place', 'p.status'])
    .select(sql<number>`(select count(*)::int from community_supports s where s.proposal_id = p.id)`.as('supports'))
    .select(sql<string | null>`(select a.body from community_answers a where a.proposal_id = p.id order by a.answered_at desc limit 1)`.as('last_answer'))
    .select(sql<Date | null>`(select max(a.answered_at) from community_answers a where a.proposal_id = p.id)`.as('last_answer_at'))
    .select(sql<string | null>`(select m.label from community_milestones m where m.proposal_id = p.id and m.done_on is null order by m.planned_on nulls last, m.created_at limit 1)`.as('next_step'))
    .select(
      sql<string | null>`(select m.planned_on::text from community_milestones m where m.proposal_id = p.id and m.done_on is null order by m.planned_on nulls last, m.created_at limit 1)`.as(
        'next_step_on',
      ),
    )
    .where('p.process_id', '=', processId)
    .where('p.hidden_at', 'is', null)
    .orderBy('p.created_at', 'desc')
    .execute();
  // The process's meetings (workshops, committees): public facts, and how many came when a report says so.
  const meetings = await tx
    .selectFrom('community_events as e')
    .leftJoin('community_event_reports as r', 'r.event_id', 'e.id')
    .select(['e.id', 'e.title', 'e.starts_at', 'e.cancelled_at', 'r.body as report'])
    .select(
      sql<number | null>`case when r.event_id is null then null else r.walk_ins + (select coalesce(sum(g.adults + g.children), 0)::int from community_registrations g where g.event_id = e.id and g.attendance = 'present') end`.as(
        'came',
      ),
    )
    .where('e.process_id', '=', processId)
    .orderBy('e.starts_at')
    .execute();
  return { process, items: items as BoardItem[], meetings: meetings as MeetingItem[] };
}

export async function boardFor(db: Db, actor: Actor, processId: string) {
  const own = await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const board = await processBoard(tx, processId);
    if (!board) return null;
    ensure(await audienceDecision(tx, actor, P.read, board.process as never));
    return { ...board, landlord: null as string | null };
  });
  if (own) return own;
  // Not one of the landlord's: perhaps another landlord's process open to the resident's neighbourhood.
  const [ref] = asResident(actor) ? await neighbourProcessRefs(db, actor, { id: processId }) : [];
  if (!ref) notFound();
  return withTenant(db, { orgId: ref.organisationId }, async (tx) => ({ ...((await processBoard(tx, processId)) ?? notFound()), landlord: ref.landlord as string | null }));
}

/** A proposal with its public timeline, its comments (hidden ones keep their reason) and what the actor may do. */
export async function proposalDetail(db: Db, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const own = await withTenant(db, { orgId: actor.orgId }, (tx) => proposalIn(tx, actor, id, false));
  if (own) return own;
  // Not one of the landlord's: perhaps a proposal of another landlord's process open to the resident's neighbourhood.
  const [ref] = asResident(actor) ? await neighbourProcessRefs(db, actor, { proposalId: id }) : [];
  if (!ref) notFound();
  return (await withTenant(db, { orgId: ref.organisationId }, (tx) => proposalIn(tx, actor, id, true))) ?? notFound();
}

/** The proposal as seen from its landlord's context; `neighbour`: the audience was checked in the resident's own context. */
async function proposalIn(tx: Tx, actor: Actor, id: string, neighbour: boolean) {
  const p = await tx
    .selectFrom('community_proposals as p')
    .innerJoin('community_processes as pr', 'pr.id', 'p.process_id')
    .leftJoin('users as u', 'u.id', 'p.author_user_id')
    .select([
      'p.id',
      'p.title',
      'p.body',
      'p.category',
      'p.place',
      'p.status',
      'p.credited_to',
      'p.created_at',
      'p.hidden_at',
      'p.hidden_reason',
      'p.process_id',
      'pr.title as process',
      'pr.organisation_id',
      'pr.residence_id',
      'u.display_name as author',
    ])
    .select(sql<number>`(select count(*)::int from community_supports s where s.proposal_id = p.id)`.as('supports'))
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!p) return null;
  if (neighbour && p.hidden_at) return null;
  if (!neighbour) ensure(await audienceDecision(tx, actor, P.read, p as never));
  const answers = await tx.selectFrom('community_answers').select(['id', 'status', 'body', 'answered_at']).where('proposal_id', '=', id).orderBy('answered_at').execute();
  const photo = await tx.selectFrom('community_proposal_photos').select(['caption']).where('proposal_id', '=', id).executeTakeFirst();
  const milestones = await tx
    .selectFrom('community_milestones')
    .select(['id', 'label', sql<string | null>`planned_on::text`.as('planned_on'), sql<string | null>`done_on::text`.as('done_on')])
    .where('proposal_id', '=', id)
    .orderBy(sql`planned_on nulls last`)
    .orderBy('created_at')
    .execute();
  const comments = await tx
    .selectFrom('community_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_user_id')
    .select(['c.id', 'c.body', 'c.created_at', 'c.hidden_at', 'c.hidden_reason', 'c.reports', 'u.display_name as author'])
    .where('c.proposal_id', '=', id)
    .orderBy('c.created_at')
    .execute();
  const household = householdOf(actor);
  const supported = await tx
    .selectFrom('community_supports')
    .select('user_id')
    .where('proposal_id', '=', id)
    .where((w) => (household ? w.or([w('user_id', '=', personOf(actor)), w('household_id', '=', household)]) : w('user_id', '=', personOf(actor))))
    .executeTakeFirst();
  return {
    ...p,
    answers,
    photo: p.hidden_at ? null : ((photo as { caption: string } | undefined) ?? null),
    milestones: milestones as { id: string; label: string; planned_on: string | null; done_on: string | null }[],
    comments,
    supported: Boolean(supported),
    next: allowedNext(p.status as ProposalStatus),
  };
}

type NotificationRow = { id: string; read_at: Date | null; proposal_id: string; title: string; status: string; body: string; answered_at: Date };

/**
 * The actor's notifications (answers to proposals they made, supported or commented), newest first.
 * Reading changes nothing (a GET never writes). A neighbour's notifications about another landlord's
 * proposals are rows of their own landlord naming the process's (`proposal_org_id`): the answer's
 * public text is read in that landlord's context, only for proposals the person made, supported or
 * commented as a resident of this landlord.
 */
export async function myNotifications(db: Db, actor: Actor): Promise<NotificationRow[]> {
  const user = personOf(actor);
  const mine = await withTenant(db, { orgId: actor.orgId }, async (tx) => ({
    own: (await tx
      .selectFrom('community_notifications as n')
      .innerJoin('community_proposals as p', 'p.id', 'n.proposal_id')
      .innerJoin('community_answers as a', 'a.id', 'n.answer_id')
      .select(['n.id', 'n.read_at', 'p.id as proposal_id', 'p.title', 'a.status', 'a.body', 'a.answered_at'])
      .where('n.user_id', '=', user)
      .where('n.proposal_org_id', 'is', null)
      .orderBy('a.answered_at', 'desc')
      .limit(50)
      .execute()) as NotificationRow[],
    elsewhere: await tx
      .selectFrom('community_notifications')
      .select(['id', 'read_at', 'answer_id', 'proposal_org_id'])
      .where('user_id', '=', user)
      .where('proposal_org_id', 'is not', null)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute(),
  }));
  if (!mine.elsewhere.length || !actor.orgId) return mine.own;
  const guest = actor.orgId;
  const byOrg = new Map<string, typeof mine.elsewhere>();
  for (const n of mine.elsewhere) byOrg.set(n.proposal_org_id as string, [...(byOrg.get(n.proposal_org_id as string) ?? []), n]);
  const theirs: NotificationRow[] = [];
  for (const [orgId, list] of byOrg) {
    const answers = await withTenant(db, { orgId }, (tx) =>
      tx
        .selectFrom('community_answers as a')
        .innerJoin('community_proposals as p', 'p.id', 'a.proposal_id')
        .select(['a.id', 'p.id as proposal_id', 'p.title', 'a.status', 'a.body', 'a.answered_at'])
        .where(
          'a.id',
          'in',
          list.map((n) => n.answer_id as string),
        )
        .where((w) =>
          w.or([
            w.and([w('p.author_user_id', '=', user), w('p.guest_org_id', '=', guest)]),
            w.exists(tx.selectFrom('community_supports as s').select('s.user_id').whereRef('s.proposal_id', '=', 'p.id').where('s.user_id', '=', user).where('s.guest_org_id', '=', guest)),
            w.exists(tx.selectFrom('community_comments as c').select('c.id').whereRef('c.proposal_id', '=', 'p.id').where('c.author_user_id', '=', user).where('c.guest_org_id', '=', guest)),
          ]),
        )
        .execute(),
    );
    const byAnswer = new Map(answers.map((a) => [a.id as string, a]));
    for (const n of list) {
      const a = byAnswer.get(n.answer_id as string);
      if (a) theirs.push({ id: n.id as string, read_at: n.read_at as Date | null, proposal_id: a.proposal_id as string, title: a.title as string, status: a.status as string, body: a.body as string, answered_at: a.answered_at as Date });
    }
  }
  return [...mine.own, ...theirs].sort((x, y) => y.answered_at.getTime() - x.answered_at.getTime()).slice(0, 50);
}

/** Marks the actor's notifications read (the "mark as read" button of the notifications page). */
export async function markNotificationsRead(db: Db, actor: Actor): Promise<void> {
  await withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx.updateTable('community_notifications').set({ read_at: new Date() }).where('user_id', '=', personOf(actor)).where('read_at', 'is', null).execute(),
  );
}

/** What waits for the landlord: proposals not yet decided, and reported comments still shown. */
export async function moderationQueue(db: Db, actor: Actor) {
  return withTenant(db, { orgId: actor.orgId }, async (tx) => ({
    proposals: await tx
      .selectFrom('community_proposals as p')
      .innerJoin('community_processes as pr', 'pr.id', 'p.process_id')
      .select(['p.id', 'p.title', 'p.status', 'p.created_at', 'pr.title as process'])
      .where('p.status', 'in', ['received', 'under_study'])
      .where('p.hidden_at', 'is', null)
      .orderBy('p.created_at')
      .execute(),
    comments: await tx
      .selectFrom('community_comments as c')
      .innerJoin('community_proposals as p', 'p.id', 'c.proposal_id')
      .select(['c.id', 'c.body', 'c.reports', 'p.id as proposal_id', 'p.title'])
      .where('c.reports', '>', 0)
      .where('c.hidden_at', 'is', null)
      .orderBy('c.reports', 'desc')
      .execute(),
  }));
}

/** The photo of a proposal, for whoever may see the proposal (none once it is hidden). */
export async function proposalPhoto(db: Db, actor: Actor, dataDir: string, proposalId: string): Promise<{ bytes: Buffer; mediaType: string }> {
  const p = await proposalDetail(db, actor, proposalId);
  if (!p.photo) notFound();
  const row = await withTenant(db, { orgId: actor.orgId }, (tx) =>
    tx.selectFrom('community_proposal_photos').select(['storage_key', 'media_type']).where('proposal_id', '=', p.id).executeTakeFirst(),
  );
  const bytes = row ? await readStoredFile(dataDir, row.storage_key as string) : null;
  if (!row || !bytes) notFound();
  return { bytes, mediaType: row.media_type as string };
}
