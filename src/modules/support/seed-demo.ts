import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { Database } from '../../platform/db/database.js';
import { withTenant } from '../../platform/db/tenant.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { commissionDates } from './domain/commission-dates.js';
import { parisToday } from './domain/local-date.js';
import { ONBOARDING_ITEMS } from './domain/stages.js';
import { DEMO_PROGRAMMES, LOGIREM_STAFF } from './seed-demo-data.js';
import { seedCases } from './seed-demo-cases.js';

/** Logirem's programmes (seed 002) with invented people: its own staff accounts, cases, the ASQ fund, sessions and quotas. */
export async function seedSupportDemo(database: Database): Promise<void> {
  const { db } = database;
  const org = await db.selectFrom('organisations').select('id').where('slug', '=', 'logirem').executeTakeFirst();
  if (!org) return;
  const orgId = org.id as string;
  const done = await withTenant(db, { orgId }, (tx) => tx.selectFrom('support_programmes').select('id').limit(1).executeTakeFirst());
  if (done) return;
  const slugs = await db.selectFrom('organisations').select(['id', 'slug']).execute();
  const orgBySlug = new Map(slugs.map((o) => [o.slug as string, o.id as string]));
  let ddchQuotaId = '';
  const hash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, string>();
  for (const s of LOGIREM_STAFF) {
    const u = await db.insertInto('users').values({ email: s.email, display_name: s.name, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
    users.set(s.key, u.id as string);
    await withTenant(db, { orgId }, (tx) => tx.insertInto('memberships').values({ organisation_id: orgId, user_id: u.id, role: s.role }).execute());
  }
  const manager = users.get('manager') as string;
  const programmes = new Map<string, string>();
  await withTenant(db, { orgId }, async (tx) => {
    for (const p of DEMO_PROGRAMMES) {
      const row = await tx
        .insertInto('support_programmes')
        .values({
          organisation_id: orgId,
          kind: p.kind,
          name: p.name,
          sensitivity: p.sensitivity,
          partner_org_id: p.partner ? orgBySlug.get(p.partner) : null,
          residence_kinds: p.residenceKinds ?? [],
          steps: JSON.stringify(p.kind === 'onboarding' ? ONBOARDING_ITEMS.map((key, i) => ({ key, dueDays: 7 + i * 7 })) : (p.steps ?? [])),
          retention_months: p.retentionMonths ?? null,
          legal_basis: p.legalBasis,
          notice: p.notice,
          manager_user_id: manager,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      programmes.set(p.kind, row.id as string);
    }
    const fund = await tx.insertInto('support_funds').values({ organisation_id: orgId, programme_id: programmes.get('rent_aid'), name: 'Fonds ASQ DDCH – GIC' }).returning('id').executeTakeFirstOrThrow();
    for (const [label, cents] of [['Contribution DDCH', 1_500_000], ['Contribution GIC', 1_000_000], ['Contribution Logirem', 500_000]] as const) {
      await tx.insertInto('support_fund_entries').values({ organisation_id: orgId, fund_id: fund.id, kind: 'credit', amount_cents: cents, label, contributor: label.includes('Logirem') ? 'landlord' : 'partner' }).execute();
    }
    const year = Number(parisToday().slice(0, 4));
    const ddchQuota = await tx
      .insertInto('support_quotas')
      .values({ organisation_id: orgId, partner_org_id: orgBySlug.get('ddch'), label: 'Logements pour les demandeurs identifiés par DDCH', period_start: `${year}-01-01`, period_end: `${year + 1}-01-01`, places: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    ddchQuotaId = ddchQuota.id as string;
    const elia = await tx
      .insertInto('support_quotas')
      .values({ organisation_id: orgId, partner_org_id: orgBySlug.get('elia'), label: 'Logements pour les familles réfugiées (convention Elia)', period_start: `${year}-01-01`, period_end: `${year + 1}-01-01`, places: 70 })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The group's commitment with Elia (70 families a year per company): Logirem leads it, names its sister
    // companies, and attaches its own quota; each sister attaches its own when it uses Palier's quotas.
    const sisters = ['logirep', 'clesence'].map((slug) => orgBySlug.get(slug)).filter((id): id is string => Boolean(id));
    const group = await tx
      .insertInto('support_group_commitments')
      .values({ organisation_id: orgId, partner_org_id: orgBySlug.get('elia'), label: 'Familles réfugiées — engagement du groupe avec Elia', period_start: `${year}-01-01`, period_end: `${year + 1}-01-01`, places: 70 * (1 + sisters.length), member_org_ids: sql`${sisters}::uuid[]` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('support_quotas').set({ group_commitment_id: group.id }).where('id', '=', elia.id).execute();
    // Elia's commitment is on schedule; DDCH's has no place given yet, so it shows behind schedule after mid-year.
    const eliaGiven = Math.floor((70 * Number(parisToday().slice(5, 7))) / 12);
    // The places name the dwelling given (Logirem's register, in order of reference, each once: as many places as
    // the demo register has dwellings), as the partner sees them; the last place of the year still waits for its dwelling.
    const dwellings = await tx.selectFrom('dwellings').select('id').where('organisation_id', '=', orgId).orderBy('reference').limit(eliaGiven).execute();
    for (let seat = 1; seat <= eliaGiven; seat++) {
      const month = String(1 + Math.floor(((seat - 1) * 12) / 70)).padStart(2, '0');
      const dwellingId = seat < eliaGiven ? ((dwellings[seat - 1]?.id as string | undefined) ?? null) : null;
      await tx
        .insertInto('support_quota_allocations')
        .values({ organisation_id: orgId, quota_id: elia.id, seat, applicant_ref: `ELIA-${year}-${String(seat).padStart(3, '0')}`, allocated_on: `${year}-${month}-15`, dwelling_id: dwellingId })
        .execute();
    }
  });
  // DDCH has proposed two applicants (its references, no names) against its commitment; Logirem has not answered yet.
  const ddchId = orgBySlug.get('ddch') as string;
  await withTenant(db, { orgId: ddchId }, async (tx) => {
    for (const p of [
      { ref: `DDCH-${parisToday().slice(0, 4)}-014`, size: 3, need: 'T3, proche des écoles d’Air Bel' },
      { ref: `DDCH-${parisToday().slice(0, 4)}-021`, size: 1, need: 'Studio ou T1, rez-de-chaussée' },
    ]) {
      await tx.insertInto('support_quota_proposals').values({ organisation_id: orgId, quota_id: ddchQuotaId, partner_org_id: ddchId, applicant_ref: p.ref, household_size: p.size, need: p.need }).execute();
    }
  });
  // Elia's referent, who sees the referrals made to Elia and nothing else.
  const eliaId = orgBySlug.get('elia') as string;
  const referent = await db.insertInto('users').values({ email: 'referente@elia.demo.palier.fr', display_name: 'Mireille Santoni', password_hash: hash }).returning('id').executeTakeFirstOrThrow();
  await withTenant(db, { orgId: eliaId }, (tx) => tx.insertInto('memberships').values({ organisation_id: eliaId, user_id: referent.id, role: 'partner_staff' }).execute());
  await seedCases(database, { orgId, users, programmes, eliaId });
  await seedSessions(database, { orgId, manager, programmeId: programmes.get('rent_aid') as string, members: ['member1', 'member2', 'member3'].map((k) => users.get(k) as string) });
}

/** The next three first-Thursday commissions, each with the three commission members. */
async function seedSessions(database: Database, s: { orgId: string; manager: string; programmeId: string; members: string[] }): Promise<void> {
  await withTenant(database.db, { orgId: s.orgId, userId: s.manager }, async (tx) => {
    for (const d of commissionDates(parisToday(), 3)) {
      const id = randomUUID();
      await tx.insertInto('support_sessions').values({ id, organisation_id: s.orgId, programme_id: s.programmeId, held_on: d.heldOn, cutoff_on: d.cutoffOn, quorum: 3 }).execute();
      for (const m of s.members) await tx.insertInto('support_session_members').values({ organisation_id: s.orgId, session_id: id, user_id: m }).execute();
    }
  });
}
