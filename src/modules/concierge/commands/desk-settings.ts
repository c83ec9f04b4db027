import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import type { DeskSettingsInput } from '../schemas-offer.js';
import { asStaff } from './parcels.js';

/** The concierge sets its desk's parcel-return limit, the notice before it and the reminder; audited with the old and new values. */
export async function saveDeskSettings(db: Db, actor: Actor, input: DeskSettingsInput): Promise<void> {
  await asStaff(db, actor, async (tx, desk) => {
    const reminder = input.parcelReminderDays ?? desk.parcel_reminder_days;
    await tx.updateTable('concierge_desks').set({ parcel_return_days: input.parcelReturnDays, return_notice_days: input.returnNoticeDays, parcel_reminder_days: reminder }).where('id', '=', desk.id).execute();
    await audit(tx, {
      action: 'concierge.desk.settings_updated',
      actor,
      targetType: 'concierge_desk',
      targetId: desk.id,
      details: { parcelReturnDays: [desk.parcel_return_days, input.parcelReturnDays], returnNoticeDays: [desk.return_notice_days, input.returnNoticeDays], ...(reminder !== desk.parcel_reminder_days ? { parcelReminderDays: [desk.parcel_reminder_days, reminder] } : {}) },
    });
  });
}
