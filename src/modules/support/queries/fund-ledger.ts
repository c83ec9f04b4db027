import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { programmeById } from '../db/cases.js';
import { type FundBalance, fundOf } from '../db/fund.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from '../commands/result.js';

export type LedgerEntry = { id: string; kind: 'credit' | 'commitment' | 'release' | 'payment'; amount_cents: number; label: string; contributor: 'landlord' | 'partner' | null; decision_id: string | null; at: Date };

/**
 * A rent-aid fund's balance and its ledger (credits, commitments, releases, payments), newest first,
 * for the programme's manager only. Entries carry dossier codes and amounts, never a name. The read is audited.
 */
export async function fundLedger(db: Db, actor: Actor, programmeId: string, page: { limit: number; offset: number }): Promise<Result<{ fund: FundBalance; entries: LedgerEntry[]; total: number }>> {
  const d = authorize(actor, 'support.programmes.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const programme = isUuid(programmeId) ? await programmeById(tx, programmeId) : undefined;
    if (!programme || programme.manager_user_id !== actor.userId) throw new Abort(fail(404));
    const fund = await fundOf(tx, programmeId);
    if (!fund) throw new Abort(fail(404));
    const entries = (await tx
      .selectFrom('support_fund_entries')
      .select(['id', 'kind', 'amount_cents', 'label', 'contributor', 'decision_id', 'at'])
      .where('fund_id', '=', fund.id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute()) as LedgerEntry[];
    const count = await tx.selectFrom('support_fund_entries').select((s) => s.fn.countAll<string>().as('n')).where('fund_id', '=', fund.id).executeTakeFirstOrThrow();
    await audit(tx, { action: 'support.fund.read', actor, targetType: 'support_fund', targetId: fund.id, details: { entries: entries.length, ...(actor.kind === 'token' ? { via: 'token' } : {}) } });
    return { ok: true, fund, entries, total: Number(count.n) };
  });
}
