import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import { type Tx, withTenant } from '../../platform/db/tenant.js';
import { communityReports } from '../community/index.js';
import { householdTenancy, recordSublease } from '../directory/index.js';
import { addDays, addMonths, parisToday } from './domain/local-date.js';
import { ONBOARDING_ITEMS, leaseMilestones } from './domain/stages.js';

type Ctx = { orgId: string; users: Map<string, string>; programmes: Map<string, string>; eliaId: string };
type DemoCase = {
  kind: string;
  adviser: string;
  household: number;
  daysAgo: number;
  situation: string;
  stages?: { stage: string; daysAgo: number }[];
  steps?: { key: string; dueOn: string; done: boolean }[];
  notes?: string[];
};

const at = (day: string) => new Date(`${day}T09:00:00Z`);

async function insertCase(tx: Tx, ctx: Ctx, c: DemoCase, householdId: string, today: string): Promise<string> {
  const id = randomUUID();
  const opened = addDays(today, -c.daysAgo);
  const last = c.stages?.at(-1);
  // A sliding lease names the family's dwelling and Elia, which holds its lease (recorded in the register below).
  const dwellingId = c.kind === 'sliding_lease' ? ((await householdTenancy(tx, householdId))?.dwellingId ?? null) : null;
  await tx
    .insertInto('support_cases')
    .values({
      id,
      organisation_id: ctx.orgId,
      programme_id: ctx.programmes.get(c.kind),
      household_id: householdId,
      reference: `${c.kind === 'rent_aid' ? 'ASQ' : 'ACC'}-${opened.slice(0, 4)}-${id.slice(0, 6).toUpperCase()}`,
      situation: c.situation,
      stage: last?.stage ?? null,
      stage_since: last ? at(addDays(today, -last.daysAgo)) : null,
      opened_at: at(opened),
      opened_by: ctx.users.get(c.adviser),
      last_contact_at: at(addDays(today, -Math.min(c.daysAgo, 5))),
      lease_dwelling_id: dwellingId,
      lease_partner_org_id: dwellingId ? ctx.eliaId : null,
    })
    .execute();
  if (dwellingId) await recordSublease(tx, null, { householdId, dwellingId, partnerOrgId: ctx.eliaId, startsOn: opened });
  await tx.insertInto('support_case_assignments').values({ organisation_id: ctx.orgId, case_id: id, programme_id: ctx.programmes.get(c.kind), user_id: ctx.users.get(c.adviser) }).execute();
  for (const s of c.stages ?? []) await tx.insertInto('support_stage_history').values({ organisation_id: ctx.orgId, case_id: id, stage: s.stage, at: at(addDays(today, -s.daysAgo)) }).execute();
  for (const s of c.steps ?? []) await tx.insertInto('support_case_steps').values({ organisation_id: ctx.orgId, case_id: id, key: s.key, due_on: s.dueOn, done_at: s.done ? at(s.dueOn) : null }).execute();
  for (const n of c.notes ?? []) await tx.insertInto('support_case_notes').values({ organisation_id: ctx.orgId, case_id: id, author_user_id: ctx.users.get(c.adviser), body: n }).execute();
  return id;
}

function lease(today: string, monthsAgo: number, stages: string[]): Pick<DemoCase, 'daysAgo' | 'stages' | 'steps'> {
  const entry = addMonths(today, -monthsAgo);
  const daysAgo = Math.round((at(today).getTime() - at(entry).getTime()) / 86_400_000);
  const milestones = leaseMilestones(entry);
  return {
    daysAgo,
    stages: stages.map((stage) => ({ stage, daysAgo: stage === 'entry' ? daysAgo : Math.max(1, Math.round((at(today).getTime() - at(milestones.find((m) => m.stage === stage)?.dueOn ?? entry).getTime()) / 86_400_000)) })),
    steps: milestones.map((m) => ({ key: m.stage, dueOn: m.dueOn, done: stages.includes(m.stage) })),
  };
}

