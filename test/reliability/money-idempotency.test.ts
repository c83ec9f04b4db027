import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { nominate } from '../../src/modules/support/commands/nominate.js';
import { openCase } from '../../src/modules/support/commands/open-case.js';
import { actorFor, LOGIREM } from '../../src/modules/support/test-helpers.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { withTenant } from '../../src/platform/db/tenant.js';
import { demo, testApp } from '../app.js';
import { asDemo } from '../security/helpers.js';

/**
 * Idempotency of money and decisions (issue 9, reliability 2; docs/security.md finding 7): the same
 * Idempotency-Key sent 50 times at once makes one effect and every answer carries the same body (the first
 * 201, the replays 200, as the endpoints document); the same key with another body is refused with 422 and makes
 * nothing. A request arriving while the first with its key is still in flight waits for it and gets its answer
 * (the 50 concurrent sends are exactly that case), rather than 409.
 */
const N = 50;
let t: Awaited<ReturnType<typeof testApp>>;
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;

async function token(email: string, scopes: string[]): Promise<string> {
  const [u] = await q('select u.id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1 limit 1', [email]);
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId: u.organisation_id }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: u.organisation_id, name: 'Idempotency', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: u.id }).execute(),
  );
  return secret;
}
const post = (path: string, secret: string, body: unknown, key: string) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });

/** Sends the same request N times at once; the statuses and the distinct bodies. */
async function storm(path: string, secret: string, body: unknown, key: string) {
  const answers = await Promise.all(Array.from({ length: N }, () => post(path, secret, body, key)));
  const bodies = await Promise.all(answers.map((a) => a.text()));
  return { statuses: answers.map((a) => a.status), bodies: new Set(bodies), first: JSON.parse(bodies[0]) };
}
const tally = (statuses: number[]) => Object.fromEntries([...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]));

/** Household statements neither paid nor credited. */
async function untouched(skip: string[] = []) {
  return q(
    `select st.id, st.gross_cents from concierge_statements st
      where st.kind = 'statement' and st.party = 'household' and st.gross_cents > 100
        and not exists (select 1 from concierge_statements c where c.corrects_id = st.id)
        and not exists (select 1 from concierge_payments p where p.statement_id = st.id)
        and st.id <> all($1::uuid[])
      order by st.number limit 1`,
    [skip],
  );
}
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

beforeAll(async () => {
  t = await testApp();
});

