import { sql } from 'kysely';
import { type PersonalDataContribution, type PersonalDataSection, plainRows } from '../../platform/privacy/personal-data.js';
import type { Tx } from '../../platform/db/tenant.js';
import { guestRegistrationsOf } from './queries/neighbour-events.js';

/**
 * The household's registrations to other landlords' activities of a neighbourhood, wherever it lives now:
 * rows of the organiser, read by the household's id (`guestRegistrationsOf`, function
 * `community_household_guest_registrations`) — no view is opened, so the other sections still see the
 * landlord's rows only.
 */
async function neighbourRegistrations(tx: Tx, householdId: string | null) {
  if (!householdId) return [];
  return (await guestRegistrationsOf(tx, householdId)).map((r) => ({
    event: r.event,
    landlord: r.landlord,
    startsAt: r.starts_at,
    status: r.status,
    adults: r.adults,
    children: r.children,
    attendance: r.attendance,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
  }));
}

type ClubRegistration = { network: string; event: string; starts_at: Date; status: string; created_at: Date; cancelled_at: Date | null; meeting_cancelled_at: Date | null };

/**
 * The person's own registrations, as staff of this landlord, to the club meetings of its networks: rows
 * of the network, read through `community_my_club_registrations()` (the transaction's person and
 * landlord only, migration 20261212120000).
 */
async function clubRegistrations(tx: Tx): Promise<ClubRegistration[]> {
  return (await sql<ClubRegistration>`select * from community_my_club_registrations()`.execute(tx)).rows;
}

type GuestContribution = { kind: 'proposal' | 'comment' | 'support'; landlord: string; process: string; proposal: string; body: string | null; category: string | null; place: string | null; status: string | null; created_at: Date; hidden_at: Date | null; hidden_reason: string | null };

/**
 * What the person wrote or supported, as a resident of this landlord, on other landlords' processes
 * open to their neighbourhood (function `community_my_guest_contributions`: the transaction's person and
 * landlord only, wherever they live now).
 */
async function neighbourContributions(tx: Tx): Promise<GuestContribution[]> {
  return (await sql<GuestContribution>`select * from community_my_guest_contributions()`.execute(tx)).rows;
}

/**
 * Community life's records about a resident: their (and their household's) event registrations, the
 * events they co-organise, the proposals they wrote, their comments and the proposals they support.
 * Guests' names and contacts on others' registrations, and who moderated what, are left out.
 */
