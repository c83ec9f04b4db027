import type { Hono } from 'hono';
import { audit } from '../audit/audit.js';
import type { AppEnv } from '../http/env.js';
import { route } from '../http/routes.js';
import { formatters, type Translate } from '../i18n/index.js';
import type { PersonalDataValue } from '../privacy/personal-data.js';
import { Layout } from '../ui/layout.js';
import { collectPersonData } from './my-data.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type Show = (v: unknown, prefix?: string) => string;

function shower(t: Translate, locale: 'fr' | 'en'): Show {
  const f = formatters(locale);
  return (v, prefix) => {
    if (v === null || v === undefined || v === '') return t('privacy.myData.empty');
    if (v instanceof Date) return f.dateTime(v);
    if (typeof v === 'boolean') return t(v ? 'privacy.myData.yes' : 'privacy.myData.no');
    if (typeof v === 'string' && ISO_INSTANT.test(v)) return f.dateTime(new Date(v));
    if (prefix) return t(`${prefix}${String(v)}`);
    return String(v);
  };
}

/** One record as a list of labelled values: readable at 360 px, printable, no table to scroll. */
function Record(props: { fields: Record<string, string>; row: Record<string, PersonalDataValue | unknown>; t: Translate; show: Show; translate?: Record<string, string> }) {
  return (
    <dl class="record">
      {Object.entries(props.fields).map(([name, label]) => (
        <>
          <dt>{props.t(label)}</dt>
          <dd>{props.show(props.row[name], props.translate?.[name])}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * "My data", readable (GDPR art. 15): the account, then each organisation's modules' records about the
 * person, as the JSON download gives them. No JavaScript; printing the page gives the paper or PDF copy.
 * Reading it is audited, as the download is.
 */
export function registerMyDataPage(app: Hono<AppEnv>): void {
  route(app, 'GET', '/account/data', 'account.self', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const { db } = c.get('services').database;
    const data = await collectPersonData(db, actor.userId);
    await audit(db, { action: 'privacy.my_data_viewed', actor, targetType: 'user', targetId: actor.userId });
    c.header('cache-control', 'no-store');
    const show = shower(t, c.get('locale'));
    const accountFields = ['display_name', 'email', 'phone', 'locale', 'created_at', 'password_changed_at', 'has_password', 'totp_enabled'];
    const label = (k: string) => `privacy.myData.f.${k}`;
    return c.html(
      <Layout c={c} title={t('privacy.myData.title')}>
        <h1>{t('privacy.myData.title')}</h1>
        <p>{t('privacy.myData.intro')}</p>
        <p>{t('privacy.myData.generatedAt', { date: show(new Date()) })}</p>
        <p>
          <a href="/account/data.json" download>
            {t('privacy.myData.download')}
          </a>
        </p>
        <p class="hint">{t('privacy.myData.print')}</p>

        <h2>{t('privacy.myData.account')}</h2>
        <Record fields={Object.fromEntries(accountFields.map((k) => [k, label(k)]))} row={data.account} t={t} show={show} />
        <h3>{t('privacy.myData.memberships')}</h3>
        <ul>
          {data.memberships.map((m) => (
            <li>
              {m.organisation} — {t(`role.${m.role}`)}
            </li>
          ))}
        </ul>
        <h3>{t('privacy.myData.sessions')}</h3>
        <ul>
          {data.sessions.map((s) => (
            <li>
              <Record fields={{ last_seen_at: label('last_seen_at'), expires_at: label('expires_at'), user_agent: label('user_agent') }} row={{ ...s, user_agent: String(s.user_agent ?? '').slice(0, 80) }} t={t} show={show} />
            </li>
          ))}
        </ul>

        {data.organisations.map((o) => (
          <section aria-labelledby={`org-${o.organisation_id}`}>
            <h2 id={`org-${o.organisation_id}`}>{t('privacy.myData.organisation', { name: o.organisation })}</h2>
            {o.sections.map((s) => (
              <section aria-labelledby={`s-${o.organisation_id}-${s.id}`}>
                <h3 id={`s-${o.organisation_id}-${s.id}`}>
                  {t(s.title)} <span class="hint">({t('privacy.myData.count', { count: s.rows.length })})</span>
                </h3>
                {s.note && <p class="hint">{t(s.note)}</p>}
                {s.rows.length === 0 ? (
                  <p>{t('privacy.myData.none')}</p>
                ) : (
                  <ol class="records">
                    {s.rows.map((r) => (
                      <li>
                        <Record fields={s.fields} row={r} t={t} show={show} translate={s.translate} />
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            ))}
          </section>
        ))}
        <p>{t('privacy.myData.askDpo')}</p>
      </Layout>,
    );
  });
}
