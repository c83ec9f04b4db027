import { z } from 'zod';
import { choice, coordinate, day, email, fold, integer, money, optionalText, phone, postcode, reference, rooms, text } from './fields.js';

export const IMPORT_KINDS = ['residences', 'dwellings', 'households'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A column of the register: the header we write (French), the other spellings we accept, whether the file must have it. */
export type Column = { field: string; header: string; aliases: string[]; required: boolean };

const col = (field: string, header: string, aliases: string[], required = false): Column => ({ field, header, aliases, required });

export const RESIDENCE_KINDS = ['ordinary', 'intergenerational', 'social_residence', 'pension_de_famille', 'shelter', 'student'] as const;
const residenceKindWords: Record<string, (typeof RESIDENCE_KINDS)[number]> = {
  classique: 'ordinary',
  ordinaire: 'ordinary',
  residence_classique: 'ordinary',
  intergenerationnelle: 'intergenerational',
  intergenerationnel: 'intergenerational',
  residence_intergenerationnelle: 'intergenerational',
  residence_sociale: 'social_residence',
  pension: 'pension_de_famille',
  maison_relais: 'pension_de_famille',
  chrs: 'shelter',
  foyer: 'shelter',
  hebergement: 'shelter',
  etudiante: 'student',
  etudiant: 'student',
  residence_etudiante: 'student',
};

export const CHANNELS = ['email', 'sms', 'paper'] as const;
const channelWords: Record<string, (typeof CHANNELS)[number]> = {
  e_mail: 'email',
  mail: 'email',
  courriel: 'email',
  texto: 'sms',
  papier: 'paper',
  courrier: 'paper',
  postal: 'paper',
};

/** "Adresse confidentielle" / "Confidential address", folded: what the export writes for a withheld dwelling. */
const CONFIDENTIAL_WORDS = new Set([fold('Adresse confidentielle'), fold('Confidential address')]);

const languageWords: Record<string, string> = {
  francais: 'fr',
  french: 'fr',
  anglais: 'en',
  english: 'en',
  arabe: 'ar',
  espagnol: 'es',
  portugais: 'pt',
  turc: 'tr',
  roumain: 'ro',
  russe: 'ru',
  ukrainien: 'uk',
  italien: 'it',
  allemand: 'de',
  chinois: 'zh',
  vietnamien: 'vi',
  tamoul: 'ta',
  wolof: 'wo',
  soninke: 'snk',
};

export const COLUMNS: Record<ImportKind, Column[]> = {
  residences: [
    col('reference', 'reference', ['ref', 'code', 'code_residence', 'reference_residence'], true),
    col('name', 'nom', ['name', 'libelle', 'nom_residence'], true),
    col('kind', 'type', ['kind', 'categorie', 'type_residence']),
    col('address', 'adresse', ['address', 'rue'], true),
    col('postcode', 'code_postal', ['cp', 'postcode', 'postal_code'], true),
    col('city', 'ville', ['commune', 'city'], true),
    col('latitude', 'latitude', ['lat']),
    col('longitude', 'longitude', ['lon', 'lng', 'long']),
    col('agency', 'agence', ['agency', 'nom_agence']),
  ],
  dwellings: [
    col('reference', 'reference', ['ref', 'code', 'code_logement', 'reference_logement'], true),
    col('residence', 'residence', ['reference_residence', 'code_residence', 'programme'], true),
    col('building', 'batiment', ['building', 'bat', 'immeuble', 'entree']),
    col('rooms', 'pieces', ['rooms', 'nb_pieces', 'typologie', 'type'], true),
    col('floor', 'etage', ['floor', 'niveau'], true),
    col('rent', 'loyer', ['rent', 'loyer_principal', 'loyer_hors_charges'], true),
  ],
  households: [
    col('reference', 'reference', ['ref', 'code', 'code_menage', 'reference_menage', 'numero_locataire'], true),
    col('name', 'nom', ['name', 'nom_menage', 'titulaire'], true),
    col('dwelling', 'logement', ['dwelling', 'reference_logement', 'code_logement']),
    col('email', 'email', ['e_mail', 'courriel', 'mail', 'adresse_e_mail']),
    col('phone', 'telephone', ['tel', 'phone', 'portable', 'mobile']),
    col('language', 'langue', ['language', 'langue_preferee']),
    col('channel', 'canal', ['channel', 'canal_contact', 'contact']),
    col('members', 'personnes', ['members', 'nb_personnes', 'occupants', 'taille_menage']),
    col('startsOn', 'date_entree', ['entree', 'date_d_entree', 'starts_on', 'move_in']),
  ],
};

export const ROW_SCHEMAS = {
  residences: z.object({
    reference,
    name: text(200),
    kind: choice(RESIDENCE_KINDS, residenceKindWords, 'kind', 'ordinary'),
    address: text(300),
    postcode,
    city: text(120),
    latitude: coordinate(90),
    longitude: coordinate(180),
    agency: optionalText(120),
  }),
  dwellings: z.object({
    reference,
    residence: reference,
    building: optionalText(64),
    rooms,
    floor: integer(-3, 60, 'floor', { rdc: 0, rez_de_chaussee: 0, sous_sol: -1 }),
    rent: money,
  }),
  households: z
    .object({
      reference,
      name: text(200),
      // The export writes "Adresse confidentielle" for an address withheld from its reader: read back as empty (no change).
      dwelling: optionalText(64).transform((v) => (v && CONFIDENTIAL_WORDS.has(fold(v)) ? null : v)),
      email,
      phone,
      language: z.string().transform((raw, ctx) => {
        const v = fold(raw);
        if (!v) return 'fr';
        const code = languageWords[v] ?? v;
        if (/^[a-z]{2,3}$/.test(code)) return code;
        ctx.addIssue({ code: 'custom', message: 'directory.import.error.language' });
        return z.NEVER;
      }),
      channel: choice(CHANNELS, channelWords, 'channel', null),
      members: integer(1, 20, 'people', {}, 1),
      startsOn: day,
    })
    .superRefine((h, ctx) => {
      if (h.channel === 'email' && !h.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'directory.import.error.emailForChannel' });
      if (h.channel === 'sms' && !h.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'directory.import.error.phoneForChannel' });
      if (h.dwelling && !h.startsOn) ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'directory.import.error.startsOnRequired' });
    })
    // Without a stated channel: e-mail when there is one, else SMS, else paper — nobody is left unreachable.
    .transform((h) => ({ ...h, channel: h.channel ?? (h.email ? 'email' : h.phone ? 'sms' : 'paper') })),
};

export type ResidenceRow = z.infer<(typeof ROW_SCHEMAS)['residences']>;
export type DwellingRow = z.infer<(typeof ROW_SCHEMAS)['dwellings']>;
export type HouseholdRow = z.infer<(typeof ROW_SCHEMAS)['households']>;

/** Matches the file's headers to our fields; the missing required ones and the ignored ones are told. */
export function mapHeader(kind: ImportKind, header: string[]): { index: Map<string, number>; labels: Map<string, string>; missing: string[]; ignored: string[] } {
  const index = new Map<string, number>();
  const labels = new Map<string, string>();
  const ignored: string[] = [];
  header.forEach((h, i) => {
    const f = fold(h);
    const c = COLUMNS[kind].find((x) => !index.has(x.field) && (fold(x.header) === f || x.field.toLowerCase() === f || x.aliases.includes(f)));
    if (c) {
      index.set(c.field, i);
      labels.set(c.field, h.trim());
    } else if (h.trim()) ignored.push(h.trim());
  });
  const missing = COLUMNS[kind].filter((c) => c.required && !index.has(c.field)).map((c) => c.header);
  return { index, labels, missing, ignored };
}
