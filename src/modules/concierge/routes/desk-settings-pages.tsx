import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, fieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { saveDeskSettings } from '../commands/desk-settings.js';
import { deskSettingsSchema } from '../schemas-offer.js';
import { type Ctx, failure, formOf, Notice } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

async function settingsPage(c: Ctx, values?: Record<string, string>, errors: Record<string, string> = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const v = values ?? { parcelReturnDays: String(desk.parcel_return_days), returnNoticeDays: String(desk.return_notice_days), parcelReminderDays: String(desk.parcel_reminder_days) };
  const labels = { parcelReturnDays: t('concierge.settings.returnDays'), returnNoticeDays: t('concierge.settings.noticeDays'), parcelReminderDays: t('concierge.settings.reminderDays') };
  if (Object.keys(errors).length) c.status(422);
  return c.html(
    <Layout c={c} title={t('concierge.settings.title')}>
      <h1>{t('concierge.settings.title')}</h1>
      <Notice c={c} keyName={c.req.query('done') === 'saved' ? 'concierge.manage.notice.saved' : undefined} />
      <p>{desk.name}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action="/concierge/desk/settings" csrf={c.get('csrf')}>
        <h2>{t('concierge.settings.parcels')}</h2>
        <Field t={t} name="parcelReminderDays" label={labels.parcelReminderDays} hint={t('concierge.settings.reminderDaysHint')} value={v.parcelReminderDays ?? ''} error={errors.parcelReminderDays} inputmode="numeric" />
        <Field t={t} name="parcelReturnDays" label={labels.parcelReturnDays} hint={t('concierge.settings.returnDaysHint')} value={v.parcelReturnDays ?? ''} error={errors.parcelReturnDays} inputmode="numeric" />
        <Field t={t} name="returnNoticeDays" label={labels.returnNoticeDays} hint={t('concierge.settings.noticeDaysHint')} value={v.returnNoticeDays ?? ''} error={errors.returnNoticeDays} inputmode="numeric" />
        <button type="submit">{t('concierge.manage.save')}</button>
      </PostForm>
      <p>
        <a href="/concierge/desk">{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

/** The desk's settings page: for now, how long unclaimed parcels wait and when the household is told. */
export function registerDeskSettingsPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/concierge/desk/settings', 'concierge.staff', (c) => settingsPage(c));
  route(app, 'POST', '/concierge/desk/settings', 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = deskSettingsSchema.safeParse(form);
    if (!parsed.success) return settingsPage(c, form, fieldErrors(parsed.error.issues));
    try {
      await saveDeskSettings(c.get('services').database.db, c.get('actor') as Actor, parsed.data);
      return c.redirect('/concierge/desk/settings?done=saved', 303);
    } catch (e) {
      return failure(c, e, '/concierge/desk/settings');
    }
  });
}
