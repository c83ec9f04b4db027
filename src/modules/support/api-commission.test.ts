import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { hashSecret } from '../../platform/auth/tokens.js';
import { withTenant } from '../../platform/db/tenant.js';
import { nominate } from './commands/nominate.js';
import { openCase } from './commands/open-case.js';
import { fundOf } from './db/fund.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
const a: Record<string, Actor> = {};
let orgId: string;
let programmeId: string;
let sessionId: string;

async function tokenFor(owner: Actor, scopes: string[]): Promise<string> {
  const secret = `plr_${crypto.randomUUID().replaceAll('-', '')}`;
  await withTenant(t.database.db, { orgId }, (tx) =>
    tx.insertInto('api_tokens').values({ organisation_id: orgId, name: 'Outil commission', token_hash: hashSecret(secret), scopes: sql`${scopes}::text[]`, created_by: owner.userId }).execute(),
  );
  return secret;
}
const get = (path: string, secret: string) => t.app.request(path, { headers: { authorization: `Bearer ${secret}` } });
const post = (path: string, secret: string, body?: unknown) =>
  t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const available = () => withTenant(t.database.db, { orgId }, async (tx) => (await fundOf(tx, programmeId))?.available ?? -1);
const trail = (action: string, target: string) => withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('audit_events').select(['actor_user_id', 'details']).where('action', '=', action).where('target_id', '=', target).execute());

