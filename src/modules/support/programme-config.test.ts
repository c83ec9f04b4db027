import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { withTenant } from '../../platform/db/tenant.js';
import { openCase } from './commands/open-case.js';
import { readCase } from './queries/read-case.js';
import { actorFor, LOGIREM } from './test-helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let manager: Actor;
let orgId: string;
let eliaId: string;
let residenceId: string;

const valid = () => ({
  name: 'Soutien psychologique – Frais Vallon',
  kind: 'mental_health',
  sensitivity: 'highly_sensitive',
  partnerIds: eliaId,
  residenceKinds: 'pension_de_famille',
  residenceIds: residenceId,
  eligibility: 'Le foyer habite une résidence Logirem ?\nLa personne est-elle d’accord pour être orientée ?',
  step1Label: 'Premier entretien',
  step1Days: '5',
  step2Label: 'Orientation vers le centre médico-psychologique',
  step2Days: '30',
  retentionMonths: '36',
  retentionFrom: 'closure',
  retentionAction: 'delete',
  legalBasis: 'Consentement de la personne (RGPD art. 9-2-a).',
  notice: 'Seules votre conseillère et la responsable du programme voient votre dossier.',
});

beforeAll(async () => {
  t = await testApp();
  manager = await actorFor(t.database.db, LOGIREM.manager);
  orgId = manager.orgId as string;
  const eliaReferent = await actorFor(t.database.db, LOGIREM.eliaReferent);
  eliaId = eliaReferent.orgId as string;
  residenceId = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('residences').select('id').orderBy('name').executeTakeFirstOrThrow()).id as string);
});

describe('a programme manager configures a new programme, no code', () => {
  it('bad input comes back with a message by each field, the values kept', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    const res = await client.post('/support/programmes', {
      ...valid(),
      name: 'X',
      step2Days: 'trente',
      step3Days: '10',
      retentionMonths: '0',
      partnerIds: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Donnez un nom d’au moins 3 caractères.');
    expect(html).toContain('Indiquez un nombre de jours entre 0 et 730.');
    expect(html).toContain('Donnez un intitulé à cette étape, ou videz aussi le nombre de jours.');
    expect(html).toContain('Indiquez un nombre de mois entre 1 et 240.');
    expect(html).toMatch(/id="f-step2Days"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="Orientation vers le centre médico-psychologique"');
    // A forged partner is refused by the command, once the form itself is right.
    const forged = await client.post('/support/programmes', {
      ...valid(),
      partnerIds: '00000000-0000-4000-8000-000000000000',
    });
    expect(forged.status).toBe(422);
    expect(await forged.text()).toContain('Choisissez un partenaire de la liste.');
  });

  it('a valid programme is created, its manager is its creator, and a case opened in it follows its steps', async () => {
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    const res = await client.post('/support/programmes', valid());
    expect(res.status).toBe(303);
    const programmeId = /\/support\/programmes\/([0-9a-f-]+)\/edit/.exec(res.headers.get('location') ?? '')?.[1] as string;
    const row = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('support_programmes').selectAll().where('id', '=', programmeId).executeTakeFirstOrThrow());
    expect(row).toMatchObject({
      kind: 'mental_health',
      sensitivity: 'highly_sensitive',
      manager_user_id: manager.userId,
      partner_org_ids: [eliaId],
      residence_kinds: ['pension_de_famille'],
      residence_ids: [residenceId],
      retention_months: 36,
      retention_from: 'closure',
      retention_action: 'delete',
    });
    expect(row.eligibility).toHaveLength(2);
    expect((await client.post('/support/programmes', valid())).status).toBe(422); // same name

    const householdId = await withTenant(t.database.db, { orgId }, async (tx) => (await tx.selectFrom('households').select('id').orderBy('reference').executeTakeFirstOrThrow()).id as string);
    const opened = await openCase(t.database.db, manager, { programmeId, householdId, situation: '', confidentialAddress: false }, new Date('2026-03-02T09:00:00Z'));
    if (!opened.ok) throw new Error('open');
    const read = await readCase(t.database.db, manager, opened.caseId);
    expect(read.ok && read.detail.steps.map((s) => s.due_on)).toEqual(['2026-03-07', '2026-04-01']);
    const page = await client.get(`/support/cases/${opened.caseId}`);
    expect(await page.text()).toContain('Orientation vers le centre médico-psychologique');

    // Editing keeps the keys of existing steps, so the open case keeps its timeline named.
    const edit = await client.get(`/support/programmes/${programmeId}/edit`);
    const html = await edit.text();
    const key1 = /name="step1Key" value="([^"]+)"/.exec(html)?.[1] as string;
    const key2 = /name="step2Key" value="([^"]+)"/.exec(html)?.[1] as string;
    const saved = await client.post(`/support/programmes/${programmeId}`, {
      ...valid(),
      kind: 'rent_aid',
      step1Key: key1,
      step2Key: key2,
      step2Label: 'Orientation vers le CMP',
      step3Label: 'Bilan',
      step3Days: '90',
    });
    expect(saved.status).toBe(303);
    const after = await withTenant(t.database.db, { orgId }, (tx) => tx.selectFrom('support_programmes').select(['kind', 'steps']).where('id', '=', programmeId).executeTakeFirstOrThrow());
    expect(after.kind).toBe('mental_health');
    expect(after.steps.map((s: { key: string }) => s.key).slice(0, 2)).toEqual([key1, key2]);
    expect(after.steps).toHaveLength(3);
    expect(await (await client.get(`/support/cases/${opened.caseId}`)).text()).toContain('Orientation vers le CMP');
  });

  it('advisers and administrators cannot configure programmes; nor edit another’s', async () => {
    for (const email of [LOGIREM.adviserA, LOGIREM.admin]) {
      const client = t.client();
      await client.signIn(email);
      expect((await client.get('/support/programmes/new')).status).toBe(403);
      expect((await client.post('/support/programmes', valid())).status).toBe(403);
    }
    const asq = await withTenant(
      t.database.db,
      { orgId },
      async (tx) => (await tx.selectFrom('support_programmes').select('id').where('kind', '=', 'rent_aid').executeTakeFirstOrThrow()).id as string,
    );
    await withTenant(t.database.db, { orgId }, (tx) => tx.updateTable('support_programmes').set({ manager_user_id: null }).where('id', '=', asq).execute());
    const client = t.client();
    await client.signIn(LOGIREM.manager);
    expect((await client.get(`/support/programmes/${asq}/edit`)).status).toBe(403);
    expect((await client.get('/support/programmes/00000000-0000-4000-8000-000000000000/edit')).status).toBe(404);
  });
});
