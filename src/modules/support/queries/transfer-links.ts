import type { Actor } from '../../../platform/access/actor.js';
import type { Tx } from '../../../platform/db/tenant.js';
import { caseAccess, caseById } from '../db/cases.js';
import { canReadCase } from '../policy.js';

/** The other case of a transfer: its reference and programme when the reader may read it, else only its id (`visible: false`). */
export type TransferLink = { id: string; visible: boolean; reference: string | null; programme: string | null };
export type TransferLinks = { closedAs: 'transferred' | null; to: TransferLink | null; from: TransferLink | null };

/**
 * The transfer links of a case as this reader may see them. The other case is named only to whoever may read it
 * (its own row-level security, then the policy): a case moved from a sensitive programme to an ordinary one, or the
 * other way, is never shown to someone outside its own need-to-know — they only learn that it was transferred.
 */
export async function transferLinks(tx: Tx, actor: Actor, caseId: string): Promise<TransferLinks> {
  const row = await tx.selectFrom('support_cases').select(['closed_as', 'transferred_to_case_id', 'transferred_from_case_id']).where('id', '=', caseId).executeTakeFirst();
  const link = async (id: string | null): Promise<TransferLink | null> => {
    if (!id) return null;
    const other = await caseById(tx, id);
    if (!other || canReadCase(actor, await caseAccess(tx, other)) !== 'allow') return { id, visible: false, reference: null, programme: null };
    const p = await tx.selectFrom('support_programmes').select('name').where('id', '=', other.programme_id).executeTakeFirst();
    return { id, visible: true, reference: other.reference, programme: (p?.name as string | undefined) ?? null };
  };
  return {
    closedAs: (row?.closed_as as 'transferred' | null | undefined) ?? null,
    to: await link((row?.transferred_to_case_id as string | null) ?? null),
    from: await link((row?.transferred_from_case_id as string | null) ?? null),
  };
}
