import { z } from 'zod';

/** The body of every error answer. */
export const ApiErrorBody = z
  .object({
    error: z.string().describe('A stable code: unauthenticated, invalid_token, forbidden, not_found, invalid_query, invalid_json, invalid_body, payload_too_large, internal'),
    fields: z.record(z.string(), z.string()).optional().describe('For invalid input: field name → what is wrong'),
  });

/** Paging parameters shared by list endpoints. */
export const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (1–100)'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('Items to skip'),
};

/** A page of items with the total count, so a client knows when to stop. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}
