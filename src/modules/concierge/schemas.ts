import { z } from 'zod';
import { todayInParis } from './queries/desk.js';

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'concierge.error.unknown');
export const isUuid = (v: string) => uuid.safeParse(v).success;
// Idempotency keys come from the form (one per rendering) or the API client's Idempotency-Key header.
const key = z.string().trim().min(8, 'concierge.error.retry').max(100, 'concierge.error.retry');

export const orderSchema = z.object({
  quantity: z.coerce.number({ message: 'concierge.error.quantity' }).int('concierge.error.quantity').min(1, 'concierge.error.quantity').max(99, 'concierge.error.quantity'),
  wantedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'concierge.error.date'),
  notes: z.string().trim().max(500, 'concierge.error.notes').default(''),
  idempotencyKey: key,
});
export type OrderInput = z.infer<typeof orderSchema>;

export const subscribeSchema = z.object({ planId: uuid, idempotencyKey: key });
export const counterSubscribeSchema = subscribeSchema.extend({
  landlordId: uuid,
  householdReference: z.string().trim().min(3, 'concierge.error.household').max(60, 'concierge.error.household'),
});

export const actSchema = z.object({
  providerId: z.string().optional(),
  reason: z.string().trim().max(300, 'concierge.error.reason').optional(),
});

export const parcelSchema = z.object({
  kind: z.enum(['parcel', 'letter', 'registered', 'groceries'], {
    message: 'concierge.error.kind',
  }),
  carrier: z.string().trim().max(60, 'concierge.error.carrier').default(''),
  size: z.enum(['small', 'medium', 'large'], {
    message: 'concierge.error.size',
  }),
  shelf: z.string().trim().min(1, 'concierge.error.shelf').max(20, 'concierge.error.shelf'),
});
export type ParcelInput = z.infer<typeof parcelSchema>;

export const handOverSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('code'),
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'concierge.error.code'),
  }),
  z.object({
    method: z.literal('identity'),
    handedTo: z.string().trim().min(2, 'concierge.error.handedTo').max(100, 'concierge.error.handedTo'),
  }),
  // Drawn on the counter's signature pad: a PNG data URL (its bytes are checked again by the command).
  z.object({
    method: z.literal('signature'),
    handedTo: z.string().trim().min(2, 'concierge.error.handedTo').max(100, 'concierge.error.handedTo'),
    signature: z
      .string()
      .max(400_000, 'concierge.error.signature')
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'concierge.error.signature'),
  }),
]);
export type HandOverInput = z.infer<typeof handOverSchema>;

export const visitSchema = z.object({
  topic: z.enum(['request', 'parcel', 'subscription', 'information', 'other'], {
    message: 'concierge.error.topic',
  }),
});

export const periodSchema = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'concierge.error.period'),
});

// Only a month that has ended (Paris time) is issued: issued early, the services completed later that
// month would be left out of its statements (a statement is immutable, the run skips a party already issued).
export const runPeriodSchema = periodSchema.superRefine((v, ctx) => {
  const current = todayInParis().slice(0, 7);
  if (v.period > current) ctx.addIssue({ code: 'custom', path: ['period'], message: 'concierge.error.periodFuture' });
  else if (v.period === current) ctx.addIssue({ code: 'custom', path: ['period'], message: 'concierge.error.periodNotEnded' });
});

export const cancelSubscriptionSchema = z.object({
  endsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'concierge.error.endsOn'),
});

// A payment recorded by staff. Pages type euros (read into cents by the route), the API sends cents.
export const paymentSchema = z.object({
  method: z.enum(['cash', 'transfer', 'direct_debit', 'cheque'], { message: 'concierge.error.method' }),
  amountCents: z.number({ message: 'concierge.error.amount' }).int('concierge.error.amount').positive('concierge.error.amountPositive').max(100_000_000, 'concierge.error.amount'),
  paidOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'concierge.error.paidOn'),
  reference: z.string().trim().max(80, 'concierge.error.reference').default(''),
  idempotencyKey: key,
});
export type PaymentInput = z.infer<typeof paymentSchema>;
export const reversalSchema = z.object({ idempotencyKey: key });