beforeAll(async () => {
  t = await testApp();
  for (const [k, email] of Object.entries(LOGIREM)) a[k] = await actorFor(t.database.db, email);
  orgId = a.manager.orgId as string;
  await withTenant(t.database.db, { orgId }, async (tx) => {
    programmeId = (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string;
    sessionId = (await tx.selectFrom('support_sessions').select('id').orderBy('held_on').executeTakeFirstOrThrow()).id as string;
  });
});

describe('/api/v1/support commission, decisions, minutes and fund with tokens', () => {
  const votes = { for: 3, against: 0, abstain: 0 };
  let dossierId: string;
  let caseId: string;

  it('builds the agenda and opens the session (a token without support.cases.sensitive is refused on the sensitive rent-aid programme)', async () => {
    const householdId = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('households').select('id').orderBy('reference').offset(4).executeTakeFirstOrThrow()).id as string);
    const opened = await openCase(t.database.db, a.adviserA, { programmeId, householdId, situation: 'Décès du conjoint en octobre.', confidentialAddress: false });
    if (!opened.ok) throw new Error('open');
    caseId = opened.caseId;
    const n = await nominate(t.database.db, a.adviserA, caseId, { hardship: 'bereavement', resources: 80_000, facts: 'Veuve depuis octobre, pension de réversion attendue.' });
    if (!n.ok) throw new Error('nominate');
    dossierId = n.dossierId;
    const weak = await tokenFor(a.manager, ['support.commission.manage', 'support.commission.sit']);
    const refused = await post(`/api/v1/support/sessions/${sessionId}/agenda`, weak);
    expect(refused.status).toBe(403);
    expect((await refused.json()).fields.form).toMatch(/second facteur/);
    const manager = await tokenFor(a.manager, ['support.commission.manage', 'support.commission.sit', 'support.cases.sensitive']);
    const built = await post(`/api/v1/support/sessions/${sessionId}/agenda`, manager);
    expect(built.status).toBe(200);
    expect((await built.json()).added).toBeGreaterThanOrEqual(1);
    const opening = await post(`/api/v1/support/sessions/${sessionId}/open`, manager, { present: [a.member1.userId, a.member2.userId, a.member3.userId] });
    expect(opening.status).toBe(200);
    expect((await post(`/api/v1/support/sessions/${sessionId}/open`, manager, { present: [] })).status).toBe(409);
  });

  it('a member’s token reads the session by dossier code without the facts; the manager’s sensitive token gets them; reads are audited', async () => {
    const member = await tokenFor(a.member1, ['support.commission.sit']);
    const list = await (await get('/api/v1/support/sessions', member)).json();
    expect(list.data.map((s: { id: string }) => s.id)).toContain(sessionId);
    const res = await get(`/api/v1/support/sessions/${sessionId}`, member);
    expect(res.status).toBe(200);
    const body = await res.json();
    const item = body.agenda.find((x: { dossierId: string }) => x.dossierId === dossierId);
    expect(item).toMatchObject({ hardship: 'bereavement', resourcesCents: 80_000, householdSize: expect.any(Number) });
    expect(item.code).toMatch(/^D-/);
    expect(item).not.toHaveProperty('facts');
    expect(JSON.stringify(body)).not.toContain('Veuve');
    expect(body.members.filter((m: { present: boolean }) => m.present)).toHaveLength(3);
    const manager = await tokenFor(a.manager, ['support.commission.sit', 'support.cases.sensitive']);
    const full = await (await get(`/api/v1/support/sessions/${sessionId}`, manager)).json();
    expect(full.agenda.find((x: { dossierId: string }) => x.dossierId === dossierId).facts).toBe('Veuve depuis octobre, pension de réversion attendue.');
    const reads = await trail('support.session.read', sessionId);
    expect(reads.map((r) => r.actor_user_id)).toEqual(expect.arrayContaining([a.member1.userId, a.manager.userId]));
    // An adviser is not on the commission: 403; a member's token cannot decide on a sensitive programme.
    expect((await get(`/api/v1/support/sessions/${sessionId}`, await tokenFor(a.adviserA, ['support.cases.read']))).status).toBe(403);
    expect((await post(`/api/v1/support/sessions/${sessionId}/dossiers/${dossierId}/decision`, member, { outcome: 'adjourned', votes })).status).toBe(403);
  });

  it('decides by token: 95 % of the rent refused with the rule’s message, a refusal needs a reason, 250 €/month for 6 months commits 1 500 € and the ledger shows it', async () => {
    const manager = await tokenFor(a.manager, ['support.commission.sit', 'support.cases.sensitive', 'support.programmes.manage']);
    const rent = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, async (tx) => Number((await tx.selectFrom('support_dossiers').select('rent_cents').where('id', '=', dossierId).executeTakeFirstOrThrow()).rent_cents));
    const path = `/api/v1/support/sessions/${sessionId}/dossiers/${dossierId}/decision`;
    const tooMuch = await post(path, manager, { outcome: 'granted', monthlyCents: Math.round(rent * 0.95), months: 6, votes });
    expect(tooMuch.status).toBe(422);
    expect((await tooMuch.json()).fields.monthlyCents).toBe('L’aide mensuelle ne peut pas dépasser 90 % du montant de la quittance.');
    const thirteen = await post(path, manager, { outcome: 'granted', monthlyCents: 25_000, months: 13, votes });
    expect([thirteen.status, Object.keys((await thirteen.json()).fields)]).toEqual([422, ['months']]);
    const noReason = await post(path, manager, { outcome: 'refused', votes: { for: 0, against: 3, abstain: 0 } });
    expect([noReason.status, Object.keys((await noReason.json()).fields)]).toEqual([422, ['reason']]);
    const before = await available();
    const granted = await post(path, manager, { outcome: 'granted', monthlyCents: 25_000, months: 6, votes });
    expect(granted.status).toBe(201);
    const { id: decisionId } = await granted.json();
    expect(await available()).toBe(before - 150_000);
    expect((await post(path, manager, { outcome: 'adjourned', votes })).status).toBe(409);

    const fund = await get(`/api/v1/support/programmes/${programmeId}/fund?limit=5`, manager);
    expect(fund.status).toBe(200);
    const f = await fund.json();
    expect(f.balance.availableCents).toBe(before - 150_000);
    expect(f.balance.availableCents).toBe(f.balance.creditsCents - f.balance.commitmentsCents + f.balance.releasesCents);
    expect(f.ledger.data[0]).toMatchObject({ kind: 'commitment', amountCents: 150_000, decisionId, label: expect.stringMatching(/^D-/) });
    expect(f.ledger.total).toBeGreaterThan(1);
    const reads = await trail('support.fund.read', f.ledger.data[0] && (await withTenant(t.database.db, { orgId }, async (tx) => (await fundOf(tx, programmeId))?.id as string)));
    expect(reads[0].details).toMatchObject({ via: 'token' });
    // The schedule follows: six monthly credits of 250 €.
    const months = await withTenant(t.database.db, { orgId, userId: a.adviserA.userId }, (tx) => tx.selectFrom('support_instalments').select('amount_cents').where('decision_id', '=', decisionId).execute());
    expect(months.map((m) => Number(m.amount_cents))).toEqual(Array(6).fill(25_000));
  });

  it('a contribution by token raises the balance; the fund is the manager’s only', async () => {
    const manager = await tokenFor(a.manager, ['support.programmes.manage']);
    const before = await available();
    expect((await post(`/api/v1/support/programmes/${programmeId}/credits`, manager, { amountCents: 500_050, label: 'Versement DDCH 2027', contributor: 'partner' })).status).toBe(201);
    expect(await available()).toBe(before + 500_050);
    expect((await post(`/api/v1/support/programmes/${programmeId}/credits`, manager, { amountCents: 0, label: 'x' })).status).toBe(422);
    const adviser = await tokenFor(a.adviserA, ['support.cases.read']);
    expect((await get(`/api/v1/support/programmes/${programmeId}/fund`, adviser)).status).toBe(403);
  });

  it('signs once every dossier is decided; afterwards decisions are refused (409); the minutes PDF downloads and is audited', async () => {
    const manager = await tokenFor(a.manager, ['support.commission.manage', 'support.commission.sit', 'support.cases.sensitive']);
    const pending = await withTenant(t.database.db, { orgId, userId: a.manager.userId }, (tx) =>
      tx.selectFrom('support_agenda_items as ai').innerJoin('support_dossiers as d', 'd.id', 'ai.dossier_id').select('d.id').where('ai.session_id', '=', sessionId).where('d.status', '=', 'on_agenda').execute(),
    );
    for (const p of pending) expect((await post(`/api/v1/support/sessions/${sessionId}/dossiers/${p.id}/decision`, manager, { outcome: 'refused', reason: 'Ressources suffisantes.', votes: { for: 0, against: 3, abstain: 0 } })).status).toBe(201);
    expect((await post(`/api/v1/support/sessions/${sessionId}/sign`, manager)).status).toBe(200);
    expect((await post(`/api/v1/support/sessions/${sessionId}/dossiers/${dossierId}/decision`, manager, { outcome: 'adjourned', votes })).status).toBe(409);
    const pdf = await get(`/api/v1/support/sessions/${sessionId}/minutes.pdf`, manager);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await trail('support.minutes.pdf', sessionId)).map((e) => e.details)).toContainEqual({ via: 'api' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/support/sessions',
        '/api/v1/support/sessions/{id}',
        '/api/v1/support/sessions/{id}/minutes.pdf',
        '/api/v1/support/sessions/{id}/agenda',
        '/api/v1/support/sessions/{id}/open',
        '/api/v1/support/sessions/{id}/sign',
        '/api/v1/support/sessions/{id}/dossiers/{dossierId}/decision',
        '/api/v1/support/decisions/{id}/correct',
        '/api/v1/support/programmes/{id}/sessions',
        '/api/v1/support/programmes/{id}/fund',
        '/api/v1/support/programmes/{id}/credits',
      ]),
    );
  });
});
