import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { listProgrammes, type ProgrammeRow } from '../db/cases.js';
import { type FundBalance, fundOf } from '../db/fund.js';
import { asActor, denied, type Result } from '../commands/result.js';

export type ProgrammeOverview = ProgrammeRow & { partner_name: string | null; open_cases: number; fund: FundBalance | null; mine: boolean };

/** The programmes of the organisation, with the cases and fund of those the actor manages. */
export async function programmeOverview(db: Db, actor: Actor): Promise<Result<{ programmes: ProgrammeOverview[] }>> {
  const d = authorize(actor, 'support.cases.read');
  if (d !== 'allow') return denied(d);
  const programmes = await asActor(db, actor, async (tx) => {
    const rows = await listProgrammes(tx);
    const out: ProgrammeOverview[] = [];
    for (const p of rows) {
      const mine = p.manager_user_id === actor.userId;
      out.push({ ...p, open_cases: Number(p.open_cases), mine, fund: mine && p.kind === 'rent_aid' ? ((await fundOf(tx, p.id)) ?? null) : null });
    }
    return out;
  });
  return { ok: true, programmes };
}
