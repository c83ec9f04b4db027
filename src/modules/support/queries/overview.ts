import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { Db } from '../../../platform/db/database.js';
import { listProgrammes, type ProgrammeRow } from '../db/cases.js';
import { type FundBalance, fundOf } from '../db/fund.js';
import { answerCounts } from '../db/eligibility.js';
import { asActor, denied, type Result } from '../commands/result.js';

export type ProgrammeOverview = ProgrammeRow & { partner_name: string | null; open_cases: number; fund: FundBalance | null; mine: boolean;
  /** For the programmes the actor manages: per eligibility question, how many cases answered yes / no / unknown. */
  answers: { question: string; yes: number; no: number; unknown: number }[];
};

/** The programmes of the organisation, with the cases and fund of those the actor manages. */
export async function programmeOverview(db: Db, actor: Actor): Promise<Result<{ programmes: ProgrammeOverview[] }>> {
  const d = authorize(actor, 'support.cases.read');
  if (d !== 'allow') return denied(d);
  const programmes = await asActor(db, actor, async (tx) => {
    const rows = await listProgrammes(tx);
    const counts = await answerCounts(tx);
    const out: ProgrammeOverview[] = [];
    for (const p of rows) {
      const mine = p.manager_user_id === actor.userId;
      const answers = mine
        ? p.eligibility.map((question, i) => {
            const n = counts.find((x) => x.programme_id === p.id && x.question_index === i);
            return { question, yes: n?.yes ?? 0, no: n?.no ?? 0, unknown: n?.unknown ?? 0 };
          })
        : [];
      out.push({ ...p, open_cases: Number(p.open_cases), mine, answers, fund: mine && p.kind === 'rent_aid' ? ((await fundOf(tx, p.id)) ?? null) : null });
    }
    return out;
  });
  return { ok: true, programmes };
}
