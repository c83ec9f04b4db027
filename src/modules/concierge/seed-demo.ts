import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.js';
import type { Database } from '../../platform/db/database.js';
import { withTenant } from '../../platform/db/tenant.js';
import { type HouseholdCard, householdCardForPartner } from '../directory/index.js';
import { runForDesk } from './commands/issue-statements.js';
import { requestNetCents } from './domain/money.js';
import { DESK, HOURS, PLANS, PROVIDERS, SERVICES } from './seed-data.js';
import { seedProviderAccounts } from './seed-provider-accounts.js';

const RESIDENCE = 'PN-REMAVERT-ARC';
// Amina Benali's household (F1) stays unsubscribed: the demo lets her discover and subscribe.
const SUBSCRIBERS = [2, 3, 4, 5, 7, 8, 9, 10, 11, 13];

function monthsAgo(n: number): {
  period: string;
  day: (d: number, h?: number) => Date;
} {
  const now = new Date();
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - n;
  const first = new Date(Date.UTC(y, m, 1));
  const period = first.toISOString().slice(0, 7);
  return {
    period,
    day: (d, h = 15) => new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), d, h)),
  };
}

/** The concierge of Réma'Vert: desk, hours, providers, catalogue, plans, subscribers, a month of requests, parcels, statements. */
export async function seedConciergeDemo(database: Database): Promise<void> {
  const { db } = database;
  const orgs = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', ['conciergerie-solidaire-51', 'plurial-novilia']).execute();
  const assoc = orgs.find((o) => o.slug === 'conciergerie-solidaire-51')?.id as string | undefined;
  const landlord = orgs.find((o) => o.slug === 'plurial-novilia')?.id as string | undefined;
  const staff = await db.selectFrom('users').select(['id', 'display_name', 'password_hash']).where('email', '=', 'partner-staff@demo.palier.fr').executeTakeFirst();
  if (!assoc || !landlord || !staff) return;
  const seeded = await withTenant(db, { orgId: assoc }, (tx) => tx.selectFrom('concierge_desks').select('id').executeTakeFirst());
  if (seeded) return;
  const cards: HouseholdCard[] = [];
  for (const n of [1, ...SUBSCRIBERS]) {
    const card = await householdCardForPartner(db, assoc, landlord, `${RESIDENCE}-F${n}`);
    if (card) cards.push(card);
  }
  if (!cards.length) return;
  const last = monthsAgo(1);
  const current = monthsAgo(0);
  const actor: Actor = {
    kind: 'user',
    userId: staff.id as string,
    displayName: staff.display_name as string,
    locale: 'fr',
    orgId: assoc,
    roles: ['partner_staff'],
    residenceIds: null,
    householdId: null,
    actingFor: null,
    tokenScopes: null,
  };
  const deskId = await withTenant(db, { orgId: assoc }, async (tx) => {
    const desk = await tx.insertInto('concierge_desks').values({ organisation_id: assoc, name: DESK.name, place: DESK.place }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('concierge_coverage')
      .values({
        organisation_id: assoc,
        desk_id: desk.id,
        landlord_id: landlord,
        residence_id: cards[0].residenceId,
      })
      .execute();
    for (const h of HOURS)
      await tx
        .insertInto('concierge_office_hours')
        .values({
          organisation_id: assoc,
          desk_id: desk.id,
          weekday: h.weekday,
          starts_at: h.startsAt,
          ends_at: h.endsAt,
          place: h.place,
        })
        .execute();
    await tx
      .insertInto('concierge_closures')
      .values({
        organisation_id: assoc,
        desk_id: desk.id,
        on_date: `${new Date().getUTCFullYear()}-12-24`,
        note: 'Veille de Noël',
      })
      .onConflict((c) => c.doNothing())
      .execute();
    const providers: string[] = [];
    for (const p of PROVIDERS) {
      const row = await tx
        .insertInto('concierge_providers')
        .values({
          organisation_id: assoc,
          desk_id: desk.id,
          name: p.name,
          labels: p.labels,
          distance_m: p.distance,
          contact: 'contact@example.org',
          active: p.active ?? true,
          insurance_expires_on: '2027-06-30',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      providers.push(row.id as string);
    }
    const services: {
      id: string;
      cents: number;
      vat: number;
      provider: string;
    }[] = [];
    for (const s of SERVICES) {
      const row = await tx
        .insertInto('concierge_catalogue')
        .values({
          organisation_id: assoc,
          desk_id: desk.id,
          code: s.code,
          name_fr: s.fr,
          name_en: s.en,
          description_fr: s.dfr,
          description_en: s.den,
          unit: s.unit,
          unit_cost_cents: s.cents,
          vat_rate_bp: s.vat,
          target_hours: s.target,
          default_provider_id: providers[s.provider],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      services.push({
        id: row.id as string,
        cents: s.cents,
        vat: s.vat,
        provider: providers[s.provider],
      });
    }
    const plans: string[] = [];
    for (const p of PLANS) {
      const row = await tx
        .insertInto('concierge_plans')
        .values({
          organisation_id: assoc,
          desk_id: desk.id,
          code: p.code,
          name_fr: p.fr,
          name_en: p.en,
          monthly_fee_cents: p.fee,
          tenant_share_cents: p.tenant,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      plans.push(row.id as string);
    }
    let i = 0;
    for (const card of cards.slice(1)) {
      const sub = await tx
        .insertInto('concierge_subscriptions')
        .values({
          organisation_id: assoc,
          landlord_id: landlord,
          desk_id: desk.id,
          household_id: card.householdId,
          plan_id: plans[i % 3 === 0 ? 1 : 0],
          household_name: card.name,
          dwelling_reference: card.dwellingReference,
          residence_id: card.residenceId,
          channel: card.channel,
          starts_on: `${last.period}-01`,
          created_via: i % 2 ? 'online' : 'counter',
          created_by: staff.id,
          idempotency_key: `demo-sub-${i}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Last month: two finished requests per subscriber. This month: one at each stage of the queue.
      const asks = [
        { s: services[(i * 2) % 12], day: last.day(3 + i), status: 'closed' },
        {
          s: services[(i * 2 + 1) % 12],
          day: last.day(12 + i),
          status: 'closed',
        },
        {
          s: services[i % 4],
          day: current.day(1, 9 + i),
          status: ['submitted', 'dispatched', 'accepted', 'done', 'submitted'][i % 5],
        },
      ];
      for (const [k, a] of asks.entries()) {
        const dispatched = a.status !== 'submitted';
        const finished = a.status === 'done' || a.status === 'closed';
        const qty = 1 + ((i + k) % 3);
        const req = await tx
          .insertInto('concierge_requests')
          .values({
            organisation_id: assoc,
            landlord_id: landlord,
            subscription_id: sub.id,
            household_id: card.householdId,
            catalogue_id: a.s.id,
            quantity: qty,
            wanted_on: a.day.toISOString().slice(0, 10),
            status: a.status,
            provider_id: dispatched ? a.s.provider : null,
            unit_cost_cents: dispatched ? a.s.cents : null,
            vat_rate_bp: dispatched ? a.s.vat : null,
            net_cents: dispatched ? requestNetCents(a.s.cents, qty) : null,
            completed_at: finished ? new Date(a.day.getTime() + 86_400_000) : null,
            created_via: k % 2 ? 'online' : 'counter',
            created_by: staff.id,
            created_at: a.day,
            idempotency_key: randomUUID(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const steps = ['submitted', 'dispatched', 'accepted', 'done', 'closed'];
        for (const [n, to] of steps.slice(0, steps.indexOf(a.status) + 1).entries()) {
          await tx
            .insertInto('concierge_request_events')
            .values({
              organisation_id: assoc,
              landlord_id: landlord,
              request_id: req.id,
              event: ['submit', 'dispatch', 'accept', 'complete', 'hand_over'][n],
              from_status: n ? steps[n - 1] : null,
              to_status: to,
              by_user_id: staff.id,
              by_side: n === 2 || n === 3 ? 'provider' : n === 0 ? 'resident' : 'concierge',
              at: new Date(a.day.getTime() + n * 7_200_000),
            })
            .execute();
        }
      }
      if (i < 6) {
        const waiting = i < 4;
        await tx
          .insertInto('concierge_parcels')
          .values({
            organisation_id: assoc,
            landlord_id: landlord,
            subscription_id: sub.id,
            household_id: card.householdId,
            kind: i % 3 === 0 ? 'letter' : 'parcel',
            carrier: i % 2 ? 'Colissimo' : 'Chronopost',
            size: (['small', 'medium', 'large'] as const)[i % 3],
            shelf: `A${i + 1}`,
            pickup_code: String(100_000 + i * 137_911).slice(0, 6),
            received_by: staff.id,
            notified_at: new Date(),
            status: waiting ? 'received' : 'handed_over',
            handed_at: waiting ? null : new Date(),
            handed_by: waiting ? null : staff.id,
            handed_to: waiting ? null : card.name,
            handover_method: waiting ? null : 'code',
          })
          .execute();
      }
      i++;
    }
    await runForDesk(
      tx,
      actor,
      {
        id: desk.id as string,
        organisation_id: assoc,
        name: DESK.name,
        place: DESK.place,
        community_link: null,
        parcel_return_days: 15,
        return_notice_days: 3,
        parcel_reminder_days: 7,
      },
      last.period,
    );
    // Half the households have paid their statement of the demo month, at the counter or by transfer.
    // Each payment has its receipt, numbered from 1.
    await sql`WITH paid AS (
        SELECT st.*, row_number() OVER (ORDER BY st.number)::int AS n, CASE WHEN st.number % 4 = 0 THEN 'transfer' ELSE 'cash' END AS method
        FROM concierge_statements st WHERE st.kind = 'statement' AND st.party = 'household' AND st.number % 2 = 0 AND st.gross_cents > 0
      ), r AS (
        INSERT INTO concierge_receipts (organisation_id, landlord_id, desk_id, number, party, household_id, method, amount_cents, paid_on, reference, recorded_by, idempotency_key)
        SELECT organisation_id, landlord_id, desk_id, n, 'household', household_id, method, gross_cents, current_date, '', issued_by, 'demo-payment-' || number FROM paid
        RETURNING id, idempotency_key
      )
      INSERT INTO concierge_payments (organisation_id, landlord_id, desk_id, statement_id, receipt_id, kind, method, amount_cents, paid_on, reference, recorded_by, idempotency_key)
      SELECT paid.organisation_id, paid.landlord_id, paid.desk_id, paid.id, r.id, 'payment', paid.method, paid.gross_cents, current_date, '', paid.issued_by, r.idempotency_key
      FROM paid JOIN r ON r.idempotency_key = 'demo-payment-' || paid.number`.execute(tx);
    await sql`INSERT INTO concierge_receipt_counters (organisation_id, last_number) SELECT organisation_id, max(number) FROM concierge_receipts GROUP BY organisation_id
      ON CONFLICT (organisation_id) DO UPDATE SET last_number = EXCLUDED.last_number`.execute(tx);
    // Each subscription's history begins with its subscription.
    await sql`INSERT INTO concierge_subscription_events (organisation_id, landlord_id, subscription_id, event, effective_on, by_user_id, by_side, at)
      SELECT organisation_id, landlord_id, id, 'subscribe', starts_on, created_by, CASE created_via WHEN 'online' THEN 'resident' ELSE 'concierge' END, created_at FROM concierge_subscriptions`.execute(tx);
    await sql`UPDATE concierge_providers SET service_area = 'Reims et communes voisines'`.execute(tx);
    // Providers' documents: the insurance certificates, and one agreement close to its end (the reminder job's demo).
    await sql`INSERT INTO concierge_provider_documents (organisation_id, provider_id, kind, label, expires_on)
      SELECT organisation_id, id, 'insurance', 'Attestation RC Pro', insurance_expires_on FROM concierge_providers WHERE insurance_expires_on IS NOT NULL`.execute(tx);
    await sql`INSERT INTO concierge_provider_documents (organisation_id, provider_id, kind, label, expires_on)
      SELECT organisation_id, id, 'agreement', 'Convention de partenariat', (current_date + 20) FROM concierge_providers WHERE name = ${PROVIDERS[1].name}`.execute(tx);
    return desk.id as string;
  });
  await seedProviderAccounts(db, assoc, deskId, (staff.password_hash as string | null) ?? null);
}
