import { formatters } from '../../../platform/i18n/index.js';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { audit } from '../../../platform/audit/audit.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { residenceOptions } from '../../directory/index.js';
import { parseGrouping } from '../domain/grouping.js';
import { parsePeriod } from '../domain/period.js';
import { funderReportPdf } from '../exports/funder-report.js';
import { dashboardCsv, dashboardXlsx, servicesCsv } from '../exports/tabular.js';
import { serviceBreakdown } from '../queries/service-breakdown.js';
import { findIndicator } from '../indicators/registry.js';
import { dashboard } from '../queries/dashboard.js';
import { type DashboardFilters, DashboardPage } from '../views/dashboard-page.js';
import { periodLabel } from '../views/format.js';

const uuid = z.string().uuid();

/** Reads the filters and checks the residence is one the actor may see (else null: answer 404). */
async function readFilters(c: Context<AppEnv>, actor: Actor) {
  const period = parsePeriod(c.req.query('year'), c.req.query('quarter'), new Date(), c.req.query('month'));
  const residences = (await withTenant(c.get('services').database.db, { orgId: actor.orgId }, (tx) => residenceOptions(tx))).filter((r) => !actor.residenceIds || actor.residenceIds.includes(r.id));
  const asked = c.req.query('residence') || null;
  if (asked && (!uuid.safeParse(asked).success || !residences.some((r) => r.id === asked))) return null;
  const chart = findIndicator(c.req.query('chart') ?? '')?.key ?? 'directory.occupancy_rate';
  const find = (c.req.query('find') ?? '').trim().slice(0, 80);
  const group = parseGrouping(c.req.query('group'));
  const query = new URLSearchParams({
    year: String(period.year),
    quarter: period.quarter && !period.month ? String(period.quarter) : '',
    ...(period.month ? { month: String(period.month) } : {}),
    residence: asked ?? '',
    ...(group !== 'residence' ? { group } : {}),
    chart,
    ...(find ? { find } : {}),
  }).toString();
  const f: DashboardFilters = {
    year: period.year,
    quarter: period.quarter,
    month: period.month ?? null,
    residenceId: asked,
    group,
    chart,
    query,
    page: pageNumber(c.req.query('page')),
    find,
  };
  return { period, residences, f };
}

function pageNumber(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

const fileName = (f: DashboardFilters, ext: string) =>
  `impact-${f.year}${f.month ? `-M${String(f.month).padStart(2, '0')}` : f.quarter ? `-T${f.quarter}` : ''}.${ext}`;

export function registerDashboardRoutes(app: Hono<AppEnv>): void {
  route(app, 'GET', '/impact', 'impact.dashboard.read', async (c) => {
    const actor = c.get('actor') as Actor;
    const r = await readFilters(c, actor);
    if (!r) return errorPage(c, 404);
    const d = await dashboard(c.get('services').database.reporting, actor, {
      period: r.period,
      residenceId: r.f.residenceId,
      group: r.f.group,
    });
    const thisYear = parsePeriod(undefined, undefined).year;
    const services = await serviceBreakdown(c.get('services').database.reporting, actor, r.period, r.f.residenceId);
    return c.html(<DashboardPage c={c} d={d} f={r.f} residences={r.residences} thisYear={thisYear} services={services} />);
  });

  // Exports are aggregates, but they leave the platform: each one is in the audit trail.
  const exported = async (c: Context<AppEnv>, kind: 'csv' | 'xlsx' | 'pdf' | 'services_csv') => {
    const actor = c.get('actor') as Actor;
    const r = await readFilters(c, actor);
    if (!r) return { r: null, d: null };
    const db = c.get('services').database.db;
    const d = await dashboard(c.get('services').database.reporting, actor, {
      period: r.period,
      residenceId: r.f.residenceId,
      group: r.f.group,
    });
    await withTenant(db, { orgId: actor.orgId }, (tx) =>
      audit(tx, {
        action: `impact.exported.${kind}`,
        actor,
        targetType: 'impact_dashboard',
        details: {
          period: r.f.year,
          quarter: r.f.quarter,
          month: r.f.month,
          residence: r.f.residenceId,
          group: r.f.group,
        },
      }),
    );
    return { r, d };
  };

  route(app, 'GET', '/impact/export.csv', 'impact.export', async (c) => {
    const { r, d } = await exported(c, 'csv');
    if (!r || !d) return errorPage(c, 404);
    return c.body(dashboardCsv(c.get('t'), d), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(r.f, 'csv')}"`,
    });
  });

  route(app, 'GET', '/impact/export.xlsx', 'impact.export', async (c) => {
    const { r, d } = await exported(c, 'xlsx');
    if (!r || !d) return errorPage(c, 404);
    const t = c.get('t');
    const services = await serviceBreakdown(c.get('services').database.reporting, c.get('actor') as Actor, r.period, r.f.residenceId);
    const bytes = await dashboardXlsx(t, d, periodLabel(t, d.period), { locale: c.get('locale'), rows: services });
    return c.body(bytes, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${fileName(r.f, 'xlsx')}"`,
    });
  });

  route(app, 'GET', '/impact/services.csv', 'impact.export', async (c) => {
    const { r, d } = await exported(c, 'services_csv');
    if (!r || !d) return errorPage(c, 404);
    const rows = await serviceBreakdown(c.get('services').database.reporting, c.get('actor') as Actor, r.period, r.f.residenceId);
    return c.body(servicesCsv(c.get('t'), c.get('locale'), rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(r.f, 'csv').replace('impact-', 'conciergerie-services-')}"`,
    });
  });

  route(app, 'GET', '/impact/report.pdf', 'impact.export', async (c) => {
    const { r, d } = await exported(c, 'pdf');
    if (!r || !d) return errorPage(c, 404);
    const actor = c.get('actor') as Actor;
    const t = c.get('t');
    const org = await c.get('services').database.db.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirst();
    const residences = r.f.residenceId ? (r.residences.find((x) => x.id === r.f.residenceId)?.name ?? '') : t('impact.filter.allResidences');
    const scope = r.f.group === 'residence' ? residences : `${residences}, ${t('impact.report.groupedBy', { by: t(`impact.group.by.${r.f.group}`) })}`;
    const generatedOn = formatters(c.get('locale')).date(new Date());
    const bytes = await funderReportPdf({
      t,
      locale: c.get('locale'),
      d,
      organisation: (org?.name as string) ?? '',
      scope,
      chartKey: r.f.chart,
      generatedOn,
    });
    return c.body(bytes, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName(r.f, 'pdf')}"`,
    });
  });
}
