import { z } from 'zod';

const uuid = z.string().uuid('form.invalid');
const text = (max: number) => z.string().trim().max(max, 'support.form.tooLong');
/** Euros typed by a person ("250", "250,50") to integer cents; never a float kept as money. */
const euros = z
  .string()
  .trim()
  .regex(/^\d{1,6}([.,]\d{1,2})?$/, 'support.form.euros')
  .transform((v) => {
    const [whole, frac = ''] = v.replace(',', '.').split('.');
    return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  });
const count = (min: number, max: number) => z.coerce.number({ message: 'form.invalid' }).int('form.invalid').min(min, 'form.invalid').max(max, 'form.invalid');

export const openCaseSchema = z.object({
  programmeId: uuid,
  householdId: uuid,
  situation: text(4000).default(''),
  confidentialAddress: z.preprocess((v) => v === 'on' || v === true || v === 'true', z.boolean()).default(false),
  /** Whom the case is about: a resident of the household with an account; empty or absent, the household as a whole. */
  personUserId: z.string().trim().max(40).optional(),
});
export type OpenCaseInput = z.infer<typeof openCaseSchema>;

export const noteSchema = z.object({ body: text(4000).min(1, 'form.required') });

export const HARDSHIPS = ['bereavement', 'separation', 'awaiting_benefits', 'job_loss', 'illness', 'other'] as const;
export const nominateSchema = z.object({
  hardship: z.enum(HARDSHIPS, { message: 'form.required' }),
  resources: euros,
  facts: text(600).min(1, 'form.required'),
});
export type NominateInput = z.infer<typeof nominateSchema>;

export const decisionSchema = z
  .object({
    outcome: z.enum(['granted', 'adjourned', 'refused'], { message: 'form.required' }),
    monthly: z.string().trim().optional(),
    months: z.string().trim().optional(),
    reason: text(1000).default(''),
    votesFor: count(0, 50),
    votesAgainst: count(0, 50),
    votesAbstain: count(0, 50),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'refused' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'support.rule.reason' });
    if (v.outcome === 'granted') {
      if (!euros.safeParse(v.monthly ?? '').success) ctx.addIssue({ code: 'custom', path: ['monthly'], message: 'support.form.euros' });
      if (!count(1, 99).safeParse(v.months ?? '').success) ctx.addIssue({ code: 'custom', path: ['months'], message: 'support.rule.months' });
    }
  })
  .transform((v) => ({
    outcome: v.outcome,
    monthlyCents: v.outcome === 'granted' ? euros.parse(v.monthly) : null,
    months: v.outcome === 'granted' ? Number(v.months) : null,
    reason: v.reason,
    votes: { for: v.votesFor, against: v.votesAgainst, abstain: v.votesAbstain },
  }));
export type DecisionInput = z.infer<typeof decisionSchema>;

export const creditSchema = z.object({ amount: euros, label: text(200).min(1, 'form.required'), contributor: z.enum(['landlord', 'partner'], { message: 'form.required' }).default('landlord') });
export const allocateSchema = z.object({ applicantRef: text(60).min(1, 'form.required'), dwellingId: uuid.optional().or(z.literal('').transform(() => undefined)) });
export const quotaSchema = z.object({ partnerId: uuid, label: text(200).min(1, 'form.required'), year: count(2000, 2100), places: count(1, 10000) });
export { euros };

const SHAREABLE_FIELDS = ['household_name', 'household_size', 'dwelling', 'situation', 'eligibility'] as const;
/** A referral: the partner, the fields the person agreed to share, why, until when, and the consent itself. */
export const referralSchema = z.object({
  partnerId: uuid,
  fields: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(SHAREABLE_FIELDS)).min(1, 'support.referral.fieldsRequired')),
  purpose: text(300).min(1, 'form.required'),
  consentUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'support.referral.until'),
  consent: z.literal('on', { message: 'support.referral.consentRequired' }),
});
export type ReferralInput = z.infer<typeof referralSchema>;

/** A referral to an association that is not on Palier: who it is, how to reach it, what is shared, with consent. */
export const externalReferralSchema = z
  .object({
    association: text(200).min(1, 'form.required'),
    contact: text(300).default(''),
    extFields: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(SHAREABLE_FIELDS)).min(1, 'support.referral.fieldsRequired')),
    extPurpose: text(300).min(1, 'form.required'),
    extUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'support.referral.until'),
    extConsent: z.literal('on', { message: 'support.referral.consentRequired' }),
  })
  .transform((v) => ({ association: v.association, contact: v.contact, fields: v.extFields, purpose: v.extPurpose, consentUntil: v.extUntil }));
export type ExternalReferralInput = z.infer<typeof externalReferralSchema>;

/** The association's answer, as the adviser records it. */
export const externalAnswerSchema = z.object({
  answerStatus: z.enum(['accepted', 'declined'], { message: 'support.external.statusRequired' }),
  answer: text(1000).default(''),
});

/** A flat-share's solidarity action, as the case page's form sends it (field names prefixed: the case page holds many forms). */
export const solidarityFormSchema = z.object({
  actionTitle: text(200).min(1, 'form.required'),
  actionOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'support.solidarity.date'),
  actionResidents: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), count(0, 10000)),
  actionEvent: z.union([z.literal(''), uuid]).default(''),
});
