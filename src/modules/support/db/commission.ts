import type { Tx } from '../../../platform/db/tenant.js';
import { isUuid } from '../commands/result.js';

export type SessionRow = { id: string; organisation_id: string; programme_id: string; held_on: string; cutoff_on: string; quorum: number; status: 'planned' | 'open' | 'signed'; signed_at: Date | null };

export async function sessionById(tx: Tx, id: string, lock = false): Promise<SessionRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = tx
    .selectFrom('support_sessions')
    .select(['id', 'organisation_id', 'programme_id', 'quorum', 'status', 'signed_at'])
    .select((s) => [s.fn<string>('to_char', [s.ref('held_on'), s.val('YYYY-MM-DD')]).as('held_on'), s.fn<string>('to_char', [s.ref('cutoff_on'), s.val('YYYY-MM-DD')]).as('cutoff_on')])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as SessionRow | undefined;
}

export async function sessionMembers(tx: Tx, sessionId: string): Promise<{ user_id: string; display_name: string; present: boolean }[]> {
  return (await tx
    .selectFrom('support_session_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.display_name', 'm.present'])
    .where('m.session_id', '=', sessionId)
    .orderBy('u.display_name')
    .execute()) as { user_id: string; display_name: string; present: boolean }[];
}

export type AgendaEntry = {
  dossier_id: string;
  position: number;
  code: string;
  status: string;
  hardship: string;
  rent_cents: number;
  resources_cents: number;
  household_size: number;
  facts: string;
};

/** The agenda as the commission sees it: codes, amounts and the facts — never a name or an address. */
export async function agenda(tx: Tx, sessionId: string): Promise<AgendaEntry[]> {
  return (await tx
    .selectFrom('support_agenda_items as ai')
    .innerJoin('support_dossiers as d', 'd.id', 'ai.dossier_id')
    .select(['ai.dossier_id', 'ai.position', 'd.code', 'd.status', 'd.hardship', 'd.rent_cents', 'd.resources_cents', 'd.household_size', 'd.facts'])
    .where('ai.session_id', '=', sessionId)
    .orderBy('ai.position')
    .execute()) as AgendaEntry[];
}

export type SessionDecision = { id: string; dossier_id: string; outcome: string; monthly_cents: number | null; months: number | null; reason: string; votes_for: number; votes_against: number; votes_abstain: number; corrects_id: string | null };

export async function sessionDecisions(tx: Tx, sessionId: string): Promise<SessionDecision[]> {
  return (await tx
    .selectFrom('support_decisions')
    .select(['id', 'dossier_id', 'outcome', 'monthly_cents', 'months', 'reason', 'votes_for', 'votes_against', 'votes_abstain', 'corrects_id'])
    .where('session_id', '=', sessionId)
    .orderBy('decided_at')
    .execute()) as SessionDecision[];
}
