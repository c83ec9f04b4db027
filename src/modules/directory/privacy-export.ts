import { sql } from 'kysely';
import { type PersonalDataContribution, type PersonalDataSection, plainRows } from '../../platform/privacy/personal-data.js';

/**
 * The resident's household in the directory: the household record, its dwellings (current and past) and
 * the other members with their names only. When a support case with a confidential address protects
 * someone else of the household (`scope.withholdHousehold`), the address, the household's contact details
 * and the other members are withheld — a violent partner must not learn them from an export.
 */
export const directoryPersonalData: PersonalDataContribution = {
  messages: {
    fr: {
      'directory.myData.household': 'Votre foyer',
      'directory.myData.dwellings': 'Vos logements',
      'directory.myData.members': 'Autres membres de votre foyer',
      'directory.myData.membersNote': 'Seul le nom des autres membres est donné : leurs propres données sont dans leur export.',
      'directory.myData.withheld': 'Une partie des données de votre foyer (adresse, coordonnées, autres membres) est protégée et n’est pas donnée ici. Adressez-vous au délégué à la protection des données de votre bailleur.',
      'directory.myData.f.reference': 'Référence',
      'directory.myData.f.name': 'Nom',
      'directory.myData.f.email': 'Courriel',
      'directory.myData.f.phone': 'Téléphone',
      'directory.myData.f.language': 'Langue',
      'directory.myData.f.channel': 'Canal de contact',
      'directory.myData.f.membersCount': 'Nombre de personnes',
      'directory.myData.f.residence': 'Résidence',
      'directory.myData.f.address': 'Adresse',
      'directory.myData.f.dwelling': 'Logement',
      'directory.myData.f.startsOn': 'Entrée le',
      'directory.myData.f.endsOn': 'Sortie le',
    },
    en: {
      'directory.myData.household': 'Your household',
      'directory.myData.dwellings': 'Your homes',
      'directory.myData.members': 'Other members of your household',
      'directory.myData.membersNote': 'Only the other members’ names are given: their own data are in their export.',
      'directory.myData.withheld': 'Part of your household’s data (address, contact details, other members) is protected and not given here. Ask your landlord’s data-protection officer.',
      'directory.myData.f.reference': 'Reference',
      'directory.myData.f.name': 'Name',
      'directory.myData.f.email': 'E-mail',
      'directory.myData.f.phone': 'Phone',
      'directory.myData.f.language': 'Language',
      'directory.myData.f.channel': 'Contact channel',
      'directory.myData.f.membersCount': 'Number of people',
      'directory.myData.f.residence': 'Residence',
      'directory.myData.f.address': 'Address',
      'directory.myData.f.dwelling': 'Home',
      'directory.myData.f.startsOn': 'Moved in',
      'directory.myData.f.endsOn': 'Moved out',
    },
  },

  async collect(tx, scope) {
    if (!scope.householdId) return [];
    const f = (k: string) => `directory.myData.f.${k}`;
    const withheld = scope.withholdHousehold;
    const household = await tx
      .selectFrom('households')
      .select(['reference', 'name', 'email', 'phone', 'preferred_language as language', 'channel', 'members_count as membersCount'])
      .where('organisation_id', '=', scope.organisationId)
      .where('id', '=', scope.householdId)
      .execute();
    const sections: PersonalDataSection[] = [
      {
        id: 'directory.household',
        title: 'directory.myData.household',
        note: withheld ? 'directory.myData.withheld' : undefined,
        fields: { reference: f('reference'), name: f('name'), email: f('email'), phone: f('phone'), language: f('language'), channel: f('channel'), membersCount: f('membersCount') },
        rows: plainRows(household.map((h) => (withheld ? { ...h, email: null, phone: null } : h))),
      },
    ];
    if (withheld) return sections;
    const dwellings = await tx
      .selectFrom('occupancies as o')
      .innerJoin('dwellings as d', 'd.id', 'o.dwelling_id')
      .innerJoin('residences as r', 'r.id', 'd.residence_id')
      .select(['r.name as residence', 'r.address', 'r.postcode', 'r.city', 'd.reference as dwelling', sql<string>`o.starts_on::text`.as('startsOn'), sql<string | null>`o.ends_on::text`.as('endsOn')])
      .where('o.organisation_id', '=', scope.organisationId)
      .where('o.household_id', '=', scope.householdId)
      .orderBy('o.starts_on', 'desc')
      .execute();
    const members = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.display_name as name')
      .where('m.organisation_id', '=', scope.organisationId)
      .where('m.household_id', '=', scope.householdId)
      .where('m.role', '=', 'resident')
      .where('m.user_id', '<>', scope.userId)
      .orderBy('u.display_name')
      .execute();
    sections.push(
      {
        id: 'directory.dwellings',
        title: 'directory.myData.dwellings',
        fields: { residence: f('residence'), address: f('address'), dwelling: f('dwelling'), startsOn: f('startsOn'), endsOn: f('endsOn') },
        rows: plainRows(dwellings.map((d) => ({ residence: d.residence, address: `${d.address}, ${d.postcode} ${d.city}`, dwelling: d.dwelling, startsOn: d.startsOn, endsOn: d.endsOn }))),
      },
      { id: 'directory.members', title: 'directory.myData.members', note: 'directory.myData.membersNote', fields: { name: f('name') }, rows: plainRows(members) },
    );
    return sections;
  },
};
