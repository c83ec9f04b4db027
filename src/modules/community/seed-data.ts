// The community part of the demo story, from the source documents (../shared/seeds 001, 003, 004).
import type { ProposalStatus } from './domain/proposal-status.js';

export type SeedAnswer = { status: ProposalStatus; body: string; on: string };
export type SeedMilestone = { label: string; planned: string; done: string | null };
export type SeedProposal = {
  title: string;
  body: string;
  category: string;
  place: string;
  creditedTo: string;
  on: string;
  answers: SeedAnswer[];
  milestones?: SeedMilestone[];
};

export const REMAVERT_COMMITTEES = {
  title: 'Réma’Vert — ateliers et comités d’habitants (Vie2B)',
  description:
    'Depuis 2018, la coopérative Vie2B accompagne l’arrivée des habitants du premier écoquartier de Champagne-Ardenne. Ateliers et comités ouverts aux locataires de Plurial Novilia, des autres bailleurs et aux nouveaux propriétaires.',
  startsOn: '2018-09-01',
  endsOn: '2021-12-31',
};

export const REMAVERT_PROPOSALS: SeedProposal[] = [
  {
    title: 'Sécuriser l’accès piéton jusqu’à la grande surface voisine',
    body: 'Le chemin à pied vers le supermarché traverse une voie sans trottoir. Les parents avec poussette et les personnes âgées ne s’y sentent pas en sécurité.',
    category: 'safety',
    place: 'Entre l’écoquartier et la grande surface',
    creditedTo: 'Comité d’habitants Réma’Vert',
    on: '2019-03-14',
    milestones: [
      { label: 'Tracé validé avec la ville de Reims', planned: '2019-11-30', done: '2019-11-22' },
      { label: 'Travaux du cheminement et de l’éclairage', planned: '2020-05-31', done: '2020-06-10' },
    ],
    answers: [
      {
        status: 'under_study',
        body: 'Nous étudions le tracé avec la ville de Reims.',
        on: '2019-04-02',
      },
      {
        status: 'accepted',
        body: 'La ville et Plurial Novilia financent un cheminement protégé.',
        on: '2019-09-20',
      },
      {
        status: 'done',
        body: 'Le cheminement piéton sécurisé est ouvert.',
        on: '2020-06-15',
      },
    ],
  },
  {
    title: 'Mettre en place un système de compostage',
    body: 'Beaucoup d’épluchures partent à la poubelle. Des composteurs collectifs près des jardins serviraient aussi aux parcelles.',
    category: 'environment',
    place: 'Près des jardins partagés',
    creditedTo: 'Atelier Vie2B « Vivre ensemble »',
    on: '2019-05-21',
    milestones: [
      { label: 'Trois composteurs installés près des jardins', planned: '2019-10-15', done: '2019-10-08' },
      { label: 'Formation des habitants référents avec Vie2B', planned: '2019-11-05', done: '2019-11-05' },
    ],
    answers: [
      {
        status: 'accepted',
        body: 'Trois composteurs seront installés, avec une formation par Vie2B.',
        on: '2019-07-01',
      },
      {
        status: 'done',
        body: 'Les composteurs sont en place et un groupe d’habitants référents s’en occupe.',
        on: '2019-11-05',
      },
    ],
  },
  {
    title: 'Créer des jardins collectifs et individuels',
    body: 'Des parcelles à cultiver pour les familles, et un jardin commun pour se retrouver.',
    category: 'green_spaces',
    place: 'Cœur d’îlot',
    creditedTo: 'Atelier Vie2B « Espaces extérieurs »',
    on: '2018-11-08',
    milestones: [
      { label: 'Plan du cœur d’îlot revu avec les habitants', planned: '2019-04-30', done: '2019-05-06' },
      { label: 'Vingt parcelles et un jardin collectif aménagés', planned: '2020-04-15', done: '2020-04-30' },
    ],
    answers: [
      {
        status: 'under_study',
        body: 'Le paysagiste reprend le plan du cœur d’îlot.',
        on: '2018-12-10',
      },
      {
        status: 'accepted',
        body: 'Vingt parcelles individuelles et un jardin collectif sont prévus.',
        on: '2019-02-18',
      },
      {
        status: 'done',
        body: 'Les jardins partagés de Réma’Vert sont ouverts.',
        on: '2020-04-30',
      },
    ],
  },
  {
    title: 'Aménager un espace détente et de jeux pour enfants',
    body: 'Les enfants jouent sur le parking. Un espace de jeux avec des bancs pour les parents.',
    category: 'play',
    place: 'Square central',
    creditedTo: 'Comité d’habitants Réma’Vert',
    on: '2019-10-03',
    milestones: [
      { label: 'Choix des jeux avec les familles', planned: '2020-10-31', done: '2020-11-14' },
      { label: 'Livraison de l’espace détente et de jeux', planned: '2021-09-01', done: '2021-09-01' },
    ],
    answers: [
      {
        status: 'accepted',
        body: 'L’espace est retenu dans la dernière tranche de l’écoquartier.',
        on: '2020-02-12',
      },
      {
        status: 'done',
        body: 'L’espace détente et de jeux est livré.',
        on: '2021-09-01',
      },
    ],
  },
];

export const SHARED_SPACES_PROCESS = {
  title: 'Réma’Vert 2026 — espaces partagés',
  description: 'Que faire ensemble de la salle commune Arc-en-Ciel, gérée de manière collégiale, et des espaces extérieurs ? Vos idées, nos réponses.',
};

export const OPEN_PROPOSAL: SeedProposal = {
  title: 'Une boîte à livres dans la salle Arc-en-Ciel',
  body: 'Déposer et prendre des livres librement, pour petits et grands.',
  category: 'community_life',
  place: 'Salle commune Arc-en-Ciel',
  creditedTo: 'Comité d’habitants du 12 novembre',
  on: '',
  answers: [],
};

/** Réma’Vert's workshops and committees (Vie2B), the meetings of the 2018–2021 process where the proposals were made. */
export const REMAVERT_MEETINGS = [
  { title: 'Atelier Vie2B « Espaces extérieurs »', category: 'workshop', on: '2018-11-08', start: '18:00', end: '20:00', walkIns: 4, seats: 18, report: 'Plan du cœur d’îlot sur la table : les familles veulent cultiver. Proposition : des jardins collectifs et individuels.' },
  { title: 'Comité d’habitants Réma’Vert', category: 'committee', on: '2019-03-14', start: '18:30', end: '20:30', walkIns: 2, seats: 22, report: 'Le chemin vers la grande surface inquiète les parents et les aînés. Proposition : sécuriser l’accès piéton.' },
  { title: 'Atelier Vie2B « Vivre ensemble »', category: 'workshop', on: '2019-05-21', start: '18:00', end: '20:00', walkIns: 3, seats: 15, report: 'Tri, épluchures, jardins : le groupe propose un système de compostage et se porte volontaire pour le suivre.' },
  { title: 'Comité d’habitants Réma’Vert', category: 'committee', on: '2019-10-03', start: '18:30', end: '20:30', walkIns: 5, seats: 20, report: 'Les enfants jouent sur le parking. Proposition : un espace détente et de jeux avec des bancs.' },
] as const;

/** Other moments of the neighbourhood from seed 001 (tastings, collections) and the Amiens residence (seed 003). */
export const MORE_TASTINGS = [
  { title: 'Goûter des saveurs du monde', description: 'Chaque famille fait goûter une spécialité ; la Conciergerie Solidaire 51 apporte les fruits de saison.', inDays: 30, start: '16:00', end: '18:00', capacity: 25 },
];
