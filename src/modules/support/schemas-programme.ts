import { z } from 'zod';

export const PROGRAMME_KINDS = ['rent_aid', 'housing_adaptation', 'sliding_lease', 'onboarding', 'flat_share', 'transfer', 'mental_health', 'domestic_violence', 'generic'] as const;
export const SENSITIVITIES = ['normal', 'sensitive', 'highly_sensitive'] as const;
export const RESIDENCE_KINDS = ['ordinary', 'intergenerational', 'social_residence', 'pension_de_famille', 'shelter', 'student'] as const;
export const RETENTION_FROM = ['last_contact', 'closure'] as const;
export const RETENTION_ACTIONS = ['anonymise', 'delete'] as const;
/** How many step rows the form offers; a programme rarely has more, and a form without JavaScript needs a fixed number. */
export const STEP_ROWS = 8;
export const MAX_QUESTIONS = 10;

const uuid = z.string().uuid('form.invalid');
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const text = (max: number) => z.string().trim().max(max, 'support.form.tooLong');

export type ProgrammeStepConfig = {
  key: string;
  label: string;
  dueDays: number;
};

/**
 * The programme form, flat as a browser sends it: steps come as rows `step1Label`/`step1Days`/`step1Key`
 * so each row's error sits by its own field. Keys of existing steps are kept so open cases keep their timeline.
 */
const stepRows = Object.fromEntries(
  Array.from({ length: STEP_ROWS }, (_, i) => [
    [`step${i + 1}Label`, text(120).default('')],
    [`step${i + 1}Days`, z.string().trim().default('')],
    [`step${i + 1}Key`, z.string().trim().default('')],
  ]).flat(),
) as Record<string, z.ZodDefault<z.ZodString>>;

export const programmeSchema = z
  .object({
    name: text(120).min(3, 'support.programme.nameShort'),
    kind: z.enum(PROGRAMME_KINDS, { message: 'form.required' }),
    sensitivity: z.enum(SENSITIVITIES, { message: 'form.required' }),
    partnerIds: list(uuid).pipe(z.array(uuid).max(10, 'support.form.tooLong')),
    residenceKinds: list(z.enum(RESIDENCE_KINDS, { message: 'form.invalid' })),
    residenceIds: list(uuid),
    eligibility: text(2000).default(''),
    // Empty: the programme follows the organisation's default (support settings).
    retentionMonths: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
      z.coerce
        .number({ message: 'support.programme.retentionRange' })
        .int('support.programme.retentionRange')
        .min(1, 'support.programme.retentionRange')
        .max(240, 'support.programme.retentionRange')
        .nullable()
        .default(null),
    ),
    retentionFrom: z.enum(RETENTION_FROM, { message: 'form.required' }),
    retentionAction: z.enum(RETENTION_ACTIONS, { message: 'form.required' }),
    legalBasis: text(1000).min(1, 'form.required'),
    notice: text(2000).min(1, 'form.required'),
    ...stepRows,
  })
  .superRefine((v, ctx) => {
    const questions = v.eligibility
      .split(/\r?\n/)
      .map((q) => q.trim())
      .filter(Boolean);
    if (questions.length > MAX_QUESTIONS)
      ctx.addIssue({
        code: 'custom',
        path: ['eligibility'],
        message: 'support.programme.tooManyQuestions',
      });
    if (questions.some((q) => q.length > 200))
      ctx.addIssue({
        code: 'custom',
        path: ['eligibility'],
        message: 'support.programme.questionLong',
      });
    const row = v as unknown as Record<string, string>;
    for (let i = 1; i <= STEP_ROWS; i++) {
      const label = row[`step${i}Label`];
      const days = row[`step${i}Days`];
      if (!label && !days) continue;
      if (!label)
        ctx.addIssue({
          code: 'custom',
          path: [`step${i}Label`],
          message: 'support.programme.stepLabel',
        });
      if (!/^\d{1,3}$/.test(days) || Number(days) > 730)
        ctx.addIssue({
          code: 'custom',
          path: [`step${i}Days`],
          message: 'support.programme.stepDays',
        });
    }
  })
  .transform((v) => {
    const row = v as unknown as Record<string, string>;
    const steps: ProgrammeStepConfig[] = [];
    for (let i = 1; i <= STEP_ROWS; i++) {
      const label = row[`step${i}Label`];
      if (!label) continue;
      const key = /^[a-z0-9_]{1,40}$/.test(row[`step${i}Key`]) ? row[`step${i}Key`] : '';
      steps.push({ key, label, dueDays: Number(row[`step${i}Days`]) });
    }
    return {
      name: v.name,
      kind: v.kind,
      sensitivity: v.sensitivity,
      partnerIds: [...new Set(v.partnerIds)],
      residenceKinds: [...new Set(v.residenceKinds)],
      residenceIds: [...new Set(v.residenceIds)],
      eligibility: v.eligibility
        .split(/\r?\n/)
        .map((q) => q.trim())
        .filter(Boolean),
      retentionMonths: v.retentionMonths,
      retentionFrom: v.retentionFrom,
      retentionAction: v.retentionAction,
      legalBasis: v.legalBasis,
      notice: v.notice,
      steps,
    };
  });
export type ProgrammeInput = z.output<typeof programmeSchema>;
