import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { type Tx, withTenant } from '../../platform/db/tenant.js';
import { commonPlaceOptions, householdsOfResidence } from '../directory/index.js';
import { insertBooking } from './db/spaces-db.js';
import { addDays, parisInstant, parisParts, weekday } from './domain/paris-time.js';
import { holidayOn } from '../../platform/calendar/holidays.js';

type Hours = [weekday: number, opens: string, closes: string][];
type DemoSpace = {
  org: string;
  place: string;
  kind: 'coworking' | 'room' | 'garden' | 'equipment';
  name: string;
  description: string;
  rules: Record<string, number | boolean | null>;
  resources: { kind: 'seats' | 'room' | 'item'; name: string; units?: number; people?: number; own?: Record<string, number | boolean> }[];
  /** A resident of the residence named steward (collegial management), with their own sign-in. */
  steward?: { email: string; name: string };
  /** A garden's current season, its plots allocated to households of the residence, one more waiting. */
  season?: string;
  hours: Hours;
  weeklyClosures?: [weekday: number, from: number, to: number, reason: string][];
};

const weekdays = (days: number[], ranges: [string, string][]): Hours => days.flatMap((d) => ranges.map(([o, c]) => [d, o, c] as [number, string, string]));

const SPACES: DemoSpace[] = [
  {
    org: 'logirep',
    place: 'Coworking solidaire',
    kind: 'coworking',
    name: 'Coworking solidaire de Sotteville',
    description: '30 m² au pied de la résidence Pierre Corneille : 6 postes avec ordinateur, imprimante et internet haut débit. Gratuit pour les locataires ; une animatrice accompagne (télétravail, formation, recherche d’emploi, création d’activité).',
    rules: { slot_minutes: 60, min_minutes: 60, max_minutes: 240, horizon_days: 21, notice_minutes: 0, cancel_notice_minutes: 60, weekly_quota_minutes: 900 },
    resources: [{ kind: 'seats', name: 'Postes de travail', units: 6 }],
    hours: weekdays([1, 2, 3, 4, 5], [['09:00', '12:00'], ['14:00', '18:00']]),
  },
  {
    org: 'plurial-novilia',
    place: 'Salle commune Arc-en-Ciel',
    kind: 'room',
    name: 'Salle commune Arc-en-Ciel',
    description: 'Salle gérée collégialement par les habitants : chaque demande est validée par le comité de la salle. Permanences de la Conciergerie Solidaire 51 le mardi et le jeudi.',
    rules: { slot_minutes: 60, min_minutes: 60, max_minutes: 300, horizon_days: 60, notice_minutes: 1440, cancel_notice_minutes: 1440, weekly_quota_minutes: 600, approval_required: true },
    resources: [{ kind: 'room', name: 'Salle', people: 30 }],
    hours: weekdays([1, 2, 3, 4, 5, 6, 7], [['09:00', '22:00']]),
    steward: { email: 'steward-arcenciel@demo.palier.fr', name: 'Odette Lambert' },
    weeklyClosures: [
      [2, 1020, 1170, 'Permanence de la Conciergerie Solidaire 51'],
      [4, 1020, 1170, 'Permanence de la Conciergerie Solidaire 51'],
    ],
  },
  {
    org: 'plurial-novilia',
    place: 'Jardins partagés de Réma’Vert',
    kind: 'garden',
    name: 'Jardins partagés de Réma’Vert',
    description: 'Carrés potagers et serre de l’éco-quartier, réservables par demi-journée pour jardiner.',
    rules: { slot_minutes: 120, min_minutes: 120, max_minutes: 240, horizon_days: 30, notice_minutes: 0, cancel_notice_minutes: 0, weekly_quota_minutes: 720, holidays_closed: false },
    resources: [{ kind: 'item', name: 'Carré potager 1' }, { kind: 'item', name: 'Carré potager 2' }, { kind: 'item', name: 'Serre' }],
    hours: weekdays([1, 2, 3, 4, 5, 6, 7], [['08:00', '20:00']]),
    steward: { email: 'steward-jardins@demo.palier.fr', name: 'Bernard Keita' },
    season: 'Saison des potagers',
  },
  {
    org: 'plurial-novilia',
    place: 'Jardins partagés de Réma’Vert',
    kind: 'equipment',
    name: 'Vélos électriques de Réma’Vert',
    description: 'Deux vélos à assistance électrique et un vélo cargo prêtés aux habitants de l’éco-quartier (casque et antivol fournis).',
    rules: { slot_minutes: 60, min_minutes: 60, max_minutes: 240, horizon_days: 14, notice_minutes: 60, cancel_notice_minutes: 60, weekly_quota_minutes: 480, holidays_closed: false },
    // The cargo bike is lent for a whole day, on request: rules of its own.
    resources: [{ kind: 'item', name: 'Vélo électrique 1' }, { kind: 'item', name: 'Vélo électrique 2' }, { kind: 'item', name: 'Vélo cargo', own: { max_minutes: 600, approval_required: true } }],
    hours: weekdays([1, 2, 3, 4, 5, 6, 7], [['08:00', '20:00']]),
  },
  {
    org: 'clesence',
    place: 'Salle commune',
    kind: 'room',
    name: 'Salle commune de la résidence Gregory',
    description: 'Salle de la résidence intergénérationnelle ; l’hôte est présent deux jours par semaine.',
    rules: { slot_minutes: 60, min_minutes: 60, max_minutes: 240, horizon_days: 30, notice_minutes: 120, cancel_notice_minutes: 120, weekly_quota_minutes: 480 },
    resources: [{ kind: 'room', name: 'Salle', people: 20 }],
    hours: weekdays([1, 2, 3, 4, 5, 6], [['10:00', '20:00']]),
  },
];

