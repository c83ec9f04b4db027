import { z } from 'zod';

const RESIDENCE_KINDS = ['ordinary', 'intergenerational', 'social_residence', 'pension_de_famille', 'shelter', 'student'] as const;
const text = (max: number) => z.string().trim().max(max, 'impact.error.tooLong');

/** A practice sheet as typed in the form; the cost in euros becomes cents. */
export const practiceInput = z.object({
  title: z.string().trim().min(3, 'impact.error.titleRequired').max(200, 'impact.error.tooLong'),
  problem: z.string().trim().min(10, 'impact.error.problemRequired').max(4000, 'impact.error.tooLong'),
  audience: text(2000),
  partners: text(2000),
  means: text(4000),
  cost: z
    .string()
    .trim()
    .regex(/^(\d{1,9}([.,]\d{1,2})?)?$/, 'impact.error.cost')
    .transform((v) => (v === '' ? null : Math.round(Number(v.replace(',', '.')) * 100))),
  results: text(4000),
  difficulties: text(4000),
  contact: z.string().trim().min(3, 'impact.error.contactRequired').max(300, 'impact.error.tooLong'),
  residenceKind: z.union([z.literal(''), z.enum(RESIDENCE_KINDS)]).transform((v) => v || null),
  tags: text(300).transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean)
      .slice(0, 10),
  ),
  network: z.string().trim(),
});
export type PracticeInput = z.output<typeof practiceInput>;
export const PRACTICE_FIELDS = ['title', 'problem', 'audience', 'partners', 'means', 'cost', 'results', 'difficulties', 'contact', 'residenceKind', 'tags', 'network'] as const;
export { RESIDENCE_KINDS };

// A decimal coordinate, with a comma accepted as French keyboards give it.
const coordinate = (limit: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}([.,]\d+)?$/, message)
    .transform((v) => Number(v.replace(',', '.')))
    .refine((v) => Math.abs(v) <= limit, message);

/** A service near a residence as typed by staff. */
export const nearbyInput = z.object({
  category: z.enum(['partner', 'shop', 'public_service', 'transport', 'health', 'post_office'], { message: 'impact.error.category' }),
  name: z.string().trim().min(2, 'impact.error.nameRequired').max(200, 'impact.error.tooLong'),
  address: z.string().trim().min(3, 'impact.error.addressRequired').max(300, 'impact.error.tooLong'),
  latitude: coordinate(90, 'impact.error.latitude'),
  longitude: coordinate(180, 'impact.error.longitude'),
  openingHours: text(300),
  accessibility: text(300),
});
export type NearbyInput = z.output<typeof nearbyInput>;
export const NEARBY_FIELDS = ['category', 'name', 'address', 'latitude', 'longitude', 'openingHours', 'accessibility'] as const;