describe('idempotency of money and decisions: 50 concurrent sends of one key', () => {
  // Concierge (docs/security.md finding 12, fixed): the commands read the key again after the statement's lock, so a
  // send that waited on the first replays it; they tell the route it was a replay (200, the first 201); the same key
  // with another payment or correction is 422.
  const concierge = {
    payment: async () => {
      const desk = await token(demo('partner_staff'), ['concierge.staff']);
      const [st] = await untouched();
      const path = `/api/v1/concierge/desk/statements/${st.id}/payments`;
      const body = { method: 'cash', amountCents: st.gross_cents - 100, paidOn: parisToday(), reference: 'Guichet' };
      const key = `pay-${crypto.randomUUID()}`;
      const r = await storm(path, desk, body, key);
      const effects = (await q('select count(*)::int as n from concierge_payments where statement_id = $1', [st.id]))[0].n as number;
      const receipts = (await q('select count(*)::int as n from concierge_receipts where idempotency_key = $1', [key]))[0].n as number;
      const other = await post(path, desk, { ...body, amountCents: 100 }, key);
      const after = (await q('select count(*)::int as n from concierge_payments where statement_id = $1', [st.id]))[0].n as number;
      process.stdout.write(`idempotency: payment × ${N} → ${JSON.stringify(tally(r.statuses))}, ${r.bodies.size} distinct bodies, ${effects} payment, ${receipts} receipt; same key, other amount → ${other.status}\n`);
      return { r, effects: [effects, receipts, after], other: other.status };
    },
    credit: async () => {
      const desk = await token(demo('partner_staff'), ['concierge.staff']);
      const [st] = await untouched();
      const path = `/api/v1/concierge/desk/statements/${st.id}/credit-notes`;
      const key = `credit-${crypto.randomUUID()}`;
      const r = await storm(path, desk, { reason: 'Prestation non réalisée' }, key);
      const notes = (await q('select count(*)::int as n from concierge_statements where corrects_id = $1', [st.id]))[0].n as number;
      const other = await post(path, desk, { reason: 'Autre motif' }, key);
      const after = (await q('select count(*)::int as n from concierge_statements where corrects_id = $1', [st.id]))[0].n as number;
      process.stdout.write(`idempotency: credit note × ${N} → ${JSON.stringify(tally(r.statuses))}, ${r.bodies.size} distinct bodies, ${notes} credit note; same key, other reason → ${other.status}\n`);
      return { r, effects: [notes, 1, after], other: other.status };
    },
  };

  it('concierge: a statement payment (one receipt) and a credit note are recorded once, whatever the answers; never a 5xx', async () => {
    for (const run of [concierge.payment, concierge.credit]) {
      const { r, effects } = await run();
      expect(r.statuses.every((s) => s < 500)).toBe(true);
      expect(effects).toEqual([1, 1, 1]);
    }
  });

  it('concierge (finding 12): every concurrent send of a payment gets the same answer, one 201; the same key with another amount is 422', async () => {
    const { r, other } = await concierge.payment();
    expect(r.statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(r.bodies.size).toBe(1);
    expect(other).toBe(422);
  });

  it('concierge (finding 12): a credit note — one 201, replays 200; the same key with another reason is 422', async () => {
    const { r, other } = await concierge.credit();
    expect(r.statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(r.bodies.size).toBe(1);
    expect(other).toBe(422);
  });

  it('concierge: the month’s statements issued by 50 concurrent runs of the same period are issued once, numbered without gaps', async () => {
    // The run has no key: a period is its own key (a second run issues nothing). Only a month that has ended
    // is issued: two months back, not issued by the demo, whose subscribers are made to start a month earlier;
    // a request completed that month is billed.
    const d = new Date();
    d.setUTCDate(15);
    d.setUTCMonth(d.getUTCMonth() - 2);
    const period = d.toISOString().slice(0, 7);
    await q("update concierge_subscriptions set starts_on = (starts_on - interval '1 month')::date");
    const [req] = await q("select r.id from concierge_requests r where r.status = 'dispatched' and r.unit_cost_cents is not null limit 1");
    await q("update concierge_requests set status = 'done', completed_at = $2::date + interval '10 days 12 hours' where id = $1", [req.id, `${period}-01`]);
    const desk = await asDemo(t, 'partner_staff');
    const token = await desk.csrf();
    const form = new URLSearchParams({ period, _csrf: token }).toString();
    const answers = await Promise.all(
      Array.from({ length: N }, () => desk.request('/concierge/desk/statements/run', { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    );
    const issued = answers.map((a) => Number(new URL(a.headers.get('location') ?? '/', 'http://x').searchParams.get('issued')));
    const rows = await q('select organisation_id, number from concierge_statements where period = $1 order by number', [period]);
    process.stdout.write(`idempotency: statement run × ${N} → ${JSON.stringify(tally(answers.map((a) => a.status)))}, issued ${JSON.stringify(issued.filter((n) => n > 0))}, ${rows.length} statements for ${period}\n`);
    expect(answers.every((a) => a.status === 303)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    // Exactly one run issued them all; the others found the period done.
    expect(issued.filter((n) => n > 0)).toEqual([rows.length]);
    const numbers = rows.map((r) => `${r.organisation_id}/${r.number}`);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('support: a commission decision is recorded once and commits the fund once; the same key with another outcome is 422', async () => {
    const db = t.database.db;
    const adviser = await actorFor(db, LOGIREM.adviserA);
    const manager = await actorFor(db, LOGIREM.manager);
    const orgId = manager.orgId as string;
    const { programmeId, sessionId, householdId } = await withTenant(db, { orgId }, async (tx) => ({
      programmeId: (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
      sessionId: (await tx.selectFrom('support_sessions').select('id').orderBy('held_on').executeTakeFirstOrThrow()).id as string,
      householdId: (await tx.selectFrom('households').select('id').orderBy('reference').offset(4).executeTakeFirstOrThrow()).id as string,
    }));
    const opened = await openCase(db, adviser, { programmeId, householdId, situation: 'Perte d’emploi.', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    const n = await nominate(db, adviser, opened.caseId, { hardship: 'bereavement', resources: 80_000, facts: 'Fin de contrat en novembre.' });
    if (!n.ok) throw new Error('nominate');
    const secret = await token(LOGIREM.manager, ['support.commission.manage', 'support.commission.sit', 'support.cases.sensitive']);
    const api = (path: string, body?: unknown) =>
      t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await api(`/api/v1/support/sessions/${sessionId}/agenda`)).status).toBe(200);
    const [m1, m2, m3] = await Promise.all([LOGIREM.member1, LOGIREM.member2, LOGIREM.member3].map((e) => actorFor(db, e)));
    expect((await api(`/api/v1/support/sessions/${sessionId}/open`, { present: [m1.userId, m2.userId, m3.userId] })).status).toBe(200);
    const path = `/api/v1/support/sessions/${sessionId}/dossiers/${n.dossierId}/decision`;
    const body = { outcome: 'granted', monthlyCents: 10_000, months: 3, votes: { for: 3, against: 0, abstain: 0 } };
    const key = `decide-${crypto.randomUUID()}`;
    const r = await storm(path, secret, body, key);
    process.stdout.write(`idempotency: decision × ${N} → ${JSON.stringify(tally(r.statuses))}\n`);
    expect(r.statuses.every((s) => s === 200 || s === 201)).toBe(true);
    expect(r.statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(r.bodies.size).toBe(1);
    const decisions = await q('select id::text from support_decisions where dossier_id = $1', [n.dossierId]);
    expect(decisions.map((d) => d.id)).toEqual([r.first.id]);
    expect((await q('select count(*)::int as n from support_instalments where decision_id = $1', [r.first.id]))[0].n).toBe(3);
    const other = await post(path, secret, { outcome: 'refused', reason: 'Ressources suffisantes.', votes: body.votes }, key);
    process.stdout.write(`idempotency: decision, same key, other outcome → ${other.status}\n`);
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: 'invalid_body', fields: { 'Idempotency-Key': 'Cette clé d’idempotence a déjà servi pour une demande différente : envoyez une nouvelle clé pour une nouvelle demande.' } });
    expect((await q('select count(*)::int as n from support_decisions where dossier_id = $1', [n.dossierId]))[0].n).toBe(1);
    // The same key on another operation (another dossier's decision) is a conflict at the header; without a key a
    // second decision on the dossier is 409 "already decided", as before keys existed.
    const elsewhere = await post(path.replace(n.dossierId, crypto.randomUUID()), secret, body, key);
    expect(elsewhere.status).toBe(409);
    expect(((await elsewhere.json()) as { fields: Record<string, string> }).fields).toHaveProperty('Idempotency-Key');
    const keyless = await t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(keyless.status).toBe(409);
  });
});
