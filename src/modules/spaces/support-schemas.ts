import { z } from 'zod';
import { isLocalDate } from './domain/paris-time.js';

export const SUPPORT_TOPICS = ['job_search', 'cv', 'training', 'admin_procedure', 'digital_skills', 'business_creation', 'association'] as const;
export const SUPPORT_OUTCOMES = ['job_found', 'training_entered', 'procedure_completed'] as const;
export const SUPPORT_DURATIONS = [15, 30, 45, 60, 90, 120, 180] as const;
export type SupportTopic = (typeof SUPPORT_TOPICS)[number];
export type SupportOutcome = (typeof SUPPORT_OUTCOMES)[number];

const outcome = z.union([z.enum(SUPPORT_OUTCOMES), z.literal('').transform(() => null)], { message: 'spaces.error.choose' });

/**
 * A support session as the facilitator records it: who (a household, or nobody when the person stays
 * anonymous), when, how long, on what, and the outcome once known. There is deliberately no free text.
 */
export const supportInput = z.object({
  householdId: z.union([z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'spaces.error.choose'), z.literal('').transform(() => null)]),
  heldOn: z.string().trim().refine(isLocalDate, 'spaces.error.date'),
  minutes: z.coerce.number({ message: 'spaces.support.error.minutes' }).int('spaces.support.error.minutes').min(5, 'spaces.support.error.minutes').max(480, 'spaces.support.error.minutes'),
  topic: z.enum(SUPPORT_TOPICS, { message: 'spaces.support.error.topic' }),
  outcome,
});
export type SupportInput = z.infer<typeof supportInput>;

export const outcomeInput = z.object({ outcome });