async function addSpace(tx: Tx, orgId: string, s: DemoSpace): Promise<{ spaceId: string; residenceId: string; resourceIds: string[] } | null> {
  const place = (await commonPlaceOptions(tx)).find((p) => p.name === s.place);
  if (!place) return null;
  const space = await tx
    .insertInto('spaces')
    .values({ organisation_id: orgId, common_place_id: place.id, residence_id: place.residenceId, kind: s.kind, name: s.name, description: s.description, ...s.rules })
    .returning('id')
    .executeTakeFirstOrThrow();
  const resourceIds: string[] = [];
  for (const [i, r] of s.resources.entries()) {
    const row = await tx
      .insertInto('space_resources')
      .values({ organisation_id: orgId, space_id: space.id, kind: r.kind, name: r.name, units: r.units ?? 1, people_capacity: r.people ?? null, position: i, ...r.own })
      .returning('id')
      .executeTakeFirstOrThrow();
    resourceIds.push(row.id as string);
  }
  for (const [weekdayNo, opens, closes] of s.hours) await tx.insertInto('space_hours').values({ organisation_id: orgId, space_id: space.id, weekday: weekdayNo, opens, closes }).execute();
  return { spaceId: space.id as string, residenceId: place.residenceId, resourceIds };
}

/** Bookings of demo households over the last and next two weeks, on working days only. */
async function addBookings(tx: Tx, orgId: string, s: DemoSpace, made: { spaceId: string; residenceId: string; resourceIds: string[] }, bookedBy: string | null): Promise<void> {
  const households = await householdsOfResidence(tx, made.residenceId);
  if (households.length === 0) return;
  const today = parisParts(new Date()).date;
  for (let d = -14; d <= 13; d++) {
    const date = addDays(today, d);
    if (weekday(date) > 5 || holidayOn(date)) continue;
    // Coworking: three to four seats taken each morning, two each afternoon; rooms and gardens: one evening a week.
    const plan: [number, number, number][] =
      s.kind === 'coworking' ? [[1, 540, 180], [2, 540, 180], [3, 600, 120], ...(d % 2 ? [[4, 540, 120] as [number, number, number]] : []), [1, 840, 240], [2, 900, 120]] : weekday(date) === 3 ? [[1, s.kind === 'garden' ? 600 : 1080, 120]] : [];
    for (const [i, [unit, startMinutes, minutes]] of plan.entries()) {
      const start = parisInstant(date, startMinutes);
      const end = parisInstant(date, startMinutes + minutes);
      if (start < new Date() && d >= 0) continue;
      await insertBooking(tx, {
        organisationId: orgId,
        spaceId: made.spaceId,
        resourceId: made.resourceIds[0],
        unit: s.kind === 'coworking' ? unit : 1,
        householdId: households[(Math.abs(d) * 3 + i) % households.length].id,
        bookedBy,
        start,
        end,
        heldEnd: end,
        status: 'confirmed',
        purpose: ['telework', 'job_search', 'training', 'digital_help', 'business_creation'][(Math.abs(d) + i) % 5],
        assisted: i === 0,
        idempotencyKey: null,
      });
    }
  }
}

