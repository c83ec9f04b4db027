import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { CNIL_CEILING_MONTHS, readRetentionSettings, SETTINGS_RETENTION_MAX, SETTINGS_RETENTION_MIN, setRetentionDefault } from '../commands/settings.js';
import { RETENTION_ACTIONS, RETENTION_FROM } from '../schemas-programme.js';
import { SettingsPage } from '../views/settings.js';
import { refused } from './api-write.js';
import { ctx, formValues, refusal } from './respond.js';

async function page(c: Context<AppEnv>, errors: Record<string, string> = {}, values?: Record<string, string>) {
  const { db, actor } = ctx(c);
  const r = await readRetentionSettings(db, actor);
  if (!r.ok) return refusal(c, r);
  return c.html(<SettingsPage c={c} settings={r.settings} errors={errors} values={values} saved={c.req.query('done') === 'saved'} />);
}

const Settings = z.object({
  retentionMonths: z.number().int().describe('Months a closed case is kept when its programme sets no period of its own'),
  retentionFrom: z.enum(RETENTION_FROM).describe('What the period is counted from'),
  retentionAction: z.enum(RETENTION_ACTIONS).describe('What the nightly support.retention job does when it has run out'),
  chosen: z.boolean().describe('False: the built-in rule applies (24 months after the last contact, then anonymise)'),
  programmesFollowing: z.number().int(),
});

/** The organisation's support defaults (retention), for its administrator and programme managers: page and API. */
export function registerSettingsPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/settings', 'support.settings.manage', (c) => page(c));
  route(app, 'POST', '/support/settings', 'support.settings.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const r = await setRetentionDefault(db, actor, { retentionMonths: values.retentionMonths ?? '', retentionFrom: values.retentionFrom, retentionAction: values.retentionAction });
    if (r.ok) return c.redirect('/support/settings?done=saved', 303);
    if (r.status !== 422) return refusal(c, r);
    c.status(422);
    return page(c, r.errors, values);
  });

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/settings/retention',
      permission: 'support.settings.manage',
      tag: 'support',
      summary: 'The organisation’s default retention for support cases',
      description: 'Applies to programmes that set no period of their own. No case and no person.',
      response: Settings,
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await readRetentionSettings(db, actor);
      if (!r.ok) return refused(c, r);
      return c.json({ retentionMonths: r.settings.months, retentionFrom: r.settings.from, retentionAction: r.settings.action, chosen: r.settings.chosen, programmesFollowing: r.settings.programmesFollowing });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/settings/retention',
      permission: 'support.settings.manage',
      tag: 'support',
      summary: 'Set the organisation’s default retention for support cases',
      description: `Between ${SETTINGS_RETENTION_MIN} and ${CNIL_CEILING_MONTHS} months — the CNIL's ceiling for social support records, 2 years after the last contact (values up to ${SETTINGS_RETENTION_MAX} are refused with that reason; a programme under another legal obligation sets its own period) — counted from last_contact or closure, then anonymise or delete (both optional: left out, they stay as they are). 422 with fields.retentionMonths / retentionFrom / retentionAction otherwise, nothing saved. The nightly support.retention job applies the whole rule to programmes with no period of their own. Audited support.settings.retention with the old and new values.`,
      body: z.object({ retentionMonths: z.number(), retentionFrom: z.string().optional(), retentionAction: z.string().optional() }),
      response: z.object({ retentionMonths: z.number().int(), retentionFrom: z.string(), retentionAction: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await setRetentionDefault(db, actor, body);
      return r.ok ? c.json({ retentionMonths: r.months, retentionFrom: r.from, retentionAction: r.action }) : refused(c, r);
    },
  );
}
