import type { Tx } from '../../../platform/db/tenant.js';
import { queueNotification } from '../../../platform/notify/index.js';

export type GardenNotice = 'allocated' | 'renewal';

/** Tells a household about its garden plot by its own channel (an account of the household, else its e-mail or phone). */
export async function gardenNotice(tx: Tx, kind: GardenNotice, householdId: string, values: { season: string; plot: string }): Promise<void> {
  const h = await tx
    .selectFrom('households as h')
    .select(['h.organisation_id', 'h.email', 'h.phone', 'h.channel', 'h.preferred_language'])
    .select((e) => e.selectFrom('memberships as m').select('m.user_id').whereRef('m.household_id', '=', 'h.id').where('m.role', '=', 'resident').orderBy('m.user_id').limit(1).as('user_id'))
    .where('h.id', '=', householdId)
    .executeTakeFirst();
  if (!h) return;
  await queueNotification(tx, {
    organisationId: h.organisation_id,
    userId: h.user_id ?? null,
    email: h.channel === 'sms' ? null : h.email,
    phone: h.phone,
    locale: h.preferred_language === 'en' ? 'en' : 'fr',
    message: (t) => {
      const subject = t(`spaces.garden.notice.${kind}.subject`, values);
      return { subject, text: `${t(`spaces.garden.notice.${kind}.text`, values)}\n\n${t('spaces.garden.notice.where')}`, sms: subject };
    },
  });
}
