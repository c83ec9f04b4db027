// The demo of seed 001: La Conciergerie Solidaire 51 at Réma'Vert (Reims), for Plurial Novilia's tenants.
// Providers are invented local businesses of the kinds the article names.

export const DESK = {
  name: 'La Conciergerie Solidaire 51 — Réma’Vert',
  place: 'Salle commune Arc-en-Ciel, rue de l’Arc-en-Ciel, Reims',
};

export const HOURS = [
  {
    weekday: 2,
    startsAt: '17:00',
    endsAt: '19:30',
    place: 'Salle commune Arc-en-Ciel',
  },
  {
    weekday: 4,
    startsAt: '17:00',
    endsAt: '19:30',
    place: 'Salle commune Arc-en-Ciel',
  },
];

export const PROVIDERS: {
  name: string;
  labels: string[];
  distance: number;
  active?: boolean;
}[] = [
  {
    name: 'Pressing Solidaire Rémois',
    labels: ['ess', 'local', 'integration'],
    distance: 900,
  },
  { name: 'Épicerie du Quartier Réma’Vert', labels: ['local'], distance: 250 },
  {
    name: 'Les Petits Pas — garde d’enfants',
    labels: ['ess', 'responsible'],
    distance: 1800,
  },
  {
    name: 'Régie de quartier de Reims',
    labels: ['ess', 'local', 'integration'],
    distance: 1200,
  },
  {
    name: 'Coursiers à vélo de Reims',
    labels: ['local', 'responsible'],
    distance: 2500,
  },
  {
    name: 'Atelier Bricol’Solidaire',
    labels: ['ess', 'integration'],
    distance: 3100,
  },
  {
    name: 'Nettoyage Express Champagne',
    labels: [],
    distance: 14000,
    active: false,
  },
];

type Service = {
  code: string;
  fr: string;
  en: string;
  dfr: string;
  den: string;
  unit: string;
  cents: number;
  vat: number;
  provider: number;
  target: number;
};
export const SERVICES: Service[] = [
  {
    code: 'repassage',
    fr: 'Repassage',
    en: 'Ironing',
    dfr: 'Vous déposez votre linge au local, il revient repassé sous 48 h.',
    den: 'Drop your laundry at the desk; it comes back ironed within 48 hours.',
    unit: 'hour',
    cents: 1150,
    vat: 2000,
    provider: 0,
    target: 72,
  },
  {
    code: 'courses',
    fr: 'Livraison de courses',
    en: 'Grocery delivery',
    dfr: 'Vos courses de l’épicerie livrées chez vous.',
    den: 'Your groceries from the corner shop, delivered home.',
    unit: 'delivery',
    cents: 350,
    vat: 2000,
    provider: 4,
    target: 48,
  },
  {
    code: 'panier',
    fr: 'Panier de légumes locaux',
    en: 'Local vegetable box',
    dfr: 'Un panier de légumes de saison des fermes de la Marne.',
    den: 'A box of seasonal vegetables from farms in the Marne.',
    unit: 'item',
    cents: 1000,
    vat: 550,
    provider: 1,
    target: 96,
  },
  {
    code: 'garde',
    fr: 'Garde d’enfants',
    en: 'Childcare',
    dfr: 'Une personne de confiance garde vos enfants chez vous.',
    den: 'A trusted person looks after your children at home.',
    unit: 'hour',
    cents: 900,
    vat: 1000,
    provider: 2,
    target: 72,
  },
  {
    code: 'courrier',
    fr: 'Gestion du courrier',
    en: 'Mail handling',
    dfr: 'Nous recevons votre courrier et vos colis quand vous êtes absent.',
    den: 'We receive your mail and parcels while you are away.',
    unit: 'item',
    cents: 0,
    vat: 0,
    provider: 3,
    target: 24,
  },
  {
    code: 'menage',
    fr: 'Ménage à domicile',
    en: 'Home cleaning',
    dfr: 'Le ménage de votre logement par une entreprise d’insertion.',
    den: 'Your home cleaned by a work-integration company.',
    unit: 'hour',
    cents: 1500,
    vat: 1000,
    provider: 3,
    target: 96,
  },
  {
    code: 'reparations',
    fr: 'Petites réparations',
    en: 'Small repairs',
    dfr: 'Une étagère, une poignée, un joint : un bricoleur passe chez vous.',
    den: 'A shelf, a handle, a seal: a handyman comes to you.',
    unit: 'hour',
    cents: 2000,
    vat: 2000,
    provider: 5,
    target: 120,
  },
  {
    code: 'couture',
    fr: 'Retouches couture',
    en: 'Clothing alterations',
    dfr: 'Ourlets, fermetures éclair, petites retouches.',
    den: 'Hems, zips, small alterations.',
    unit: 'item',
    cents: 800,
    vat: 2000,
    provider: 0,
    target: 120,
  },
  {
    code: 'pressing',
    fr: 'Dépôt pressing',
    en: 'Dry cleaning',
    dfr: 'Vos vêtements délicats nettoyés au pressing.',
    den: 'Your delicate clothes dry-cleaned.',
    unit: 'item',
    cents: 450,
    vat: 2000,
    provider: 0,
    target: 96,
  },
  {
    code: 'cordonnerie',
    fr: 'Cordonnerie',
    en: 'Shoe repair',
    dfr: 'Talons, semelles et clés.',
    den: 'Heels, soles and keys.',
    unit: 'item',
    cents: 1200,
    vat: 2000,
    provider: 5,
    target: 120,
  },
  {
    code: 'communs',
    fr: 'Entretien des espaces communs',
    en: 'Upkeep of common spaces',
    dfr: 'Un coup de propre dans le hall ou le jardin partagé.',
    den: 'A clean-up of the hall or the shared garden.',
    unit: 'visit',
    cents: 2500,
    vat: 2000,
    provider: 3,
    target: 168,
  },
  {
    code: 'encombrants',
    fr: 'Enlèvement d’encombrants',
    en: 'Bulky waste removal',
    dfr: 'Nous emportons vos meubles usagés à la ressourcerie.',
    den: 'We take your old furniture to the reuse centre.',
    unit: 'visit',
    cents: 1500,
    vat: 2000,
    provider: 4,
    target: 168,
  },
];

export const PLANS = [
  {
    code: 'solidaire',
    fr: 'Abonnement solidaire',
    en: 'Solidarity subscription',
    fee: 1000,
    tenant: 200,
  },
  {
    code: 'standard',
    fr: 'Abonnement standard',
    en: 'Standard subscription',
    fee: 1000,
    tenant: 500,
  },
];