export const communityPersonalData: PersonalDataContribution = {
  messages: {
    fr: {
      'community.myData.registrations': 'Inscriptions aux activités',
      'community.myData.organising': 'Activités que vous co-organisez',
      'community.myData.neighbourRegistrations': 'Inscriptions aux activités d’autres bailleurs du quartier',
      'community.myData.neighbourNote': 'Ces inscriptions sont tenues par le bailleur qui organise l’activité ; elles restent ici même si votre foyer a quitté le quartier.',
      'community.myData.neighbourProposals': 'Vos propositions à d’autres bailleurs du quartier',
      'community.myData.neighbourComments': 'Vos commentaires chez d’autres bailleurs du quartier',
      'community.myData.neighbourSupports': 'Propositions d’autres bailleurs du quartier que vous soutenez',
      'community.myData.neighbourContributionsNote': 'Ces données sont tenues par le bailleur qui mène la démarche (colonne « Organisé par ») ; ses modérateurs peuvent masquer un texte. Pour les faire rectifier ou effacer, adressez-vous aussi à lui.',
      'community.myData.f.landlord': 'Organisé par',
      'community.myData.proposals': 'Vos propositions',
      'community.myData.comments': 'Vos commentaires',
      'community.myData.supports': 'Propositions que vous soutenez',
      'community.myData.f.event': 'Activité',
      'community.myData.f.startsAt': 'Date',
      'community.myData.f.status': 'État',
      'community.myData.f.adults': 'Adultes',
      'community.myData.f.children': 'Enfants',
      'community.myData.f.attendance': 'Présence',
      'community.myData.f.createdAt': 'Le',
      'community.myData.f.cancelledAt': 'Annulée le',
      'community.myData.f.process': 'Démarche',
      'community.myData.f.title': 'Titre',
      'community.myData.f.body': 'Texte',
      'community.myData.f.category': 'Catégorie',
      'community.myData.f.place': 'Lieu',
      'community.myData.f.hiddenAt': 'Masqué le',
      'community.myData.f.hiddenReason': 'Motif du masquage',
      'community.myData.f.proposal': 'Proposition',
      'community.myData.clubRegistrations': 'Vos inscriptions aux réunions du club (réseau)',
      'community.myData.clubNote': 'Ces inscriptions sont tenues par le réseau qui organise la réunion (colonne « Réseau ») ; il voit votre nom et votre bailleur, jamais vos coordonnées.',
      'community.myData.f.network': 'Réseau',
      'community.myData.f.meeting': 'Réunion',
      'community.myData.f.meetingCancelledAt': 'Réunion annulée le',
    },
    en: {
      'community.myData.registrations': 'Activity registrations',
      'community.myData.organising': 'Activities you co-organise',
      'community.myData.neighbourRegistrations': 'Registrations to other landlords’ activities of the neighbourhood',
      'community.myData.neighbourNote': 'These registrations are held by the landlord running the activity; they stay here even if your household has left the neighbourhood.',
      'community.myData.neighbourProposals': 'Your proposals to other landlords of the neighbourhood',
      'community.myData.neighbourComments': 'Your comments at other landlords of the neighbourhood',
      'community.myData.neighbourSupports': 'Other landlords’ proposals of the neighbourhood you support',
      'community.myData.neighbourContributionsNote': 'These records are held by the landlord running the process (column “Organised by”); its moderators may hide a text. To have them corrected or erased, ask that landlord too.',
      'community.myData.f.landlord': 'Organised by',
      'community.myData.proposals': 'Your proposals',
      'community.myData.comments': 'Your comments',
      'community.myData.supports': 'Proposals you support',
      'community.myData.f.event': 'Activity',
      'community.myData.f.startsAt': 'Date',
      'community.myData.f.status': 'Status',
      'community.myData.f.adults': 'Adults',
      'community.myData.f.children': 'Children',
      'community.myData.f.attendance': 'Attendance',
      'community.myData.f.createdAt': 'On',
      'community.myData.f.cancelledAt': 'Cancelled on',
      'community.myData.f.process': 'Process',
      'community.myData.f.title': 'Title',
      'community.myData.f.body': 'Text',
      'community.myData.f.category': 'Category',
      'community.myData.f.place': 'Place',
      'community.myData.f.hiddenAt': 'Hidden on',
      'community.myData.f.hiddenReason': 'Reason for hiding',
      'community.myData.f.proposal': 'Proposal',
      'community.myData.clubRegistrations': 'Your registrations to club meetings (network)',
      'community.myData.clubNote': 'These registrations are held by the network running the meeting (column “Network”); it sees your name and your landlord, never your contact details.',
      'community.myData.f.network': 'Network',
      'community.myData.f.meeting': 'Meeting',
      'community.myData.f.meetingCancelledAt': 'Meeting cancelled on',
    },
  },

  async collect(tx, scope): Promise<PersonalDataSection[]> {
    const f = (k: string) => `community.myData.f.${k}`;
    const org = scope.organisationId;
    const registrations = await tx
      .selectFrom('community_registrations as r')
      .innerJoin('community_events as e', 'e.id', 'r.event_id')
      .select(['e.title as event', 'e.starts_at as startsAt', 'r.status', 'r.adults', 'r.children', 'r.attendance', 'r.created_at as createdAt', 'r.cancelled_at as cancelledAt'])
      .where('r.organisation_id', '=', org)
      .where((eb) => {
        const own = eb('r.user_id', '=', scope.userId);
        return scope.householdId ? eb.or([own, eb('r.household_id', '=', scope.householdId)]) : own;
      })
      .orderBy('e.starts_at', 'desc')
      .limit(5000)
      .execute();
    const neighbours = await neighbourRegistrations(tx, scope.householdId);
    const elsewhere = await neighbourContributions(tx);
    const club = await clubRegistrations(tx);
    const of = (kind: GuestContribution['kind']) => elsewhere.filter((r) => r.kind === kind);
    const organising = await tx
      .selectFrom('community_event_organisers as o')
      .innerJoin('community_events as e', 'e.id', 'o.event_id')
      .select(['e.title as event', 'e.starts_at as startsAt'])
      .where('e.organisation_id', '=', org)
      .where('o.user_id', '=', scope.userId)
      .orderBy('e.starts_at', 'desc')
      .execute();
    const proposals = await tx
      .selectFrom('community_proposals as p')
      .innerJoin('community_processes as pr', 'pr.id', 'p.process_id')
      .select(['pr.title as process', 'p.title', 'p.body', 'p.category', 'p.place', 'p.status', 'p.created_at as createdAt', 'p.hidden_at as hiddenAt', 'p.hidden_reason as hiddenReason'])
      .where('p.organisation_id', '=', org)
      .where('p.author_user_id', '=', scope.userId)
      .orderBy('p.created_at', 'desc')
      .execute();
    const comments = await tx
      .selectFrom('community_comments as c')
      .innerJoin('community_proposals as p', 'p.id', 'c.proposal_id')
      .select(['p.title as proposal', 'c.body', 'c.created_at as createdAt', 'c.hidden_at as hiddenAt', 'c.hidden_reason as hiddenReason'])
      .where('c.organisation_id', '=', org)
      .where('c.author_user_id', '=', scope.userId)
      .orderBy('c.created_at', 'desc')
      .execute();
    const supports = await tx
      .selectFrom('community_supports as s')
      .innerJoin('community_proposals as p', 'p.id', 's.proposal_id')
      .select(['p.title as proposal', 's.created_at as createdAt'])
      .where('s.organisation_id', '=', org)
      .where('s.user_id', '=', scope.userId)
      .orderBy('s.created_at', 'desc')
      .execute();
    return [
      {
        id: 'community.registrations',
        title: 'community.myData.registrations',
        fields: { event: f('event'), startsAt: f('startsAt'), status: f('status'), adults: f('adults'), children: f('children'), attendance: f('attendance'), createdAt: f('createdAt'), cancelledAt: f('cancelledAt') },
        rows: plainRows(registrations),
      },
      ...(neighbours.length
        ? [
            {
              id: 'community.neighbourRegistrations',
              title: 'community.myData.neighbourRegistrations',
              note: 'community.myData.neighbourNote',
              fields: { event: f('event'), landlord: f('landlord'), startsAt: f('startsAt'), status: f('status'), adults: f('adults'), children: f('children'), attendance: f('attendance'), createdAt: f('createdAt'), cancelledAt: f('cancelledAt') },
              rows: plainRows(neighbours),
            },
          ]
        : []),
      ...(organising.length ? [{ id: 'community.organising', title: 'community.myData.organising', fields: { event: f('event'), startsAt: f('startsAt') }, rows: plainRows(organising) }] : []),
      {
        id: 'community.proposals',
        title: 'community.myData.proposals',
        fields: { process: f('process'), title: f('title'), body: f('body'), category: f('category'), place: f('place'), status: f('status'), createdAt: f('createdAt'), hiddenAt: f('hiddenAt'), hiddenReason: f('hiddenReason') },
        rows: plainRows(proposals),
      },
      { id: 'community.comments', title: 'community.myData.comments', fields: { proposal: f('proposal'), body: f('body'), createdAt: f('createdAt'), hiddenAt: f('hiddenAt'), hiddenReason: f('hiddenReason') }, rows: plainRows(comments) },
      { id: 'community.supports', title: 'community.myData.supports', fields: { proposal: f('proposal'), createdAt: f('createdAt') }, rows: plainRows(supports) },
      ...guestSections(of('proposal'), of('comment'), of('support')),
      ...(club.length
        ? [
            {
              id: 'community.clubRegistrations',
              title: 'community.myData.clubRegistrations',
              note: 'community.myData.clubNote',
              fields: { network: f('network'), meeting: f('meeting'), startsAt: f('startsAt'), status: f('status'), createdAt: f('createdAt'), cancelledAt: f('cancelledAt'), meetingCancelledAt: f('meetingCancelledAt') },
              rows: plainRows(club.map((r) => ({ network: r.network, meeting: r.event, startsAt: r.starts_at, status: r.status, createdAt: r.created_at, cancelledAt: r.cancelled_at, meetingCancelledAt: r.meeting_cancelled_at }))),
            },
          ]
        : []),
    ];
  },
};

