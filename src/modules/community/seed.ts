import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { type Tx, withTenant } from '../../platform/db/tenant.js';
import { addDays, parisDate, parisToInstant } from './domain/paris-time.js';
import { occurrences } from './domain/recurrence.js';
import { MORE_TASTINGS, OPEN_PROPOSAL, REMAVERT_COMMITTEES, REMAVERT_MEETINGS, REMAVERT_PROPOSALS, SHARED_SPACES_PROCESS } from './seed-data.js';

type EventSeed = {
  title: string;
  description: string;
  category: string;
  placeName?: string;
  address?: string;
  residenceRef?: string;
  inDays: number;
  start: string;
  end: string;
  capacity?: number;
  registration?: string;
  coOrganisers?: string;
  stepFree?: boolean;
  languages?: string;
  weekly?: number;
  processId?: string;
};

async function orgId(database: Database, slug: string): Promise<string> {
  return (await database.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id as string;
}

async function addEvents(tx: Tx, org: string, events: EventSeed[]): Promise<string[]> {
  const ids: string[] = [];
  const today = parisDate(new Date());
  for (const e of events) {
    const place = e.placeName ? await tx.selectFrom('common_places').select(['id', 'residence_id']).where('name', '=', e.placeName).executeTakeFirstOrThrow() : null;
    const residence = e.residenceRef ? await tx.selectFrom('residences').select('id').where('reference', '=', e.residenceRef).executeTakeFirstOrThrow() : null;
    const repeat = { everyWeeks: 1, count: e.weekly ?? 1, skipHolidays: true };
    for (const o of occurrences(addDays(today, e.inDays), e.start, e.end, repeat).kept) {
      const row = await tx
        .insertInto('community_events')
        .values({
          organisation_id: org,
          process_id: e.processId ?? null,
          title: e.title,
          description: e.description,
          category: e.category,
          place_id: place?.id ?? null,
          address: e.address ?? null,
          residence_id: residence?.id ?? null,
          starts_at: o.startsAt,
          ends_at: o.endsAt,
          capacity: e.capacity ?? null,
          registration: e.registration ?? 'open',
          co_organisers: e.coOrganisers ?? '',
          step_free: e.stepFree ?? true,
          languages: e.languages ?? 'français',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id as string);
    }
  }
  return ids;
}

async function seedRemaVert(database: Database): Promise<void> {
  const org = await orgId(database, 'plurial-novilia');
  await withTenant(database.db, { orgId: org }, async (tx) => {
    const residence = await tx.selectFrom('residences').select('id').where('reference', '=', 'PN-REMAVERT-ARC').executeTakeFirstOrThrow();
    const households = (await tx.selectFrom('households').select('id').where('reference', 'like', 'PN-REMAVERT-ARC-%').orderBy('reference').execute()).map((h) => h.id as string);
    const past = await tx
      .insertInto('community_processes')
      .values({
        organisation_id: org,
        title: REMAVERT_COMMITTEES.title,
        description: REMAVERT_COMMITTEES.description,
        residence_id: residence.id,
        starts_on: REMAVERT_COMMITTEES.startsOn,
        ends_on: REMAVERT_COMMITTEES.endsOn,
        open_to_neighbours: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const p of REMAVERT_PROPOSALS) {
      const last = p.answers[p.answers.length - 1];
      const row = await tx
        .insertInto('community_proposals')
        .values({
          organisation_id: org,
          process_id: past.id,
          title: p.title,
          body: p.body,
          category: p.category,
          place: p.place,
          credited_to: p.creditedTo,
          status: last.status,
          created_at: new Date(`${p.on}T18:00:00Z`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const a of p.answers)
        await tx
          .insertInto('community_answers')
          .values({
            organisation_id: org,
            proposal_id: row.id,
            status: a.status,
            body: a.body,
            answered_at: new Date(`${a.on}T09:00:00Z`),
          })
          .execute();
      for (const m of p.milestones ?? [])
        await tx
          .insertInto('community_milestones')
          .values({ organisation_id: org, proposal_id: row.id, label: m.label, planned_on: m.planned, done_on: m.done, created_at: new Date(`${p.on}T18:00:00Z`) })
          .execute();
    }
    // The workshops and committees where these proposals were made, each with its short report.
    const room = await tx.selectFrom('common_places').select('id').where('name', '=', 'Salle commune Arc-en-Ciel').executeTakeFirstOrThrow();
    for (const m of REMAVERT_MEETINGS) {
      const meeting = await tx
        .insertInto('community_events')
        .values({
          organisation_id: org,
          process_id: past.id,
          title: m.title,
          description: 'Ouvert aux locataires de Plurial Novilia, des autres bailleurs du quartier et aux nouveaux propriétaires.',
          category: m.category,
          residence_id: residence.id,
          place_id: room.id,
          starts_at: parisToInstant(m.on, m.start),
          ends_at: parisToInstant(m.on, m.end),
          registration: 'off',
          step_free: true,
          languages: 'français',
          co_organisers: 'Vie2B',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('community_event_reports').values({ event_id: meeting.id, organisation_id: org, body: m.report, walk_ins: m.seats }).execute();
    }
    const current = await tx
      .insertInto('community_processes')
      .values({
        organisation_id: org,
        title: SHARED_SPACES_PROCESS.title,
        description: SHARED_SPACES_PROCESS.description,
        residence_id: residence.id,
        starts_on: `${parisDate(new Date()).slice(0, 4)}-01-01`,
        open_to_neighbours: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = OPEN_PROPOSAL;
    await tx
      .insertInto('community_proposals')
      .values({
        organisation_id: org,
        process_id: current.id,
        title: p.title,
        body: p.body,
        category: p.category,
        place: p.place,
        credited_to: p.creditedTo,
      })
      .execute();
    const [tasting] = await addEvents(tx, org, [
      {
        title: 'Dégustation de produits frais et locaux',
        description: 'Venez goûter les produits des commerçants du quartier, avec la Conciergerie Solidaire 51.',
        category: 'tasting',
        placeName: 'Salle commune Arc-en-Ciel',
        residenceRef: undefined,
        inDays: 9,
        start: '17:30',
        end: '19:00',
        capacity: 10,
        coOrganisers: 'La Conciergerie Solidaire 51',
      },
    ]);
    // The tasting is open to the neighbourhood of its room (the directory's Réma'Vert, when seeded):
    // residents of the other landlords that join it see it and register.
    await sql`update community_events e set neighbourhood_id = nr.neighbourhood_id from common_places p join neighbourhood_residences nr on nr.residence_id = p.residence_id where e.id = ${tasting} and p.id = e.place_id`.execute(tx);
    // The tasting is nearly full: 8 of its 10 places are taken, so the demo shows the waiting list.
    for (const [hh, adults, children] of [
      [households[1], 2, 1],
      [households[2], 1, 2],
      [households[3], 2, 0],
    ] as const) {
      await tx
        .insertInto('community_registrations')
        .values({
          organisation_id: org,
          event_id: tasting,
          household_id: hh,
          adults,
          children,
          status: 'confirmed',
        })
        .execute();
    }
    await addEvents(tx, org, [
      {
        title: 'Collecte de vêtements et de jouets',
        description: 'Déposez vêtements et jouets en bon état ; ils sont redistribués dans le quartier.',
        category: 'collection',
        address: 'Devant la salle commune Arc-en-Ciel, rue de l’Arc-en-Ciel, Reims',
        inDays: 16,
        start: '10:00',
        end: '12:00',
        registration: 'off',
      },
      {
        title: 'Comité d’habitants — espaces partagés',
        description: 'Avec Vie2B : choisir ensemble les usages de la salle commune et des espaces extérieurs.',
        category: 'committee',
        placeName: 'Salle commune Arc-en-Ciel',
        residenceRef: 'PN-REMAVERT-ARC',
        inDays: 21,
        start: '18:00',
        end: '20:00',
        capacity: 30,
        coOrganisers: 'Vie2B',
        processId: current.id,
      },
      {
        title: 'Collecte de jouets avant les fêtes',
        description: 'Jouets et livres d’enfants en bon état, redistribués par la Conciergerie Solidaire 51 aux familles du quartier.',
        category: 'collection',
        address: 'Salle commune Arc-en-Ciel, permanence du mardi, Reims',
        inDays: 25,
        start: '17:00',
        end: '19:30',
        registration: 'off',
        coOrganisers: 'La Conciergerie Solidaire 51',
      },
      ...MORE_TASTINGS.map((e) => ({ ...e, category: 'tasting', placeName: 'Salle commune Arc-en-Ciel', coOrganisers: 'La Conciergerie Solidaire 51', languages: 'français, arabe, anglais' })),
    ]);
    // An activity already held, with its roll call and the organiser's report (no photo in the demo).
    const [held] = await addEvents(tx, org, [
      {
        title: 'Repas partagé de la rentrée',
        description: 'Chacun apporte un plat ; la salle, les tables et le café sont prêts.',
        category: 'intergenerational',
        address: 'Jardin de la résidence Arc-en-Ciel, Reims',
        inDays: -12,
        start: '12:00',
        end: '14:30',
        capacity: 40,
        coOrganisers: 'Vie2B',
      },
    ]);
    for (const [hh, adults, children, attendance] of [
      [households[1], 2, 1, 'present'],
      [households[2], 1, 2, 'present'],
      [households[3], 2, 0, 'absent'],
    ] as const)
      await tx.insertInto('community_registrations').values({ organisation_id: org, event_id: held, household_id: hh, adults, children, status: 'confirmed', attendance }).execute();
    await tx
      .insertInto('community_event_reports')
      .values({
        event_id: held,
        organisation_id: org,
        body: 'Une vingtaine de plats partagés, trois générations autour des tables.\nLes habitants demandent un repas à chaque saison : le prochain est prévu au printemps.',
        walk_ins: 9,
      })
      .execute();
  });
}

async function seedOthers(database: Database): Promise<void> {
  const clesence = await orgId(database, 'clesence');
  await withTenant(database.db, { orgId: clesence }, (tx) =>
    addEvents(tx, clesence, [
      {
        title: 'Jeux de société entre générations',
        description: 'Jeunes et aînés de la résidence jouent ensemble, avec l’hôte de la résidence.',
        category: 'intergenerational',
        placeName: 'Salle commune',
        residenceRef: 'CL-GREGORY',
        inDays: 3,
        start: '15:00',
        end: '17:00',
        capacity: 16,
        weekly: 8,
        coOrganisers: 'Hôte de la résidence Gregory',
      },
      {
        title: 'Repas partagé de la résidence',
        description: 'Chacun apporte un plat ; les recettes sont choisies ensemble au comité de résidence.',
        category: 'intergenerational',
        placeName: 'Salle commune',
        residenceRef: 'CL-GREGORY',
        inDays: 12,
        start: '12:00',
        end: '14:00',
        capacity: 24,
      },
      {
        title: 'Atelier numérique : les jeunes aident les aînés',
        description: 'Les jeunes de la résidence montrent aux aînés comment appeler en vidéo, envoyer une photo ou prendre un rendez-vous en ligne.',
        category: 'intergenerational',
        placeName: 'Salle commune',
        residenceRef: 'CL-GREGORY',
        inDays: 5,
        start: '10:00',
        end: '11:30',
        capacity: 10,
        weekly: 6,
        coOrganisers: 'Hôte de la résidence Gregory',
      },
    ]),
  );
  const logirem = await orgId(database, 'logirem');
  await withTenant(database.db, { orgId: logirem }, (tx) =>
    addEvents(tx, logirem, [
      {
        title: 'Atelier bricolage : petites réparations du logement',
        description: 'Les Compagnons Bâtisseurs montrent comment réparer un robinet, reboucher un trou, poser un joint.',
        category: 'workshop',
        placeName: 'Local associatif d’Air Bel',
        residenceRef: 'LM-AIRBEL',
        inDays: 6,
        start: '14:00',
        end: '16:30',
        capacity: 12,
        coOrganisers: 'Compagnons Bâtisseurs',
      },
      {
        title: 'Accompagnement scolaire avec l’AFEV',
        description: 'Des étudiants bénévoles de l’AFEV accompagnent les enfants du quartier.',
        category: 'intergenerational',
        placeName: 'Local associatif d’Air Bel',
        residenceRef: 'LM-AIRBEL',
        inDays: 4,
        start: '17:00',
        end: '18:30',
        capacity: 10,
        weekly: 6,
        coOrganisers: 'AFEV',
        languages: 'français, arabe',
      },
    ]),
  );
}

/** Réma’Vert's committees and their proposals with outcomes, tastings and collections, and the Amiens and Air Bel activities. */
export async function seedCommunity(database: Database): Promise<void> {
  await seedRemaVert(database);
  await seedOthers(database);
}
