import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { startTestSmtp } from '../../platform/mail/test-smtp.js';
import { allocatePlace, createQuota } from './commands/quotas.js';
import { quotaAlertsJob } from './jobs/quota-alerts.js';
import { actorFor, LOGIREM, mailsDeliveredTo } from './test-helpers.js';

/** support.quota-alerts: a commitment falling behind schedule is e-mailed once per falling-behind, with a fixed clock, through the SMTP test server. */
let t: Awaited<ReturnType<typeof testApp>>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let manager: Actor;
let quotaId: string;
let partner: string;
const YEAR = 2031;
const log = pino({ level: 'silent' });
const owner = async (q: string, params: unknown[] = []) => (await t.database.owner.query(q, params)).rows;
const run = (day: string) => quotaAlertsJob.run({ services: t.services, now: new Date(`${day}T07:00:00Z`), log }) as Promise<{ alerts: number; cleared: number }>;

const mailsTo = (email: string) => mailsDeliveredTo(t.services, smtp.mails, email);

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await testApp({ SMTP_URL: smtp.url });
  manager = await actorFor(t.database.db, LOGIREM.manager);
  const ddch = (await owner(`select id, name from organisations where slug = 'ddch'`))[0];
  partner = ddch.name;
  // 4 places in the year: behind once a quarter of the year is gone with none given.
  const q = await createQuota(t.database.db, manager, { partnerId: ddch.id, label: 'Ménages orientés par la DDCH', year: YEAR, places: 4 });
  if (!q.ok) throw new Error('quota');
  quotaId = q.quotaId;
});
afterAll(() => smtp.close());

describe('quota alerts job', () => {
  it('e-mails the programme managers once when a commitment falls behind, again only after it caught up and fell behind again; no applicant in the message', async () => {
    expect((await run(`${YEAR}-02-01`)).alerts).toBe(0); // 31 days of 365: nothing expected yet
    expect(await mailsTo(LOGIREM.manager)).toHaveLength(0);

    expect((await run(`${YEAR}-05-01`)).alerts).toBe(1); // one place expected, none given
    const [first] = await mailsTo(LOGIREM.manager);
    expect(first.subject).toBe(`Palier : l’engagement ${YEAR} avec ${partner} prend du retard`);
    expect(first.text).toContain('0 logement attribué sur 4, 1 attendu à cette date');
    expect(first.text).toContain('/support/programmes');
    expect(first.text).not.toContain('Ménages orientés');
    // Run again the same day, and the next: still behind, already told.
    expect((await run(`${YEAR}-05-01`)).alerts).toBe(0);
    expect((await run(`${YEAR}-05-02`)).alerts).toBe(0);
    expect(await mailsTo(LOGIREM.manager)).toHaveLength(1);

    // A place given: caught up, the mark is cleared; falling behind again later is told again.
    expect((await allocatePlace(t.database.db, manager, quotaId, { applicantRef: 'DDCH-ALERT-1' })).ok).toBe(true);
    expect(await run(`${YEAR}-05-03`)).toMatchObject({ alerts: 0, cleared: 1 });
    expect((await run(`${YEAR}-07-15`)).alerts).toBe(1); // two places expected, one given
    const all = await mailsTo(LOGIREM.manager);
    expect(all).toHaveLength(2);
    expect(all[1].text).toContain('1 logement attribué sur 4, 2 attendus à cette date');
    for (const m of all) expect(m.text + m.subject).not.toContain('DDCH-ALERT-1');
  });
});