/** The demo's spaces on the directory's common places, with bookings, plus the Sotteville facilitator and a resident. */
export async function seedSpacesDemo(database: Database): Promise<void> {
  const { db } = database;
  const orgs = await db.selectFrom('organisations').select(['id', 'slug']).execute();
  // The demo password's hash, taken from an account the platform's seed made: no import of the seed (it imports every module).
  const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', 'resident@demo.palier.fr').executeTakeFirst())?.password_hash as string | null;
  for (const s of SPACES) {
    const orgId = orgs.find((o) => o.slug === s.org)?.id as string | undefined;
    if (!orgId) continue;
    await withTenant(db, { orgId }, async (tx) => {
      const made = await addSpace(tx, orgId, s);
      if (!made) return;
      let staffId: string | null = null;
      if (s.kind === 'coworking') staffId = await addCoworkingAccounts(tx, orgId, made.residenceId, hash);
      await addBookings(tx, orgId, s, made, staffId);
      await addWeeklyClosures(tx, orgId, s, made.spaceId);
      if (s.steward) await addSteward(tx, orgId, made, s.steward, hash);
      if (s.season) await addSeason(tx, orgId, made, s.season);
    });
  }
}

// The coworking belongs to another landlord than the main demo accounts: its facilitator and one of its residents get their own sign-ins.
async function addCoworkingAccounts(tx: Tx, orgId: string, residenceId: string, hash: string | null): Promise<string> {
  const [first] = await householdsOfResidence(tx, residenceId);
  const facilitator = await tx.insertInto('users').values({ email: 'facilitator-sotteville@demo.palier.fr', display_name: 'Yasmina Leroy', password_hash: hash }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('memberships').values({ organisation_id: orgId, user_id: facilitator.id, role: 'facilitator', residence_ids: [residenceId] }).execute();
  const resident = await tx.insertInto('users').values({ email: 'resident-sotteville@demo.palier.fr', display_name: 'Fatou Diallo', password_hash: hash }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('memberships').values({ organisation_id: orgId, user_id: resident.id, role: 'resident', household_id: first?.id ?? null }).execute();
  return facilitator.id as string;
}

async function addWeeklyClosures(tx: Tx, orgId: string, s: DemoSpace, spaceId: string): Promise<void> {
  const today = parisParts(new Date()).date;
  for (let d = -14; d <= 56; d++) {
    const date = addDays(today, d);
    for (const [day, from, to, reason] of s.weeklyClosures ?? []) {
      if (weekday(date) !== day) continue;
      await tx
        .insertInto('space_closures')
        .values({ organisation_id: orgId, space_id: spaceId, during: sql`tstzrange(${parisInstant(date, from)}, ${parisInstant(date, to)}, '[)')`, reason })
        .execute();
    }
  }
}

// The last households of the residence: the first ones are those the module's tests use.
async function lastHouseholds(tx: Tx, residenceId: string, n: number): Promise<string[]> {
  return (await householdsOfResidence(tx, residenceId)).slice(-n).map((h) => h.id);
}

/** A resident named steward of the space (collegial management), with a sign-in of their own. */
async function addSteward(tx: Tx, orgId: string, made: { spaceId: string; residenceId: string }, who: { email: string; name: string }, hash: string | null): Promise<void> {
  const [household] = await lastHouseholds(tx, made.residenceId, 1);
  if (!household) return;
  const user = await tx.insertInto('users').values({ email: who.email, display_name: who.name, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('memberships').values({ organisation_id: orgId, user_id: user.id, role: 'resident', household_id: household }).execute();
  await tx.insertInto('space_stewards').values({ organisation_id: orgId, space_id: made.spaceId, user_id: user.id }).execute();
}

/** A garden's season under way: two plots allocated (first come), one household on the waiting list. */
async function addSeason(tx: Tx, orgId: string, made: { spaceId: string; residenceId: string; resourceIds: string[] }, name: string): Promise<void> {
  const today = parisParts(new Date()).date;
  const season = await tx
    .insertInto('garden_seasons')
    .values({ organisation_id: orgId, space_id: made.spaceId, name, starts_on: addDays(today, -30), ends_on: addDays(today, 150), allocation: 'first_come' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const households = await lastHouseholds(tx, made.residenceId, 4);
  for (const [i, household] of households.slice(0, 3).entries()) {
    const allocated = i < 2;
    const app = await tx
      .insertInto('garden_applications')
      .values({ organisation_id: orgId, season_id: season.id, household_id: household, status: allocated ? 'allocated' : 'waiting', created_at: new Date(Date.now() - (40 - i) * 86_400_000), decided_at: allocated ? new Date(Date.now() - 30 * 86_400_000) : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (allocated) await tx.insertInto('garden_allocations').values({ organisation_id: orgId, season_id: season.id, resource_id: made.resourceIds[i], household_id: household, application_id: app.id }).execute();
  }
}
