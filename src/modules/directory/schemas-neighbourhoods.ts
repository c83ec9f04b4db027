import { z } from 'zod';

/** A new neighbourhood: its name and city (shown to every landlord of it). */
export const neighbourhoodInput = z.object({
  name: z.string().trim().min(2, 'directory.neighbourhood.error.name').max(120, 'directory.neighbourhood.error.name'),
  city: z.string().trim().min(1, 'directory.neighbourhood.error.city').max(120, 'directory.neighbourhood.error.city'),
});
export type NeighbourhoodInput = z.infer<typeof neighbourhoodInput>;
