import { sql } from 'kysely';
import { type PersonalDataContribution, type PersonalDataSection, plainRows } from '../../platform/privacy/personal-data.js';

/**
 * The shared spaces' records about a resident: their household's bookings (series included), waiting
 * lists, garden applications and plots, the help sessions logged for the household, and the spaces they
 * look after. Who of the household booked, and which staff member acted, are left out (other people).
 */
export const spacesPersonalData: PersonalDataContribution = {
  messages: {
    fr: {
      'spaces.myData.bookings': 'Réservations d’espaces de votre foyer',
      'spaces.myData.waitlist': 'Listes d’attente',
      'spaces.myData.gardenApplications': 'Demandes de parcelle de jardin',
      'spaces.myData.gardenPlots': 'Parcelles de jardin attribuées',
      'spaces.myData.supportSessions': 'Accompagnements notés dans les espaces',
      'spaces.myData.stewards': 'Espaces dont vous êtes référent',
      'spaces.myData.f.space': 'Espace',
      'spaces.myData.f.resource': 'Ressource',
      'spaces.myData.f.from': 'Début',
      'spaces.myData.f.to': 'Fin',
      'spaces.myData.f.status': 'État',
      'spaces.myData.f.purpose': 'Objet',
      'spaces.myData.f.series': 'Série',
      'spaces.myData.f.createdAt': 'Créée le',
      'spaces.myData.f.cancelledAt': 'Annulée le',
      'spaces.myData.f.checkedInAt': 'Présence notée le',
      'spaces.myData.f.reason': 'Motif',
      'spaces.myData.f.season': 'Saison',
      'spaces.myData.f.plot': 'Parcelle',
      'spaces.myData.f.rank': 'Rang au tirage',
      'spaces.myData.f.allocatedAt': 'Attribuée le',
      'spaces.myData.f.releasedAt': 'Libérée le',
      'spaces.myData.f.heldOn': 'Date',
      'spaces.myData.f.minutes': 'Durée (minutes)',
      'spaces.myData.f.topic': 'Sujet',
      'spaces.myData.f.outcome': 'Suite',
      'spaces.myData.f.since': 'Depuis le',
    },
    en: {
      'spaces.myData.bookings': 'Your household’s space bookings',
      'spaces.myData.waitlist': 'Waiting lists',
      'spaces.myData.gardenApplications': 'Garden plot applications',
      'spaces.myData.gardenPlots': 'Garden plots allocated',
      'spaces.myData.supportSessions': 'Help sessions logged in the spaces',
      'spaces.myData.stewards': 'Spaces you look after',
      'spaces.myData.f.space': 'Space',
      'spaces.myData.f.resource': 'Resource',
      'spaces.myData.f.from': 'From',
      'spaces.myData.f.to': 'To',
      'spaces.myData.f.status': 'Status',
      'spaces.myData.f.purpose': 'Purpose',
      'spaces.myData.f.series': 'Series',
      'spaces.myData.f.createdAt': 'Made on',
      'spaces.myData.f.cancelledAt': 'Cancelled on',
      'spaces.myData.f.checkedInAt': 'Checked in on',
      'spaces.myData.f.reason': 'Reason',
      'spaces.myData.f.season': 'Season',
      'spaces.myData.f.plot': 'Plot',
      'spaces.myData.f.rank': 'Draw rank',
      'spaces.myData.f.allocatedAt': 'Allocated on',
      'spaces.myData.f.releasedAt': 'Released on',
      'spaces.myData.f.heldOn': 'Date',
      'spaces.myData.f.minutes': 'Length (minutes)',
      'spaces.myData.f.topic': 'Topic',
      'spaces.myData.f.outcome': 'Follow-up',
      'spaces.myData.f.since': 'Since',
    },
  },

  async collect(tx, scope): Promise<PersonalDataSection[]> {
    const f = (k: string) => `spaces.myData.f.${k}`;
    const org = scope.organisationId;
    const stewards = await tx
      .selectFrom('space_stewards as st')
      .innerJoin('spaces as s', 's.id', 'st.space_id')
      .select(['s.name as space', 'st.created_at as since'])
      .where('st.organisation_id', '=', org)
      .where('st.user_id', '=', scope.userId)
      .execute();
    const stewardSection = { id: 'spaces.stewards', title: 'spaces.myData.stewards', fields: { space: f('space'), since: f('since') }, rows: plainRows(stewards) };
    const household = scope.householdId;
    if (!household) return stewards.length ? [stewardSection] : [];
    const bookings = await tx
      .selectFrom('space_bookings as b')
      .innerJoin('spaces as s', 's.id', 'b.space_id')
      .leftJoin('space_resources as r', 'r.id', 'b.resource_id')
      .select([
        's.name as space',
        'r.name as resource',
        sql<Date>`lower(b.during)`.as('from'),
        sql<Date>`upper(b.during)`.as('to'),
        'b.status',
        'b.purpose',
        sql<string | null>`b.series_id::text`.as('series'),
        'b.created_at as createdAt',
        'b.cancelled_at as cancelledAt',
        'b.checked_in_at as checkedInAt',
        'b.decision_reason as reason',
      ])
      .where('b.organisation_id', '=', org)
      .where('b.household_id', '=', household)
      .orderBy(sql`lower(b.during)`, 'desc')
      .limit(5000)
      .execute();
    const waitlist = await tx
      .selectFrom('space_waitlist as w')
      .innerJoin('spaces as s', 's.id', 'w.space_id')
      .leftJoin('space_resources as r', 'r.id', 'w.resource_id')
      .select(['s.name as space', 'r.name as resource', sql<Date>`lower(w.during)`.as('from'), sql<Date>`upper(w.during)`.as('to'), 'w.status', 'w.purpose', 'w.created_at as createdAt'])
      .where('w.organisation_id', '=', org)
      .where('w.household_id', '=', household)
      .orderBy('w.created_at', 'desc')
      .execute();
    const applications = await tx
      .selectFrom('garden_applications as a')
      .innerJoin('garden_seasons as gs', 'gs.id', 'a.season_id')
      .innerJoin('spaces as s', 's.id', 'gs.space_id')
      .leftJoin('space_resources as r', 'r.id', 'a.offered_resource_id')
      .select(['s.name as space', 'gs.name as season', 'a.status', 'r.name as plot', 'a.draw_rank as rank', 'a.created_at as createdAt'])
      .where('a.organisation_id', '=', org)
      .where('a.household_id', '=', household)
      .orderBy('a.created_at', 'desc')
      .execute();
    const plots = await tx
      .selectFrom('garden_allocations as g')
      .innerJoin('garden_seasons as gs', 'gs.id', 'g.season_id')
      .innerJoin('spaces as s', 's.id', 'gs.space_id')
      .innerJoin('space_resources as r', 'r.id', 'g.resource_id')
      .select(['s.name as space', 'gs.name as season', 'r.name as plot', 'g.allocated_at as allocatedAt', 'g.released_at as releasedAt'])
      .where('g.organisation_id', '=', org)
      .where('g.household_id', '=', household)
      .orderBy('g.allocated_at', 'desc')
      .execute();
    const sessions = await tx
      .selectFrom('space_support_sessions as ss')
      .leftJoin('spaces as s', 's.id', 'ss.space_id')
      .select(['s.name as space', sql<string>`ss.held_on::text`.as('heldOn'), 'ss.minutes', 'ss.topic', 'ss.outcome'])
      .where('ss.organisation_id', '=', org)
      .where('ss.household_id', '=', household)
      .orderBy('ss.held_on', 'desc')
      .execute();
    return [
      {
        id: 'spaces.bookings',
        title: 'spaces.myData.bookings',
        fields: { space: f('space'), resource: f('resource'), from: f('from'), to: f('to'), status: f('status'), purpose: f('purpose'), series: f('series'), createdAt: f('createdAt'), cancelledAt: f('cancelledAt'), checkedInAt: f('checkedInAt'), reason: f('reason') },
        rows: plainRows(bookings),
      },
      { id: 'spaces.waitlist', title: 'spaces.myData.waitlist', fields: { space: f('space'), resource: f('resource'), from: f('from'), to: f('to'), status: f('status'), purpose: f('purpose'), createdAt: f('createdAt') }, rows: plainRows(waitlist) },
      { id: 'spaces.gardenApplications', title: 'spaces.myData.gardenApplications', fields: { space: f('space'), season: f('season'), status: f('status'), plot: f('plot'), rank: f('rank'), createdAt: f('createdAt') }, rows: plainRows(applications) },
      { id: 'spaces.gardenPlots', title: 'spaces.myData.gardenPlots', fields: { space: f('space'), season: f('season'), plot: f('plot'), allocatedAt: f('allocatedAt'), releasedAt: f('releasedAt') }, rows: plainRows(plots) },
      { id: 'spaces.supportSessions', title: 'spaces.myData.supportSessions', fields: { space: f('space'), heldOn: f('heldOn'), minutes: f('minutes'), topic: f('topic'), outcome: f('outcome') }, rows: plainRows(sessions) },
      ...(stewards.length ? [stewardSection] : []),
    ];
  },
};
