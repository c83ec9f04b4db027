import { hashPassword } from '../platform/auth/passwords.js';
import type { Role } from '../platform/access/roles.js';
import type { Database } from '../platform/db/database.js';
import { withTenant } from '../platform/db/tenant.js';
import { MODULES } from '../modules.js';
import { DEMO_FAMILY_NAMES, DEMO_NETWORK, DEMO_ORGS, DEMO_PARTNERSHIPS } from './demo-data.js';

export const DEMO_PASSWORD = 'palier-demo-2026';

type DemoAccount = { role: Role; email: string; password: string; name: string; organisation: string };

const ACCOUNTS: { role: Role; name: string; org: string }[] = [
  { role: 'resident', name: 'Amina Benali', org: 'plurial-novilia' },
  { role: 'concierge', name: 'Julien Roche', org: 'plurial-novilia' },
  { role: 'facilitator', name: 'Sophie Marchand', org: 'plurial-novilia' },
  { role: 'social_adviser', name: 'Karim Aït-Ali', org: 'plurial-novilia' },
  { role: 'commission_member', name: 'Hélène Duval', org: 'plurial-novilia' },
  { role: 'programme_manager', name: 'Marc Lemaire', org: 'plurial-novilia' },
  { role: 'org_admin', name: 'Claire Fontaine', org: 'plurial-novilia' },
  { role: 'partner_staff', name: 'Nadia Ferreira', org: 'conciergerie-solidaire-51' },
  { role: 'network_member', name: 'Paul Girard', org: 'ar-hlm-paca' },
  { role: 'platform_admin', name: 'Admin Palier', org: 'plurial-novilia' },
];

/** One demo sign-in per role; shown in the README and at start in demo mode only. */
export function demoAccounts(): DemoAccount[] {
  const orgName = (slug: string) => DEMO_ORGS.find((o) => o.slug === slug)?.name ?? slug;
  return ACCOUNTS.map((a) => ({ role: a.role, email: `${a.role.replace('_', '-')}@demo.palier.fr`, password: DEMO_PASSWORD, name: a.name, organisation: orgName(a.org) }));
}

/** Fills an empty database with the demo story; a second run changes nothing. */
export async function seedDemo(database: Database): Promise<boolean> {
  const { db } = database;
  const already = await db.selectFrom('organisations').select('id').where('slug', '=', 'plurial-novilia').executeTakeFirst();
  if (already) return false;
  const ids = new Map<string, string>();
  for (const o of DEMO_ORGS) {
    const row = await db.insertInto('organisations').values({ slug: o.slug, kind: o.kind, name: o.name }).returning('id').executeTakeFirstOrThrow();
    ids.set(o.slug, row.id as string);
  }
  for (const [network, member] of DEMO_NETWORK) {
    await db.insertInto('network_memberships').values({ network_id: ids.get(network), member_id: ids.get(member) }).execute();
  }
  const firstHousehold = new Map<string, { householdId: string; residenceId: string }>();
  for (const o of DEMO_ORGS) {
    const orgId = ids.get(o.slug) as string;
    await withTenant(db, { orgId }, async (tx) => {
      for (const [landlord, partner] of DEMO_PARTNERSHIPS.filter(([l]) => l === o.slug)) {
        await tx.insertInto('partnerships').values({ organisation_id: ids.get(landlord), partner_id: ids.get(partner) }).execute();
      }
      if (!o.residences) return;
      const agency = await tx.insertInto('agencies').values({ organisation_id: orgId, name: o.agency }).returning('id').executeTakeFirstOrThrow();
      let n = 0;
      for (const r of o.residences) {
        const res = await tx
          .insertInto('residences')
          .values({ organisation_id: orgId, agency_id: agency.id, reference: r.ref, name: r.name, kind: r.kind, address: r.address, postcode: r.postcode, city: r.city, latitude: r.lat, longitude: r.lon })
          .returning('id')
          .executeTakeFirstOrThrow();
        const building = await tx.insertInto('buildings').values({ organisation_id: orgId, residence_id: res.id, reference: `${r.ref}-A`, name: 'Bâtiment A' }).returning('id').executeTakeFirstOrThrow();
        for (const p of r.places) await tx.insertInto('common_places').values({ organisation_id: orgId, residence_id: res.id, ...p }).execute();
        for (let i = 1; i <= r.dwellings; i++) {
          const dwelling = await tx
            .insertInto('dwellings')
            .values({ organisation_id: orgId, residence_id: res.id, building_id: building.id, reference: `${r.ref}-${String(i).padStart(3, '0')}`, rooms: 1 + (i % 5), floor: Math.floor((i - 1) / 4), rent_cents: 32_000 + (i % 5) * 6_500 })
            .returning('id')
            .executeTakeFirstOrThrow();
          // Most dwellings are let; a few stay vacant so the demo shows both.
          if (i % 6 === 0) continue;
          const family = DEMO_FAMILY_NAMES[n++ % DEMO_FAMILY_NAMES.length];
          const hh = await tx
            .insertInto('households')
            .values({ organisation_id: orgId, reference: `${r.ref}-F${i}`, name: `Foyer ${family}`, members_count: 1 + (i % 4), channel: i % 3 === 0 ? 'paper' : i % 3 === 1 ? 'email' : 'sms', preferred_language: 'fr' })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx.insertInto('occupancies').values({ organisation_id: orgId, household_id: hh.id, dwelling_id: dwelling.id, starts_on: `20${10 + (i % 15)}-0${1 + (i % 9)}-01` }).execute();
          if (!firstHousehold.has(o.slug)) firstHousehold.set(o.slug, { householdId: hh.id as string, residenceId: res.id as string });
        }
      }
    });
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of demoAccounts()) {
    const source = ACCOUNTS.find((x) => x.role === a.role) as (typeof ACCOUNTS)[number];
    const orgId = ids.get(source.org) as string;
    const user = await db.insertInto('users').values({ email: a.email, display_name: a.name, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
    const home = firstHousehold.get(source.org);
    await withTenant(db, { orgId }, (tx) =>
      tx
        .insertInto('memberships')
        .values({ organisation_id: orgId, user_id: user.id, role: a.role, household_id: a.role === 'resident' ? (home?.householdId ?? null) : null })
        .execute(),
    );
  }
  for (const m of MODULES) await m.seedDemo?.(database);
  return true;
}
