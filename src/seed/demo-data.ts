// The places and partners of the five source documents (../shared/seeds). People and households are invented.

export type DemoResidence = {
  ref: string;
  name: string;
  kind: 'ordinary' | 'intergenerational' | 'social_residence' | 'pension_de_famille' | 'shelter' | 'student';
  address: string;
  postcode: string;
  city: string;
  lat: number;
  lon: number;
  dwellings: number;
  places: { kind: 'room' | 'garden' | 'coworking' | 'office' | 'other'; name: string; description: string }[];
};

export type DemoOrg = { slug: string; kind: 'landlord' | 'association' | 'provider' | 'network'; name: string; agency?: string; residences?: DemoResidence[] };

export const DEMO_ORGS: DemoOrg[] = [
  {
    slug: 'plurial-novilia',
    kind: 'landlord',
    name: 'Plurial Novilia',
    agency: 'Agence de Reims',
    residences: [
      {
        ref: 'PN-REMAVERT-ARC',
        name: 'Réma’Vert — Arc-en-Ciel',
        kind: 'ordinary',
        address: 'Rue de l’Arc-en-Ciel',
        postcode: '51100',
        city: 'Reims',
        lat: 49.2386,
        lon: 4.0028,
        dwellings: 24,
        places: [
          { kind: 'room', name: 'Salle commune Arc-en-Ciel', description: 'Local de la Conciergerie Solidaire 51 : permanences mardi et jeudi, 17 h 00 – 19 h 30.' },
          { kind: 'garden', name: 'Jardins partagés de Réma’Vert', description: 'Parcelles cultivées par les habitants de l’éco-quartier.' },
        ],
      },
    ],
  },
  {
    slug: 'logirep',
    kind: 'landlord',
    name: 'Polylogis — LogiRep',
    agency: 'Agence de Rouen',
    residences: [
      {
        ref: 'LR-SOTT-CORNEILLE',
        name: 'Résidence Pierre Corneille',
        kind: 'ordinary',
        address: 'Rue Pierre Corneille',
        postcode: '76300',
        city: 'Sotteville-lès-Rouen',
        lat: 49.4123,
        lon: 1.0904,
        dwellings: 18,
        places: [{ kind: 'coworking', name: 'Coworking solidaire', description: 'Espace de 30 m² au pied de la résidence : 6 postes de travail, wifi, imprimante.' }],
      },
      { ref: 'LR-GRAND-COURONNE', name: 'Résidence de Grand-Couronne', kind: 'ordinary', address: 'Avenue Georges Clemenceau', postcode: '76530', city: 'Grand-Couronne', lat: 49.3566, lon: 1.0061, dwellings: 8, places: [] },
      { ref: 'LR-PETIT-QUEVILLY', name: 'Résidence du Petit-Quevilly', kind: 'ordinary', address: 'Rue Jean Macé', postcode: '76140', city: 'Le Petit-Quevilly', lat: 49.4236, lon: 1.0577, dwellings: 8, places: [] },
    ],
  },
  {
    slug: 'logirem',
    kind: 'landlord',
    name: 'Logirem',
    agency: 'Agence Marseille Est',
    residences: [
      { ref: 'LM-AIRBEL', name: 'Air Bel', kind: 'ordinary', address: 'Chemin de la Parette', postcode: '13011', city: 'Marseille', lat: 43.2896, lon: 5.4372, dwellings: 20, places: [{ kind: 'room', name: 'Local associatif d’Air Bel', description: 'Permanences des partenaires.' }] },
    ],
  },
  {
    slug: 'clesence',
    kind: 'landlord',
    name: 'Clésence',
    agency: 'Agence d’Amiens',
    residences: [
      { ref: 'CL-GREGORY', name: 'Résidence Gregory', kind: 'intergenerational', address: 'Rue Gregory', postcode: '80000', city: 'Amiens', lat: 49.8941, lon: 2.2958, dwellings: 12, places: [{ kind: 'room', name: 'Salle commune', description: 'Hôte présent deux jours par semaine.' }] },
    ],
  },
  { slug: 'icf-habitat-sem', kind: 'landlord', name: 'ICF Habitat Sud-Est Méditerranée' },
  { slug: 'ar-hlm-paca', kind: 'network', name: 'AR Hlm (association régionale des organismes Hlm)' },
  { slug: 'conciergerie-solidaire-51', kind: 'association', name: 'La Conciergerie Solidaire 51' },
  { slug: 'vie2b', kind: 'association', name: 'Vie2B' },
  { slug: 'afev', kind: 'association', name: 'AFEV' },
  { slug: 'compagnons-batisseurs', kind: 'association', name: 'Compagnons Bâtisseurs' },
  { slug: 'handitoit', kind: 'association', name: 'HandiToit Provence' },
  { slug: 'elia', kind: 'association', name: 'Elia' },
  { slug: 'ddch', kind: 'association', name: 'DDCH' },
  { slug: 'carsat-sud-est', kind: 'provider', name: 'CARSAT Sud-Est' },
  { slug: 'la-poste', kind: 'provider', name: 'Groupe La Poste' },
];

export const DEMO_PARTNERSHIPS: [string, string][] = [
  ['plurial-novilia', 'conciergerie-solidaire-51'],
  ['plurial-novilia', 'vie2b'],
  ['logirem', 'ddch'],
  ['logirem', 'elia'],
  ['logirem', 'handitoit'],
  ['logirem', 'carsat-sud-est'],
  ['logirem', 'afev'],
  ['logirem', 'compagnons-batisseurs'],
  ['icf-habitat-sem', 'la-poste'],
];

export const DEMO_NETWORK: [string, string][] = [
  ['ar-hlm-paca', 'icf-habitat-sem'],
  ['ar-hlm-paca', 'logirem'],
];

export const DEMO_FAMILY_NAMES = ['Martin', 'Benali', 'Nguyen', 'Lefèvre', 'Diallo', 'Moreau', 'Rossi', 'Petit', 'Haddad', 'Garnier', 'Kone', 'Roux'];