/** Cases of Air Bel households, at different points of their programmes. */
export async function seedCases(database: Database, ctx: Ctx): Promise<void> {
  const today = parisToday();
  const cases: DemoCase[] = [
    { kind: 'rent_aid', adviser: 'adviserA', household: 0, daysAgo: 12, situation: 'Séparation en septembre ; Madame attend l’ouverture de ses droits CAF. Loyer payé jusqu’en octobre.', steps: [{ key: 'gather_documents', dueOn: addDays(today, -5), done: true }, { key: 'nominate', dueOn: addDays(today, 2), done: false }] },
    { kind: 'rent_aid', adviser: 'adviserB', household: 1, daysAgo: 20, situation: 'Perte d’emploi de Monsieur fin août ; inscrit à France Travail, indemnités attendues.', steps: [{ key: 'gather_documents', dueOn: addDays(today, -13), done: false }, { key: 'nominate', dueOn: addDays(today, -6), done: false }] },
    { kind: 'sliding_lease', adviser: 'adviserB', household: 2, ...lease(today, 1, ['entry']), situation: 'Famille réfugiée statutaire accompagnée par Elia ; entrée dans le logement le mois dernier.' },
    { kind: 'sliding_lease', adviser: 'adviserB', household: 3, ...lease(today, 7, ['entry', 'review_3m', 'review_6m']), situation: 'Famille de quatre personnes ; emploi stable depuis trois mois.' },
    { kind: 'sliding_lease', adviser: 'adviserB', household: 4, ...lease(today, 9, ['entry', 'review_3m', 'review_6m', 'slide_decision']), situation: 'Autonomie acquise selon Elia ; le glissement du bail est à décider.' },
    { kind: 'housing_adaptation', adviser: 'adviserA', household: 5, daysAgo: 10, situation: 'Monsieur, 78 ans, ne peut plus enjamber la baignoire.', stages: [{ stage: 'requested', daysAgo: 10 }], steps: [{ key: 'expert_visit', dueOn: addDays(today, 20), done: false }] },
    { kind: 'housing_adaptation', adviser: 'adviserA', household: 6, daysAgo: 40, situation: 'Fauteuil roulant depuis un accident ; seuils de porte à supprimer.', stages: [{ stage: 'requested', daysAgo: 40 }, { stage: 'assessed', daysAgo: 15 }], steps: [{ key: 'expert_visit', dueOn: addDays(today, -10), done: true }] },
    { kind: 'onboarding', adviser: 'adviserA', household: 7, daysAgo: 20, situation: 'Nouvelle famille arrivée à Air Bel.', steps: ONBOARDING_ITEMS.map((key, i) => ({ key, dueOn: addDays(today, -20 + 7 + i * 7), done: i < 2 })) },
    {
      kind: 'transfer',
      adviser: 'adviserA',
      household: 9,
      daysAgo: 50,
      situation: 'Mutation demandée vers un logement plus petit depuis le départ des enfants ; le logement quitté est remis en état avec les Compagnons Bâtisseurs.',
      stages: [
        { stage: 'transfer_requested', daysAgo: 50 },
        { stage: 'diagnosis', daysAgo: 36 },
        { stage: 'works_plan', daysAgo: 8 },
      ],
      steps: [
        { key: 'diagnosis', dueOn: addDays(today, -35), done: true },
        { key: 'works_plan', dueOn: addDays(today, -5), done: true },
      ],
    },
    { kind: 'flat_share', adviser: 'adviserB', household: 8, daysAgo: 90, situation: 'Colocation KAPS de trois étudiantes de l’AFEV à Air Bel.', notes: ['Action de solidarité : aide aux devoirs le mercredi au local associatif.', 'Participation à la fête des voisins avec les habitants.'] },
  ];
  await withTenant(database.db, { orgId: ctx.orgId }, async (tx) => {
    const households = await tx
      .selectFrom('households')
      .select('id')
      .where('reference', 'like', 'LM-AIRBEL-%')
      .orderBy('reference')
      .execute();
    const ids = [];
    for (const c of cases) ids.push(await insertCase(tx, ctx, c, households[c.household % households.length].id as string, today));
    // The KAPS flat-share's solidarity actions with the residents; the latest linked to a held, reported
    // activity of Logirem when the community module has one (found through its public reports).
    const flatShare = ids[cases.findIndex((c) => c.kind === 'flat_share')];
    const reported = (await communityReports(tx, at(addDays(today, -365)), new Date()))[0];
    const actions = [
      { title: 'Aide aux devoirs le mercredi au local associatif', daysAgo: 60, residents: 9, event: null },
      { title: 'Atelier de réparation de vélos avec les jeunes de la résidence', daysAgo: 30, residents: 14, event: null },
      { title: 'Fête des voisins : les colocataires tiennent le stand des jeux', daysAgo: 12, residents: 40, event: reported ?? null },
    ];
    for (const a of actions) {
      await tx
        .insertInto('support_solidarity_actions')
        .values({ organisation_id: ctx.orgId, case_id: flatShare, title: a.title, held_on: addDays(today, -a.daysAgo), residents: a.residents, community_event_id: a.event?.eventId ?? null, community_event_title: a.event?.title ?? null, created_by: ctx.users.get('adviserB') })
        .execute();
    }
    // The family at its 6-month review was referred to Elia with its consent: name, size and situation only.
    const family = await householdTenancy(tx, households[3].id as string);
    await tx
      .insertInto('support_referrals')
      .values({
        id: randomUUID(),
        organisation_id: ctx.orgId,
        case_id: ids[3],
        programme_id: ctx.programmes.get('sliding_lease'),
        partner_org_id: ctx.eliaId,
        shared: JSON.stringify({ programme: 'Bail glissant avec Elia', reference: `ACC-${ids[3].slice(0, 6).toUpperCase()}`, household_name: family?.name ?? '', household_size: family?.members ?? null, situation: cases[3].situation }),
        purpose: 'Accompagnement vers l’autonomie et préparation du glissement du bail.',
        consent_recorded_by: ctx.users.get('adviserB'),
        consent_until: addMonths(today, 6),
      })
      .execute();
    // The first rent-aid case is before the commission: its dossier is ready for the next session.
    const tenancy = await householdTenancy(tx, households[0].id as string);
    await tx
      .insertInto('support_dossiers')
      .values({ id: randomUUID(), organisation_id: ctx.orgId, case_id: ids[0], programme_id: ctx.programmes.get('rent_aid'), code: `D-${today.slice(0, 4)}-${ids[0].slice(0, 6).toUpperCase()}`, hardship: 'separation', rent_cents: tenancy?.rentCents ?? 45_000, resources_cents: 98_000, household_size: tenancy?.members ?? 3, facts: 'Séparation récente, droits CAF en cours d’ouverture, aucun impayé avant septembre.' })
      .execute();
  });
}
