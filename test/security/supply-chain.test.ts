import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The supply chain of the production install: what package-lock.json pins is what is installed, every
// high or critical advisory `npm audit --omit=dev` reports is waived (test/security/audit-waivers.json),
// and the SBOM that `npm sbom` produces lists every production dependency.
// CI machines may have no route to the advisory service: the audit then says so and the offline checks
// still run; PALIER_AUDIT_REQUIRED=true (a release machine) turns an unreachable audit into a failure.
const ROOT = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

type LockEntry = { version?: string; name?: string; resolved?: string; integrity?: string; dev?: boolean; optional?: boolean; link?: boolean };
type Lock = { lockfileVersion: number; packages: Record<string, LockEntry & { dependencies?: Record<string, string> }> };
type Waiver = { advisory: string; package: string; version: string; severity: string; reason: string; grantedBy: string; until: string };
type Advisory = { source?: number; name: string; title?: string; url?: string; severity: string; range?: string };
type AuditReport = { auditReportVersion?: number; vulnerabilities?: Record<string, { name: string; severity: string; via: (string | Advisory)[] }> };

const lock = (): Lock => JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const pkg = () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const waivers = (): Waiver[] => JSON.parse(readFileSync(join(ROOT, 'test/security/audit-waivers.json'), 'utf8')).waivers;
const nameOf = (path: string, e: LockEntry) => e.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** The production packages of the lockfile (not dev-only), with whether this machine installs them. */
function productionPackages(l: Lock) {
  return Object.entries(l.packages)
    .filter(([path, e]) => path !== '' && !e.dev)
    .map(([path, e]) => ({ path, name: nameOf(path, e), version: e.version ?? '', entry: e, installed: existsSync(join(ROOT, path, 'package.json')) }));
}

const GHSA = /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/;
const advisoryId = (a: Advisory) => GHSA.exec(a.url ?? '')?.[0] ?? String(a.source);

/** The waiver file's own problems: each waiver complete, not expired, within 90 days, for a package at a version the production lockfile has. */
function waiverProblems(list: Waiver[], packages: { name: string; version: string }[], today = new Date().toISOString().slice(0, 10)): string[] {
  const problems: string[] = [];
  const limit = new Date(Date.parse(today) + 90 * 86400_000).toISOString().slice(0, 10);
  for (const w of list) {
    const label = `${w.advisory ?? '?'} on ${w.package ?? '?'}@${w.version ?? '?'}`;
    if (!GHSA.test(w.advisory ?? '')) problems.push(`${label}: the advisory must be a GHSA id`);
    if (!w.reason || w.reason.trim().length < 20) problems.push(`${label}: no reason given`);
    if (!w.grantedBy) problems.push(`${label}: who granted it is not said`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(w.until ?? '')) problems.push(`${label}: no end date (until: YYYY-MM-DD)`);
    else if (w.until < today) problems.push(`${label}: expired on ${w.until}`);
    else if (w.until > limit) problems.push(`${label}: granted for more than 90 days (until ${w.until})`);
    if (!packages.some((p) => p.name === w.package && p.version === w.version)) problems.push(`${label}: ${w.package}@${w.version} is not a production dependency of package-lock.json any more — remove the waiver`);
  }
  return problems;
}

/** The high and critical advisories of an `npm audit --json` report that no waiver covers. */
function unwaived(report: AuditReport, list: Waiver[], installed: { name: string; version: string }[]): string[] {
  const out = new Set<string>();
  for (const v of Object.values(report.vulnerabilities ?? {})) {
    for (const via of v.via) {
      if (typeof via === 'string') continue; // reached through another package, reported under its own name
      if (via.severity !== 'high' && via.severity !== 'critical') continue;
      const id = advisoryId(via);
      const versions = installed.filter((p) => p.name === via.name).map((p) => p.version);
      const covered = list.some((w) => w.advisory === id && w.package === via.name && versions.includes(w.version));
      if (!covered) out.add(`${via.severity} ${id} in ${via.name} ${via.range ?? ''}: ${via.title ?? ''}`.trim());
    }
  }
  return [...out].sort();
}

