// The AR Hlm's Club de l'Innovation sociale (seed 004): the landlords that hosted its sessions,
// with one residence each for the benchmark. Residences, households and figures are invented.
export type ClubResidence = {
  ref: string;
  name: string;
  kind: string;
  address: string;
  postcode: string;
  city: string;
  lat: number;
  lon: number;
  dwellings: number;
  vacantEvery: number;
  paperEvery: number;
};
export type ClubMember = {
  slug: string;
  name: string;
  agency: string;
  shares: string[];
  residences: ClubResidence[];
};

const ALL = ['occupancy_rate', 'paper_share', 'household_size', 'turnover_rate'];
const r = (ref: string, name: string, kind: string, postcode: string, city: string, lat: number, lon: number, dwellings: number, vacantEvery: number, paperEvery: number): ClubResidence => ({
  ref,
  name,
  kind,
  address: `Centre-ville, ${city}`,
  postcode,
  city,
  lat,
  lon,
  dwellings,
  vacantEvery,
  paperEvery,
});

export const CLUB_NETWORK = 'ar-hlm-paca';

/** Landlords already in the directory's demo that join the club's benchmark. */
export const CLUB_EXISTING: ClubMember[] = [
  {
    slug: 'icf-habitat-sem',
    name: 'ICF Habitat Sud-Est Méditerranée',
    agency: 'Direction territoriale de Marseille',
    shares: ALL,
    residences: [
      r('ICF-MRS-PDF', 'Pension de famille de Marseille', 'pension_de_famille', '13003', 'Marseille', 43.3106, 5.3803, 14, 7, 3),
      r('ICF-MTP-IG', 'Résidence intergénérationnelle de Montpellier', 'intergenerational', '34000', 'Montpellier', 43.6045, 3.8795, 16, 8, 4),
    ],
  },
  { slug: 'logirem', name: 'Logirem', agency: '', shares: ALL, residences: [] },
];

/** Landlords that presented at earlier sessions of the club, added as network members. */
export const CLUB_NEW: ClubMember[] = [
  {
    slug: 'famille-provence',
    name: 'Famille & Provence',
    agency: 'Agence d’Aix',
    shares: ALL,
    residences: [r('FP-AIX', 'Résidence d’Aix-en-Provence', 'ordinary', '13090', 'Aix-en-Provence', 43.5297, 5.4474, 20, 10, 5)],
  },
  {
    slug: 'erilia',
    name: 'Erilia',
    agency: 'Agence de Toulon',
    shares: ALL,
    residences: [r('ER-TOULON', 'Résidence de Toulon', 'ordinary', '83000', 'Toulon', 43.1242, 5.928, 25, 5, 6)],
  },
  {
    slug: 'unicil',
    name: 'Unicil',
    agency: 'Agence Marseille Nord',
    shares: ALL,
    residences: [r('UN-MRS14', 'Résidence du 14ᵉ arrondissement', 'ordinary', '13014', 'Marseille', 43.3448, 5.3926, 18, 9, 4)],
  },
  {
    slug: 'grand-delta-habitat',
    name: 'Grand Delta Habitat',
    agency: 'Agence d’Avignon',
    shares: ALL,
    residences: [r('GDH-AVIGNON', 'Résidence d’Avignon', 'student', '84000', 'Avignon', 43.9493, 4.8055, 15, 4, 7)],
  },
  {
    slug: 'cote-azur-habitat',
    name: 'Côte d’Azur Habitat',
    agency: 'Agence de Nice',
    shares: ['occupancy_rate'],
    residences: [r('CAH-NICE', 'Résidence de Nice', 'intergenerational', '06300', 'Nice', 43.7102, 7.262, 12, 12, 3)],
  },
];
