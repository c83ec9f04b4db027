import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tenant.js';

/** One programme's figures over a period: counts, sums and medians, never a case or a person. */
export type SupportProgrammeFigures = {
  /** null in the row for all programmes. */
  programmeId: string | null;
  kind: string;
  /** The programme's name (the organisation's own label); '' in the row for all programmes. */
  name: string;
  opened: number;
  closed: number;
  /** Median days from opening to closure of the cases closed in the period; null when none. */
  closeDaysMedian: number | null;
  grants: number;
  grantedCents: number;
  /** Available in the programme's fund at the end of the period (credits − commitments + releases); null without a fund. */
  fundAvailableCents: number | null;
  partnerCreditCents: number;
  landlordCreditCents: number;
  leasesSlid: number;
  leaseDaysMedian: number | null;
  adaptationsDone: number;
  adaptationDaysMedian: number | null;
  onboardingOpened: number;
  onboardingCompleted: number;
};
export type SupportQuotaFigures = { places: number; given: number };
/** `all` sums (and takes the medians over) every programme; `programmes` has one row each. */
export type SupportFigures = { programmes: SupportProgrammeFigures[]; all: SupportProgrammeFigures; quotas: SupportQuotaFigures };

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The support programmes' figures for the organisation of `tx` (app.org_id) between `from` and `to`
 * (instants, `to` excluded), for impact indicators. Cases are need-to-know, so the counts come from
 * the SECURITY DEFINER function support_impact_figures, which returns aggregates only.
 */
export async function supportFigures(tx: Tx, from: Date, to: Date): Promise<SupportFigures> {
  const rows = await sql<Record<string, unknown>>`select f.*, coalesce(p.name, '') as name from support_impact_figures(${from}, ${to}) f left join support_programmes p on p.id = f.programme_id`.execute(tx);
  const all = rows.rows.map((r) => ({
    programmeId: (r.programme_id as string | null) ?? null,
    kind: r.kind as string,
    name: r.name as string,
    opened: Number(r.opened),
    closed: Number(r.closed),
    closeDaysMedian: num(r.close_days_median),
    grants: Number(r.grants),
    grantedCents: Number(r.granted_cents),
    fundAvailableCents: num(r.fund_available_cents),
    partnerCreditCents: Number(r.partner_credit_cents ?? 0),
    landlordCreditCents: Number(r.landlord_credit_cents ?? 0),
    leasesSlid: Number(r.leases_slid),
    leaseDaysMedian: num(r.lease_days_median),
    adaptationsDone: Number(r.adaptations_done),
    adaptationDaysMedian: num(r.adaptation_days_median),
    onboardingOpened: Number(r.onboarding_opened),
    onboardingCompleted: Number(r.onboarding_completed),
  }));
  // Quotas are the organisation's commitments (no person): those running during the period, places given by its end.
  const q = await sql<{ places: number | null; given: number | null }>`
    select sum(q.places)::int as places,
           sum((select count(*) from support_quota_allocations a where a.quota_id = q.id and a.allocated_on < (${to}::timestamptz at time zone 'Europe/Paris')::date))::int as given
      from support_quotas q
     where q.period_start < (${to}::timestamptz at time zone 'Europe/Paris')::date and q.period_end >= (${from}::timestamptz at time zone 'Europe/Paris')::date`.execute(tx);
  const programmes = all.filter((r) => r.programmeId !== null).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const total = all.find((r) => r.programmeId === null) as SupportProgrammeFigures;
  return { programmes, all: total, quotas: { places: Number(q.rows[0]?.places ?? 0), given: Number(q.rows[0]?.given ?? 0) } };
}
