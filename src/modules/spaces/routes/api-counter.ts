import type { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { createBooking } from '../commands/create-booking.js';
import { moveBooking } from '../commands/move-booking.js';
import { bookingInput } from '../schemas.js';
import { answer, db, moveInput, param } from './api.js';
import { ApiBookingBody, ApiCreated, ApiMoveBody } from './api-schemas.js';
import { issuesToErrors } from './respond.js';

const ApiCounterBody = ApiBookingBody.extend({
  householdId: z.string().describe('The household booked for: one of the board’s `households` (any household of the organisation at the desk)'),
  acceptRules: z.boolean().optional().describe('The person has read and accepts the house rules: recorded when true, not demanded at the desk'),
});

/** Staff at the desk through the API: book for a household (assisted, recorded as such) and move any booking of the space. */
export function registerSpacesApiCounter(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/counter-bookings',
      permission: 'spaces.board',
      tag: 'spaces',
      summary: 'Book at the desk for a household (staff, assisted mode)',
      description:
        'The same checks as the walk-in form of the day board: hours, holidays, closures, horizon and the household’s quotas; no notice, and a slot under way may be booked. Always confirmed, recorded as assisted with the staff member who booked. Idempotency-Key as for a resident’s booking. 409 with alternatives when taken; 422 with field messages; a space outside the caller’s residences: 403.',
      body: ApiCounterBody,
      response: ApiCreated.extend({ assisted: z.literal(true) }),
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = bookingInput.safeParse({ ...body, idempotencyKey: c.req.header('idempotency-key') ?? undefined });
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        if (!parsed.data.householdId) return apiError(c, 422, 'invalid_body', { householdId: c.get('t')('spaces.error.choose') });
        const made = await createBooking(db(c), actor, param(c, 'id'), parsed.data, 'counter');
        if (!made.replayed) deliverSoon(c.get('services'));
        return c.json({ ...ApiCreated.parse({ id: made.bookingId, status: made.status, replayed: made.replayed }), assisted: true as const }, made.replayed ? 200 : 201);
      }),
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/spaces/:id/bookings/:bookingId/move',
      permission: 'spaces.board',
      tag: 'spaces',
      summary: 'Move a booking of the space to another slot (staff)',
      description:
        'For the booking’s household, any booking of the space not yet ended. One transaction: the new slot is checked as a desk booking (409 when taken, 422 for a rule broken) and, if refused, the booking stays as it was. The new booking is confirmed, recorded as assisted; the household is told. A booking of another space: 404.',
      body: ApiMoveBody,
      response: ApiCreated,
    },
    (c, { body }) =>
      answer(c, async (actor) => {
        const parsed = moveInput.safeParse(body);
        if (!parsed.success) return apiError(c, 422, 'invalid_body', issuesToErrors(c.get('t'), parsed.error.issues));
        const moved = await moveBooking(db(c), actor, param(c, 'bookingId'), parsed.data, new Date(), { mode: 'counter', spaceId: param(c, 'id') });
        deliverSoon(c.get('services'));
        return c.json(ApiCreated.parse({ id: moved.bookingId, status: moved.status, replayed: false }));
      }),
  );
}
