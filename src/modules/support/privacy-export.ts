import { sql } from 'kysely';
import { type PersonalDataContribution, type PersonalDataSection, plainRows } from '../../platform/privacy/personal-data.js';

/**
 * The support cases a resident may read in their data export. Row-level security decides which
 * (migration 20261208120000_support_case_person: the cases about them, and their household's cases of an
 * ordinary programme without a confidential address); this file decides what of them: programme, status,
 * stage, dates, steps, decisions, the list of documents. Never the advisers' notes, never the free text of
 * a sensitive programme (it may speak of a violent partner or another member): the data-protection officer
 * gives those after review.
 */
export const supportPersonalData: PersonalDataContribution = {
  messages: {
    fr: {
      'support.myData.cases': 'Accompagnements sociaux',
      'support.myData.casesNote':
        'Seuls figurent les accompagnements qui vous concernent vous-même, et ceux de votre foyer dans un programme ordinaire. Les notes de travail des conseillers et le texte libre des programmes sensibles ne sont pas donnés ici : le délégué à la protection des données vous les communique sur demande, après avoir retiré ce qui concerne d’autres personnes.',
      'support.myData.steps': 'Étapes de vos accompagnements',
      'support.myData.decisions': 'Décisions de commission',
      'support.myData.documents': 'Documents de vos accompagnements',
      'support.myData.documentsNote': 'La liste des pièces ; demandez une copie à votre conseiller ou au délégué à la protection des données.',
      'support.myData.f.reference': 'Référence',
      'support.myData.f.programme': 'Programme',
      'support.myData.f.status': 'État',
      'support.myData.f.stage': 'Étape en cours',
      'support.myData.f.openedAt': 'Ouvert le',
      'support.myData.f.closedAt': 'Clos le',
      'support.myData.f.about': 'Concerne',
      'support.myData.f.situation': 'Situation',
      'support.myData.f.outcome': 'Résultat',
      'support.myData.f.step': 'Étape',
      'support.myData.f.dueOn': 'Échéance',
      'support.myData.f.doneAt': 'Faite le',
      'support.myData.f.outcomeDecision': 'Décision',
      'support.myData.f.monthlyCents': 'Montant mensuel (centimes)',
      'support.myData.f.months': 'Durée (mois)',
      'support.myData.f.startsOn': 'À partir du',
      'support.myData.f.reason': 'Motif',
      'support.myData.f.decidedAt': 'Décidée le',
      'support.myData.f.fileName': 'Document',
      'support.myData.f.mediaType': 'Type',
      'support.myData.f.uploadedAt': 'Déposé le',
      'support.myData.about.person': 'vous',
      'support.myData.about.household': 'votre foyer',
      'support.person.title': 'Personne concernée',
      'support.person.intro':
        'Dites si l’accompagnement concerne une personne du foyer ou le foyer dans son ensemble. Dans « Mes données », un accompagnement concernant une personne n’apparaît qu’à elle ; un accompagnement du foyer n’apparaît à ses membres que dans un programme ordinaire.',
      'support.person.label': 'L’accompagnement concerne',
      'support.person.household': 'Le foyer dans son ensemble',
      'support.person.save': 'Enregistrer la personne concernée',
      'support.person.notMember': 'Choisissez une personne du foyer qui a un compte.',
      'support.myData.f.freeText': 'Texte libre (situation, résultat)',
      'support.myData.freeText.given': 'donné ci-dessus',
      'support.myData.freeText.withheld': 'non communiqué ici (programme sensible) : demandez-le au délégué à la protection des données',
    },
    en: {
      'support.myData.cases': 'Social support',
      'support.myData.casesNote':
        'Only the support about you, and your household’s support in an ordinary programme, is listed. Advisers’ working notes and the free text of sensitive programmes are not given here: the data-protection officer gives them on request, after removing what concerns other people.',
      'support.myData.steps': 'Steps of your support',
      'support.myData.decisions': 'Commission decisions',
      'support.myData.documents': 'Documents of your support',
      'support.myData.documentsNote': 'The list of documents; ask your adviser or the data-protection officer for a copy.',
      'support.myData.f.reference': 'Reference',
      'support.myData.f.programme': 'Programme',
      'support.myData.f.status': 'Status',
      'support.myData.f.stage': 'Current stage',
      'support.myData.f.openedAt': 'Opened on',
      'support.myData.f.closedAt': 'Closed on',
      'support.myData.f.about': 'About',
      'support.myData.f.situation': 'Situation',
      'support.myData.f.outcome': 'Outcome',
      'support.myData.f.step': 'Step',
      'support.myData.f.dueOn': 'Due',
      'support.myData.f.doneAt': 'Done on',
      'support.myData.f.outcomeDecision': 'Decision',
      'support.myData.f.monthlyCents': 'Monthly amount (cents)',
      'support.myData.f.months': 'Duration (months)',
      'support.myData.f.startsOn': 'From',
      'support.myData.f.reason': 'Reason',
      'support.myData.f.decidedAt': 'Decided on',
      'support.myData.f.fileName': 'Document',
      'support.myData.f.mediaType': 'Type',
      'support.myData.f.uploadedAt': 'Uploaded on',
      'support.myData.about.person': 'you',
      'support.myData.about.household': 'your household',
      'support.person.title': 'Person concerned',
      'support.person.intro':
        'Say whether the support is about one person of the household or the household as a whole. In “My data”, support about one person shows to that person only; household support shows to its members only in an ordinary programme.',
      'support.person.label': 'The support is about',
      'support.person.household': 'The household as a whole',
      'support.person.save': 'Save the person concerned',
      'support.person.notMember': 'Choose a person of the household who has an account.',
      'support.myData.f.freeText': 'Free text (situation, outcome)',
      'support.myData.freeText.given': 'given above',
      'support.myData.freeText.withheld': 'not given here (sensitive programme): ask the data-protection officer',
    },
  },

  async restrict(tx, scope) {
    if (!scope.householdId) return {};
    const r = await sql<{ protected: boolean }>`select support_household_protected(${scope.householdId}::uuid) as protected`.execute(tx);
    return { withholdHousehold: r.rows[0]?.protected === true };
  },

  async collect(tx, scope) {
    const f = (k: string) => `support.myData.f.${k}`;
    // The policies already narrow to what the person may read; the filter says the same thing again.
    const mine = (q: ReturnType<typeof cases>) =>
      q.where('c.organisation_id', '=', scope.organisationId).where('c.anonymised_at', 'is', null).where((eb) => {
        const own = eb('c.person_user_id', '=', scope.userId);
        return scope.householdId ? eb.or([own, eb.and([eb('c.person_user_id', 'is', null), eb('c.household_id', '=', scope.householdId)])]) : own;
      });
    const cases = () => tx.selectFrom('support_cases as c').innerJoin('support_programmes as p', 'p.id', 'c.programme_id');
    const rows = await mine(cases())
      .select([
        'c.id',
        'c.reference',
        'p.name as programme',
        'p.sensitivity',
        'c.status',
        'c.stage',
        'c.opened_at',
        'c.closed_at',
        'c.person_user_id',
        'c.situation',
        'c.outcome',
      ])
      .orderBy('c.opened_at', 'desc')
      .execute();
    const ids = rows.map((r) => r.id as string);
    const reference = new Map(rows.map((r) => [r.id as string, r.reference as string]));
    const caseRows = rows.map((r) => {
      const ordinary = r.sensitivity === 'normal';
      return {
        reference: r.reference,
        programme: r.programme,
        status: r.status,
        stage: r.stage,
        about: r.person_user_id ? 'person' : 'household',
        openedAt: r.opened_at,
        closedAt: r.closed_at,
        situation: ordinary ? r.situation : null,
        outcome: ordinary ? r.outcome : null,
        freeText: ordinary ? 'given' : 'withheld',
      };
    });
    const steps = ids.length
      ? await tx
          .selectFrom('support_case_steps as s')
          .innerJoin('support_cases as c', 'c.id', 's.case_id')
          .innerJoin('support_programmes as p', 'p.id', 'c.programme_id')
          .select(['s.case_id', sql<string>`coalesce((select x->>'label' from jsonb_array_elements(p.steps) x where x->>'key' = s.key limit 1), s.key)`.as('step'), sql<string>`s.due_on::text`.as('due_on'), 's.done_at'])
          .where('s.case_id', 'in', ids)
          .orderBy('s.due_on')
          .execute()
      : [];
    const decisions = ids.length
      ? await tx
          .selectFrom('support_decisions as d')
          .select(['d.case_id', 'd.outcome', 'd.monthly_cents', 'd.months', sql<string | null>`d.starts_on::text`.as('starts_on'), 'd.reason', 'd.decided_at'])
          .where('d.case_id', 'in', ids)
          .orderBy('d.decided_at')
          .execute()
      : [];
    const documents = ids.length
      ? await tx.selectFrom('support_case_documents as d').select(['d.case_id', 'd.file_name', 'd.media_type', 'd.uploaded_at']).where('d.case_id', 'in', ids).orderBy('d.uploaded_at').execute()
      : [];
    const sections: PersonalDataSection[] = [
      {
        id: 'support.cases',
        title: 'support.myData.cases',
        note: 'support.myData.casesNote',
        fields: { reference: f('reference'), programme: f('programme'), about: f('about'), status: f('status'), stage: f('stage'), openedAt: f('openedAt'), closedAt: f('closedAt'), situation: f('situation'), outcome: f('outcome'), freeText: f('freeText') },
        translate: { about: 'support.myData.about.', freeText: 'support.myData.freeText.' },
        rows: plainRows(caseRows),
      },
      {
        id: 'support.steps',
        title: 'support.myData.steps',
        fields: { reference: f('reference'), step: f('step'), dueOn: f('dueOn'), doneAt: f('doneAt') },
        rows: plainRows(steps.map((s) => ({ reference: reference.get(s.case_id as string), step: s.step, dueOn: s.due_on, doneAt: s.done_at }))),
      },
      {
        id: 'support.decisions',
        title: 'support.myData.decisions',
        fields: { reference: f('reference'), outcome: f('outcomeDecision'), monthlyCents: f('monthlyCents'), months: f('months'), startsOn: f('startsOn'), reason: f('reason'), decidedAt: f('decidedAt') },
        rows: plainRows(
          decisions.map((d) => ({ reference: reference.get(d.case_id as string), outcome: d.outcome, monthlyCents: d.monthly_cents, months: d.months, startsOn: d.starts_on, reason: d.reason, decidedAt: d.decided_at })),
        ),
      },
      {
        id: 'support.documents',
        title: 'support.myData.documents',
        note: 'support.myData.documentsNote',
        fields: { reference: f('reference'), fileName: f('fileName'), mediaType: f('mediaType'), uploadedAt: f('uploadedAt') },
        rows: plainRows(documents.map((d) => ({ reference: reference.get(d.case_id as string), fileName: d.file_name, mediaType: d.media_type, uploadedAt: d.uploaded_at }))),
      },
    ];
    return sections;
  },
};
