import { queueNotification } from '../../../platform/notify/index.js';
import type { Tx } from '../../../platform/db/tenant.js';

/**
 * After a confirmed scope edit, tells each adviser assigned to an open case the edit leaves out — once per
 * adviser, however many of their cases — by their own channel, in the edit's transaction (the notice exists
 * exactly when the edit commits). A neutral sentence and a link per case: the programme is named only when it
 * is not sensitive; never the household, the reference or an address. The manager who made the edit knows.
 */
export async function noticeOfScopeEdit(
  tx: Tx,
  edit: { organisationId: string; managerId: string; programmeName: string; sensitive: boolean; caseIds: string[]; baseUrl: string },
): Promise<number> {
  if (edit.caseIds.length === 0) return 0;
  const rows = await tx.selectFrom('support_case_assignments').select(['user_id', 'case_id']).where('case_id', 'in', edit.caseIds).orderBy('case_id').execute();
  const byAdviser = new Map<string, string[]>();
  for (const r of rows) {
    const userId = r.user_id as string;
    if (userId === edit.managerId) continue;
    byAdviser.set(userId, [...(byAdviser.get(userId) ?? []), r.case_id as string]);
  }
  const base = edit.baseUrl.replace(/\/$/, '');
  for (const [userId, caseIds] of byAdviser) {
    const links = caseIds.map((id) => `${base}/support/cases/${id}`).join('\n');
    await queueNotification(tx, {
      organisationId: edit.organisationId,
      userId,
      message: (t) => ({
        subject: t('support.scopeEdit.subject'),
        text: edit.sensitive
          ? t('support.scopeEdit.textSensitive', { count: caseIds.length, links })
          : t('support.scopeEdit.text', { count: caseIds.length, links, programme: edit.programmeName }),
        sms: t('support.scopeEdit.sms'),
      }),
    });
  }
  return byAdviser.size;
}
