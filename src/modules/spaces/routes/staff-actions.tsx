import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { blockSlots } from '../commands/block-slots.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { checkIn } from '../commands/attendance.js';
import { cancelBooking } from '../commands/cancel-booking.js';
import { createBooking } from '../commands/create-booking.js';
import { decideBooking } from '../commands/decide-booking.js';
import { isLocalDate, parisParts } from '../domain/paris-time.js';
import type { SpacesError } from '../errors.js';
import { bookingInput, closureInput } from '../schemas.js';
import type { BookingFormValues } from '../views/booking-form.js';
import { requireBookingOfSpace } from '../queries/staff-space.js';
import { issuesToErrors, pageForRefusal, refusalToErrors } from './respond.js';
import { renderBoard } from './staff-pages.js';


function boardDate(value: unknown): string {
  const s = String(value ?? '');
  return isLocalDate(s) ? s : parisParts(new Date()).date;
}

/** A refusal of a command: 403/404 pages, else the board again with the problem at the top. */
async function refused(c: Context<AppEnv>, e: unknown, date: string) {
  const page = pageForRefusal(c, e);
  if (page) return page;
  const err = e as SpacesError;
  try {
    return await renderBoard(c, date, { problem: c.get('t')(err.code, err.values) }, err.status === 409 ? 409 : 422);
  } catch (again) {
    // The space itself may be unknown (a refusal checked before the space was read).
    return pageForRefusal(c, again) ?? c.notFound();
  }
}

/** The staff's commands on a space: book at the counter, block a time, cancel, approve or refuse. */
export function registerStaffActions(app: Hono<AppEnv>): void {
  route(app, 'POST', `/staff/spaces/:id/bookings`, 'spaces.board', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const form = await c.req.parseBody();
    const values: BookingFormValues = {
      resourceId: String(form.resourceId ?? ''),
      date: String(form.date ?? ''),
      start: String(form.start ?? ''),
      minutes: String(form.minutes ?? ''),
      purpose: String(form.purpose ?? ''),
      householdId: String(form.householdId ?? ''),
      idempotencyKey: String(form.idempotencyKey ?? ''),
      acceptRules: form.acceptRules === 'on' ? 'on' : '',
    };
    const date = boardDate(values.date);
    try {
      const parsed = bookingInput.safeParse({ ...values, householdId: values.householdId || undefined });
      if (!parsed.success) return await renderBoard(c, date, { booking: values, bookingErrors: issuesToErrors(t, parsed.error.issues) }, 422);
      if (!parsed.data.householdId) return await renderBoard(c, date, { booking: values, bookingErrors: { householdId: t('spaces.error.choose') } }, 422);
      await createBooking(c.get('services').database.db, actor, c.req.param('id') ?? '', parsed.data, 'counter');
      deliverSoon(c.get('services'));
      return c.redirect(`/staff/spaces/${c.req.param('id')}?date=${date}&booked=1`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      const err = e as SpacesError;
      return renderBoard(c, date, { booking: { ...values, idempotencyKey: randomUUID() }, bookingErrors: refusalToErrors(t, err), suggestions: err.suggestions }, err.status === 409 ? 409 : 422);
    }
  });

  route(app, 'POST', `/staff/spaces/:id/closures`, 'spaces.board', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const t = c.get('t');
    const form = await c.req.parseBody();
    const values = { resourceId: String(form.resourceId ?? ''), date: String(form.date ?? ''), from: String(form.from ?? ''), to: String(form.to ?? ''), reason: String(form.reason ?? '') };
    const date = boardDate(values.date);
    try {
      const parsed = closureInput.safeParse(values);
      if (!parsed.success) return await renderBoard(c, date, { block: values, blockErrors: issuesToErrors(t, parsed.error.issues) }, 422);
      const r = await blockSlots(c.get('services').database.db, actor, c.req.param('id') ?? '', parsed.data);
      return c.redirect(`/staff/spaces/${c.req.param('id')}?date=${date}&blocked=${r.affected}`, 303);
    } catch (e) {
      const page = pageForRefusal(c, e);
      if (page) return page;
      return renderBoard(c, date, { block: values, blockErrors: refusalToErrors(t, e as SpacesError) }, 422);
    }
  });

  for (const action of ['cancel', 'approve', 'refuse', 'checkin'] as const) {
    route(app, 'POST', `/staff/spaces/:id/bookings/:bid/${action}`, 'spaces.board', async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const form = await c.req.parseBody();
      const date = boardDate(c.req.query('date'));
      const db = c.get('services').database.db;
      try {
        await requireBookingOfSpace(db, actor, c.req.param('id') ?? '', c.req.param('bid') ?? '');
        if (action === 'cancel') await cancelBooking(db, actor, c.req.param('bid') ?? '', 'counter');
        else if (action === 'checkin') await checkIn(db, actor, c.req.param('bid') ?? '');
        else await decideBooking(db, actor, c.req.param('bid') ?? '', action, String(form.reason ?? ''));
        deliverSoon(c.get('services'));
        return c.redirect(`/staff/spaces/${c.req.param('id')}?date=${date}&done=${action}`, 303);
      } catch (e) {
        return refused(c, e, date);
      }
    });
  }
}
