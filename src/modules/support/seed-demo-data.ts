import type { Role } from '../../platform/access/roles.js';

/** Logirem's own staff for the support demo (invented people); all use the demo password. */
export const LOGIREM_STAFF: { key: string; email: string; name: string; role: Role }[] = [
  { key: 'adviserA', email: 'conseillere@logirem.demo.palier.fr', name: 'Samia Haddad', role: 'social_adviser' },
  { key: 'adviserB', email: 'conseiller@logirem.demo.palier.fr', name: 'Olivier Brun', role: 'social_adviser' },
  { key: 'manager', email: 'programmes@logirem.demo.palier.fr', name: 'Isabelle Gauthier', role: 'programme_manager' },
  { key: 'member1', email: 'commission1@logirem.demo.palier.fr', name: 'Bernard Ollivier', role: 'commission_member' },
  { key: 'member2', email: 'commission2@logirem.demo.palier.fr', name: 'Fatou Ndiaye', role: 'commission_member' },
  { key: 'member3', email: 'commission3@logirem.demo.palier.fr', name: 'Jacques Pellegrin', role: 'commission_member' },
  { key: 'concierge', email: 'gardien@logirem.demo.palier.fr', name: 'Rachid Mansour', role: 'concierge' },
  { key: 'admin', email: 'admin@logirem.demo.palier.fr', name: 'Nathalie Roussel', role: 'org_admin' },
];

type DemoProgramme = {
  kind: string;
  name: string;
  sensitivity: 'normal' | 'sensitive' | 'highly_sensitive';
  partner?: string;
  residenceKinds?: string[];
  steps?: { key: string; dueDays: number }[];
  retentionMonths?: number;
  legalBasis: string;
  notice: string;
};

/** The programmes of seed 002, as configuration. */
export const DEMO_PROGRAMMES: DemoProgramme[] = [
  {
    kind: 'rent_aid',
    name: 'Aide sur quittance (ASQ)',
    sensitivity: 'sensitive',
    partner: 'ddch',
    steps: [
      { key: 'gather_documents', dueDays: 7 },
      { key: 'nominate', dueDays: 14 },
    ],
    legalBasis: 'Mission d’intérêt public du bailleur social (RGPD art. 6-1-e) ; convention Logirem – DDCH – GIC.',
    notice: 'Votre conseillère présente votre demande à la commission ASQ. La commission voit un code, votre loyer, vos ressources et votre situation, jamais votre nom ni votre adresse.',
  },
  {
    kind: 'sliding_lease',
    name: 'Bail glissant avec Elia',
    sensitivity: 'highly_sensitive',
    partner: 'elia',
    legalBasis: 'Intermédiation locative ; convention cadre Logirem – Elia.',
    notice: 'Elia détient le bail pendant quelques mois, puis le bail passe à votre nom quand vous êtes prêts.',
  },
  {
    kind: 'housing_adaptation',
    name: 'Adaptation du logement (HandiToit, CARSAT)',
    sensitivity: 'sensitive',
    partner: 'handitoit',
    steps: [{ key: 'expert_visit', dueDays: 30 }],
    legalBasis: 'Demande de la personne ; convention Logirem – HandiToit.',
    notice: 'Un expert d’HandiToit vient voir votre logement pour proposer des travaux adaptés.',
  },
  {
    kind: 'onboarding',
    name: 'Nouveaux entrants',
    sensitivity: 'normal',
    legalBasis: 'Exécution du bail ; projet soutenu par le Département des Bouches-du-Rhône et la Métropole.',
    notice: 'Nous vous accompagnons pendant vos premières semaines dans votre nouveau logement.',
  },
  {
    kind: 'flat_share',
    name: 'Colocation solidaire KAPS',
    sensitivity: 'normal',
    partner: 'afev',
    residenceKinds: ['ordinary', 'student'],
    legalBasis: 'Convention Logirem – AFEV.',
    notice: 'Chaque colocation mène une action de solidarité avec les habitants de la résidence.',
  },
  {
    kind: 'transfer',
    name: 'Mut’toit (Compagnons Bâtisseurs)',
    sensitivity: 'sensitive',
    partner: 'compagnons-batisseurs',
    steps: [
      { key: 'diagnosis', dueDays: 15 },
      { key: 'works_plan', dueDays: 45 },
    ],
    legalBasis: 'Demande de mutation ; convention Logirem – Compagnons Bâtisseurs.',
    notice: 'Les Compagnons Bâtisseurs vous aident à préparer votre logement avant votre déménagement.',
  },
];