/** The sections of the person's contributions to other landlords' processes, each only when not empty. */
function guestSections(proposals: GuestContribution[], comments: GuestContribution[], supports: GuestContribution[]): PersonalDataSection[] {
  const f = (k: string) => `community.myData.f.${k}`;
  const note = 'community.myData.neighbourContributionsNote';
  const out: PersonalDataSection[] = [];
  if (proposals.length)
    out.push({
      id: 'community.neighbourProposals',
      title: 'community.myData.neighbourProposals',
      note,
      fields: { landlord: f('landlord'), process: f('process'), title: f('title'), body: f('body'), category: f('category'), place: f('place'), status: f('status'), createdAt: f('createdAt'), hiddenAt: f('hiddenAt'), hiddenReason: f('hiddenReason') },
      rows: plainRows(proposals.map((r) => ({ landlord: r.landlord, process: r.process, title: r.proposal, body: r.body, category: r.category, place: r.place, status: r.status, createdAt: r.created_at, hiddenAt: r.hidden_at, hiddenReason: r.hidden_reason }))),
    });
  if (comments.length)
    out.push({
      id: 'community.neighbourComments',
      title: 'community.myData.neighbourComments',
      note,
      fields: { landlord: f('landlord'), proposal: f('proposal'), body: f('body'), createdAt: f('createdAt'), hiddenAt: f('hiddenAt'), hiddenReason: f('hiddenReason') },
      rows: plainRows(comments.map((r) => ({ landlord: r.landlord, proposal: r.proposal, body: r.body, createdAt: r.created_at, hiddenAt: r.hidden_at, hiddenReason: r.hidden_reason }))),
    });
  if (supports.length)
    out.push({
      id: 'community.neighbourSupports',
      title: 'community.myData.neighbourSupports',
      note,
      fields: { landlord: f('landlord'), proposal: f('proposal'), createdAt: f('createdAt') },
      rows: plainRows(supports.map((r) => ({ landlord: r.landlord, proposal: r.proposal, createdAt: r.created_at }))),
    });
  return out;
}