/** Runs `npm audit --omit=dev --json`: the report, or why there is none (no network, an advisory service that refuses). */
function runAudit(): { report: AuditReport } | { unreachable: string } {
  const r = spawnSync(NPM, ['audit', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 90_000, env: { ...process.env, npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (r.error) return { unreachable: r.error.message };
  let parsed: AuditReport & { error?: { summary?: string; code?: string }; message?: string };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    return { unreachable: `npm audit printed no report (exit ${r.status}): ${r.stderr.split('\n').find((l) => l.includes('error')) ?? r.stderr.slice(0, 200)}` };
  }
  if (parsed.auditReportVersion && parsed.vulnerabilities) return { report: parsed };
  return { unreachable: parsed.message ?? parsed.error?.summary ?? parsed.error?.code ?? `no report (exit ${r.status})` };
}

describe('supply chain', () => {
  it('installs exactly what package-lock.json pins, every production package from the registry with an integrity hash', () => {
    const l = lock();
    expect(l.lockfileVersion).toBeGreaterThanOrEqual(2);
    // package.json and the lockfile agree on the direct production dependencies.
    expect(l.packages[''].dependencies).toEqual(pkg().dependencies);
    const prod = productionPackages(l);
    expect(prod.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const p of prod) {
      if (p.entry.link) problems.push(`${p.path}: a link to a local folder`);
      if (p.entry.resolved && !p.entry.resolved.startsWith('https://registry.npmjs.org/')) problems.push(`${p.path}: resolved from ${p.entry.resolved}`);
      if (!/^sha512-/.test(p.entry.integrity ?? '')) problems.push(`${p.path}: no sha512 integrity`);
      if (!p.installed && !p.entry.optional) problems.push(`${p.path}: not installed (run npm ci)`);
      if (p.installed) {
        const version = JSON.parse(readFileSync(join(ROOT, p.path, 'package.json'), 'utf8')).version;
        if (version !== p.version) problems.push(`${p.path}: ${version} installed, ${p.version} locked`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps its waivers honest: complete, at most 90 days, not expired, for a version still in the lockfile', () => {
    const prod = productionPackages(lock());
    expect(waiverProblems(waivers(), prod)).toEqual([]);
    // The check itself refuses what it must (so an empty waiver file is not a check that cannot fail).
    const good: Waiver = { advisory: 'GHSA-xxxx-2345-6789', package: 'pg', version: prod.find((p) => p.name === 'pg')?.version ?? '', severity: 'high', reason: 'Only reachable through a feature Palier does not use.', grantedBy: 'security review', until: '2027-01-15' };
    expect(waiverProblems([good], prod, '2026-12-06')).toEqual([]);
    expect(waiverProblems([{ ...good, until: '2026-12-01' }], prod, '2026-12-06')[0]).toMatch(/expired/);
    expect(waiverProblems([{ ...good, until: '2027-12-01' }], prod, '2026-12-06')[0]).toMatch(/more than 90 days/);
    expect(waiverProblems([{ ...good, version: '0.0.1' }], prod, '2026-12-06')[0]).toMatch(/not a production dependency/);
    expect(waiverProblems([{ ...good, reason: '' }], prod, '2026-12-06')[0]).toMatch(/no reason/);
  });

  it('npm audit --omit=dev: no high or critical advisory without a waiver (when the advisory service answers)', () => {
    const prod = productionPackages(lock()).filter((p) => p.installed);
    const list = waivers();
    // The gate on a report made up here: an unwaived high advisory fails, a waived one passes, a moderate one is not gated.
    const pgVersion = prod.find((p) => p.name === 'pg')?.version ?? '';
    const report: AuditReport = {
      auditReportVersion: 2,
      vulnerabilities: {
        pg: { name: 'pg', severity: 'high', via: [{ source: 1, name: 'pg', title: 'Made up', url: 'https://github.com/advisories/GHSA-xxxx-2345-6789', severity: 'high', range: '<99' }] },
        kysely: { name: 'kysely', severity: 'moderate', via: [{ source: 2, name: 'kysely', title: 'Made up', url: 'https://github.com/advisories/GHSA-xxxx-2345-678c', severity: 'moderate', range: '<99' }] },
        'pg-pool': { name: 'pg-pool', severity: 'high', via: ['pg'] },
      },
    };
    expect(unwaived(report, [], prod)).toEqual(['high GHSA-xxxx-2345-6789 in pg <99: Made up']);
    expect(unwaived(report, [{ advisory: 'GHSA-xxxx-2345-6789', package: 'pg', version: pgVersion, severity: 'high', reason: 'x', grantedBy: 'x', until: '2099-01-01' }], prod)).toEqual([]);
    expect(unwaived(report, [{ advisory: 'GHSA-xxxx-2345-6789', package: 'pg', version: '0.0.1', severity: 'high', reason: 'x', grantedBy: 'x', until: '2099-01-01' }], prod)).toHaveLength(1);

    const audit = runAudit();
    if ('unreachable' in audit) {
      process.stdout.write(`supply-chain: npm audit --omit=dev could not be run here (${audit.unreachable}); lockfile and waiver checks only\n`);
      expect(process.env.PALIER_AUDIT_REQUIRED, `npm audit is required here: ${audit.unreachable}`).not.toBe('true');
      return;
    }
    const found = unwaived(audit.report, list, prod);
    process.stdout.write(`supply-chain: npm audit --omit=dev on ${prod.length} installed production packages: ${Object.keys(audit.report.vulnerabilities ?? {}).length} vulnerable, ${found.length} high/critical not waived, ${list.length} waiver(s)\n`);
    expect(found).toEqual([]);
  }, 120_000);

  it('produces a CycloneDX SBOM (npm sbom) that lists every installed production dependency', () => {
    const dir = join(ROOT, '.test-data');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `sbom-${process.pid}.cdx.json`);
    // Not --omit=dev: npm drops production packages that a dev dependency also uses (npm/cli#7909).
    const r = spawnSync(NPM, ['sbom', '--sbom-format', 'cyclonedx'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(file, r.stdout);
    const sbom = JSON.parse(readFileSync(file, 'utf8')) as { bomFormat: string; specVersion: string; metadata: { component?: { name: string } }; components: { name: string; version: string; purl?: string; hashes?: unknown[] }[] };
    expect(sbom.bomFormat).toBe('CycloneDX');
    expect(sbom.metadata.component).toBeTruthy();
    const listed = new Set(sbom.components.map((c) => `${c.name}@${c.version}`));
    const prod = productionPackages(lock()).filter((p) => p.installed);
    const missing = prod.filter((p) => !listed.has(`${p.name}@${p.version}`)).map((p) => `${p.name}@${p.version}`);
    expect(missing).toEqual([]);
    expect(sbom.components.every((c) => c.purl?.startsWith('pkg:npm/'))).toBe(true);
    process.stdout.write(`supply-chain: SBOM ${file} (CycloneDX ${sbom.specVersion}) lists ${sbom.components.length} components, all ${prod.length} installed production packages among them\n`);
  }, 90_000);
});
