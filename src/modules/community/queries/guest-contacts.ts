import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Tx } from '../../../platform/db/tenant.js';

/**
 * Records that staff saw the name and contact of people registered without an account: they gave
 * them for one activity only, so every read is in the audit trail (which page, which registrations).
 */
export async function auditGuestRead(tx: Tx, actor: Actor, registrationIds: string[], where: 'roster' | 'requests' | 'sheet', eventId?: string): Promise<void> {
  if (registrationIds.length === 0) return;
  await audit(tx, {
    action: 'community.guest_contact.read',
    actor,
    targetType: eventId ? 'community_event' : 'community_registration',
    targetId: eventId ?? registrationIds[0],
    details: { where, registrations: registrationIds },
  });
}
