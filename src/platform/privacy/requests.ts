import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { authorize } from '../access/authorize.js';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { type Tx, withTenant } from '../db/tenant.js';
import { HttpError } from '../http/errors.js';
import { type Day, dueDate, isDay, parisToday } from './deadline.js';

export const KINDS = ['access', 'rectification', 'erasure', 'objection', 'restriction'] as const;
export const STATUSES = ['received', 'in_progress', 'answered', 'refused'] as const;
export const PERMISSION = 'privacy.requests';

const day = z.string().trim().refine(isDay, 'privacy.error.day');
const text = (max: number) => z.string().trim().max(max, 'privacy.error.tooLong');

export const newRequestInput = z.object({
  subjectName: z.string().trim().min(2, 'form.required').max(120, 'privacy.error.tooLong'),
  subjectEmail: z.union([z.literal(''), z.string().trim().toLowerCase().email('privacy.error.email').max(200)]),
  kind: z.enum(KINDS, { error: 'form.required' }),
  receivedOn: day,
  details: text(2000),
});
export type NewRequest = z.infer<typeof newRequestInput>;

export const answerInput = z
  .object({
    status: z.enum(STATUSES, { error: 'form.required' }),
    identityChecked: z.boolean(),
    answer: text(4000),
  })
  .superRefine((v, ctx) => {
    // A closed request says what was done or why not, and only once the person's identity was checked.
    if ((v.status === 'answered' || v.status === 'refused') && v.answer.length < 3) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'privacy.error.answerRequired' });
    if (v.status === 'answered' && !v.identityChecked) ctx.addIssue({ code: 'custom', path: ['identityChecked'], message: 'privacy.error.identity' });
  });
export type Answer = z.infer<typeof answerInput>;

export type RequestRow = {
  id: string;
  subject_user_id: string | null;
  subject_name: string;
  kind: (typeof KINDS)[number];
  details: string;
  received_on: Day;
  due_on: Day;
  identity_checked: boolean;
  status: (typeof STATUSES)[number];
  answer: string;
  answered_on: Day | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function allowed(actor: Actor): string {
  if (authorize(actor, PERMISSION) !== 'allow' || !actor.orgId) throw new HttpError(403);
  return actor.orgId;
}

const columns = (tx: Tx) =>
  tx
    .selectFrom('privacy_requests')
    .select([
      'id',
      'subject_user_id',
      'subject_name',
      'kind',
      'details',
      sql<string>`to_char(received_on, 'YYYY-MM-DD')`.as('received_on'),
      sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'),
      'identity_checked',
      'status',
      'answer',
      sql<string | null>`to_char(answered_on, 'YYYY-MM-DD')`.as('answered_on'),
    ]);

/** The organisation's requests, open ones first by due day, then the closed ones, newest first. */
export async function listRequests(db: Db, actor: Actor): Promise<RequestRow[]> {
  const org = allowed(actor);
  return withTenant(db, { orgId: org }, (tx) =>
    columns(tx)
      .where('organisation_id', '=', org)
      .orderBy(sql`status in ('answered', 'refused')`)
      .orderBy('due_on')
      .orderBy('received_on', 'desc')
      .limit(500)
      .execute(),
  ) as Promise<RequestRow[]>;
}

/** One request of the actor's organisation; another organisation's or a missing one is 404. */
export async function findRequest(db: Db, actor: Actor, id: string): Promise<RequestRow> {
  const org = allowed(actor);
  if (!UUID.test(id)) throw new HttpError(404);
  const row = await withTenant(db, { orgId: org }, (tx) => columns(tx).where('organisation_id', '=', org).where('id', '=', id).executeTakeFirst());
  if (!row) throw new HttpError(404);
  return row as RequestRow;
}

/**
 * Records a request received on a given day; the deadline is computed, never typed. The person is
 * linked to their account when the e-mail given names a member of the organisation (422 otherwise).
 */
export async function recordRequest(db: Db, actor: Actor, input: NewRequest): Promise<string> {
  const org = allowed(actor);
  if (input.receivedOn > parisToday()) throw new HttpError(422, 'receivedOn:privacy.error.future');
  return withTenant(db, { orgId: org }, async (tx) => {
    let subject: string | null = null;
    if (input.subjectEmail) {
      const found = await tx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('u.id')
        .where('m.organisation_id', '=', org)
        .where(sql`lower(u.email)`, '=', input.subjectEmail)
        .executeTakeFirst();
      if (!found) throw new HttpError(422, 'subjectEmail:privacy.error.noAccount');
      subject = found.id;
    }
    const row = await tx
      .insertInto('privacy_requests')
      .values({
        organisation_id: org,
        subject_user_id: subject,
        subject_name: input.subjectName,
        kind: input.kind,
        details: input.details,
        received_on: input.receivedOn,
        due_on: dueDate(input.receivedOn),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { action: 'privacy.request.recorded', actor, targetType: 'privacy_request', targetId: row.id, details: { kind: input.kind } });
    return row.id as string;
  });
}

/** Moves a request on: in progress, answered (identity checked) or refused, with the answer given. */
export async function answerRequest(db: Db, actor: Actor, id: string, input: Answer): Promise<void> {
  const org = allowed(actor);
  if (!UUID.test(id)) throw new HttpError(404);
  await withTenant(db, { orgId: org }, async (tx) => {
    const closed = input.status === 'answered' || input.status === 'refused';
    const r = await tx
      .updateTable('privacy_requests')
      .set({
        status: input.status,
        identity_checked: input.identityChecked,
        answer: input.answer,
        answered_on: closed ? parisToday() : null,
        updated_at: sql`now()`,
      })
      .where('organisation_id', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new HttpError(404);
    await audit(tx, { action: 'privacy.request.updated', actor, targetType: 'privacy_request', targetId: id, details: { status: input.status } });
  });
}
