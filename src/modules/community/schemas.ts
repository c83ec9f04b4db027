import { z } from 'zod';
import { PROPOSAL_STATUSES } from './domain/proposal-status.js';

// Shared by pages (form fields as strings) and the API (JSON): numbers and booleans are coerced.
const text = (min: number, max: number) =>
  z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).min(min, { error: 'community.form.tooShort' }).max(max, { error: 'community.form.tooLong' });
const optionalText = (max: number) => z.string().trim().max(max, { error: 'community.form.tooLong' }).optional().default('');
const optionalId = z
  .union([z.uuid({ error: 'form.invalid' }), z.literal('')])
  .optional()
  .transform((v) => v || null);
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');
const count = (min: number, max: number) => z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(min, { error: 'form.invalid' }).max(max, { error: 'form.invalid' });

export const EVENT_CATEGORIES = ['tasting', 'collection', 'workshop', 'intergenerational', 'outing', 'information', 'committee', 'other'] as const;
export const PROPOSAL_CATEGORIES = ['environment', 'green_spaces', 'safety', 'play', 'mobility', 'community_life', 'other'] as const;

export const eventInput = z
  .object({
    title: text(3, 200),
    description: optionalText(4000),
    category: z.enum(EVENT_CATEGORIES, { error: 'form.required' }),
    residenceId: optionalId,
    // 'neighbourhood': also every resident of the neighbourhood of the residence (or of the room), other landlords' included.
    audience: z
      .union([z.enum(['residence', 'landlord', 'neighbourhood'], { error: 'form.invalid' }), z.literal('')])
      .optional()
      .transform((v) => v || null),
    placeId: optionalId,
    processId: optionalId,
    address: optionalText(300),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'community.form.date' }),
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'community.form.time' }),
    endTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'community.form.time' }),
    registration: z.enum(['off', 'open', 'approval']).default('open'),
    capacity: z
      .union([z.literal(''), count(1, 10000)])
      .optional()
      .transform((v) => (v === '' || v === undefined ? null : v)),
    stepFree: checkbox,
    hearingLoop: checkbox,
    languages: optionalText(200),
    coOrganisers: optionalText(300),
    repeatWeeks: z
      .union([z.literal(''), count(0, 4)])
      .optional()
      .transform((v) => (v === '' || v === undefined ? 0 : v)),
    repeatCount: z
      .union([z.literal(''), count(1, 52)])
      .optional()
      .transform((v) => (v === '' || v === undefined ? 1 : v)),
  })
  .superRefine((v, ctx) => {
    if (v.endTime <= v.startTime)
      ctx.addIssue({
        code: 'custom',
        path: ['endTime'],
        message: 'community.form.endBeforeStart',
      });
    if (!v.placeId && !v.address)
      ctx.addIssue({
        code: 'custom',
        path: ['address'],
        message: 'community.form.placeOrAddress',
      });
  });
export type EventInput = z.infer<typeof eventInput>;

export const registrationInput = z
  .object({
    adults: count(0, 20).default(1),
    children: count(0, 20).default(0),
  })
  .refine((v) => v.adults + v.children >= 1, {
    path: ['adults'],
    message: 'community.register.nobody',
  });

export const guestRegistrationInput = z
  .object({
    name: text(2, 100),
    contact: z
      .string({ error: 'form.required' })
      .trim()
      .min(1, { error: 'form.required' })
      .max(200, { error: 'community.form.tooLong' })
      .refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) || /^\+?[\d .-]{8,20}$/.test(v), { error: 'community.guest.contactInvalid' }),
    adults: count(0, 20).default(1),
    children: count(0, 20).default(0),
  })
  .refine((v) => v.adults + v.children >= 1, {
    path: ['adults'],
    message: 'community.register.nobody',
  });

export const proposalInput = z.object({
  title: text(3, 150),
  body: text(1, 4000),
  category: z.enum(PROPOSAL_CATEGORIES, { error: 'form.required' }),
  place: optionalText(200),
  creditedTo: optionalText(150),
  caption: optionalText(200),
});
export type ProposalInput = z.infer<typeof proposalInput>;

/** The photo added to a proposal through the API: its description, read to people who cannot see it, is required. */
export const proposalPhotoInput = z.object({ caption: text(3, 200) });

export const answerInput = z.object({
  status: z.enum(PROPOSAL_STATUSES, { error: 'form.required' }),
  body: z.string().trim().max(4000, { error: 'community.form.tooLong' }).default(''),
});

export const commentInput = z.object({ body: text(1, 2000) });
export const hideInput = z.object({ reason: text(3, 500) });
export const attendanceInput = z.record(z.string(), z.enum(['present', 'absent']));

export const cancelEventInput = z.object({ reason: text(3, 500) });
export const decisionInput = z.object({ decision: z.enum(['approve', 'refuse'], { error: 'form.required' }) });

export const reportInput = z.object({
  body: text(3, 4000),
  walkIns: z
    .union([z.literal(''), count(0, 500)])
    .optional()
    .transform((v) => (v === '' || v === undefined ? 0 : v)),
  caption: optionalText(200),
  consent: checkbox,
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'community.form.date' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)) && new Date(`${v}T12:00:00Z`).toISOString().startsWith(v), { error: 'community.form.date' });
/** A progress milestone of an accepted proposal: what will be done, and when it is planned. */
export const milestoneInput = z.object({
  label: text(3, 200),
  plannedOn: z
    .union([isoDate, z.literal('')])
    .optional()
    .transform((v) => v || null),
});
/** A milestone reached: the day it was done. */
export const milestoneDoneInput = z.object({ doneOn: isoDate });

/** A network's club meeting or workshop (docs/decisions/network-meetings.md): one date, an address, open registration of member staff. */
export const meetingInput = z
  .object({
    title: text(3, 200),
    description: optionalText(4000),
    kind: z.enum(['committee', 'workshop'], { error: 'form.required' }),
    address: text(3, 300),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'community.form.date' }),
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'community.form.time' }),
    endTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'community.form.time' }),
    capacity: z
      .union([z.literal(''), count(1, 10000)])
      .optional()
      .transform((v) => (v === '' || v === undefined ? null : v)),
  })
  .superRefine((v, ctx) => {
    if (v.endTime <= v.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'community.form.endBeforeStart' });
  });
export type MeetingInput = z.infer<typeof meetingInput>;
