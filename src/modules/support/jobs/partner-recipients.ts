import type { Db } from '../../../platform/db/database.js';

/**
 * Who at a partner association hears of a notice sent by a job: its shared address when it set one (it outlives any
 * staff member), else each of its partner staff — so an association without an address is still told. Jobs run as
 * the owner; the notices are then queued as rows of the association's own organisation.
 */
export async function partnerRecipients(tx: Db, partnerOrgId: string): Promise<Array<{ email: string } | { userId: string }>> {
  const contact = await tx.selectFrom('support_partner_contacts').select('email').where('organisation_id', '=', partnerOrgId).executeTakeFirst();
  if (contact) return [{ email: contact.email as string }];
  const staff = await tx.selectFrom('memberships').select('user_id').where('organisation_id', '=', partnerOrgId).where('role', '=', 'partner_staff').execute();
  return staff.map((s) => ({ userId: s.user_id as string }));
}
