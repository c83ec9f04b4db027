import type { Tx } from '../../../platform/db/tenant.js';
import type { ProposalStatus } from '../domain/proposal-status.js';

export type ProposalRef = {
  id: string;
  organisation_id: string;
  process_id: string;
  status: ProposalStatus;
  hidden_at: Date | null;
  residence_id: string | null;
};

/** The proposal with its process's audience; `lock` holds it until the transaction ends (answers are serialised). */
export async function findProposal(tx: Tx, id: string, lock = false): Promise<ProposalRef | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  let q = tx
    .selectFrom('community_proposals as p')
    .innerJoin('community_processes as pr', 'pr.id', 'p.process_id')
    .select(['p.id', 'p.organisation_id', 'p.process_id', 'p.status', 'p.hidden_at', 'pr.residence_id'])
    .where('p.id', '=', id);
  if (lock) q = q.forUpdate('p');
  return (await q.executeTakeFirst()) as ProposalRef | undefined;
}

export async function findProcess(tx: Tx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return tx.selectFrom('community_processes').select(['id', 'organisation_id', 'residence_id', 'title', 'ends_on']).where('id', '=', id).executeTakeFirst();
}
