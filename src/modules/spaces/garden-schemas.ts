import { z } from 'zod';
import { isLocalDate } from './domain/paris-time.js';

/** A garden season: a name, its dates, and how its plots are allocated. */
export const seasonInput = z
  .object({
    name: z.string().trim().min(1, 'spaces.garden.error.name').max(80, 'spaces.garden.error.name'),
    startsOn: z.string().trim().refine(isLocalDate, 'spaces.error.date'),
    endsOn: z.string().trim().refine(isLocalDate, 'spaces.error.date'),
    allocation: z.enum(['first_come', 'draw'], { message: 'spaces.garden.error.allocation' }),
  })
  .refine((v) => v.endsOn > v.startsOn, { path: ['endsOn'], message: 'spaces.garden.error.endsAfter' });
export type SeasonInput = z.infer<typeof seasonInput>;

/** The code of the day typed by a resident to check in by themself. */
export const checkinCodeInput = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'spaces.selfCheckin.error.format') });
