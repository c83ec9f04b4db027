import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, demo } from '../app.js';
import { killLeftovers, runTs, urlOf } from '../ops/spawn.js';
import { embeddedOwnerUrl, seenByApp, snapshot } from './db-snapshot.js';
import { bookableRoom, distinctWorkingDays, signedInConcierge } from './load.js';

// Embedded mode (no DATABASE_URL): `palier backup` run with DATA_DIR alone while Palier runs on its embedded
// PostgreSQL (the command reads through the running server, in one snapshot), then `palier restore` of that
// file into a new DATA_DIR. The copy has every table's rows (counts and checksums) and forced row-level
// security, and the app starts on it: /healthz, a sign-in and a signed-in page.
const work = mkdtempSync(join(tmpdir(), 'palier-embedded-backup-'));
const original = join(work, 'original');
const restored = join(work, 'restored');
const file = join(work, 'palier.backup');
const env = (dataDir: string, demoMode: boolean) => ({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JOBS: 'false', NODE_ENV: 'development', DEMO: String(demoMode) });

afterAll(async () => {
  await killLeftovers([original, restored]);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('backup of the embedded database while Palier runs, restored into a new data directory', () => {
  it('restores every row and the forced row-level security, and the app serves the copy', async () => {
    const app = runTs('src/main.ts', [], env(original, true));
    const base = await urlOf(app, 240_000);
    const ownerUrl = embeddedOwnerUrl(original);
    // A write through the app before the backup: a booking at the counter.
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    const room = await bookableRoom(owner);
    const orgIds = (await owner.query('select id from organisations order by slug')).rows.map((r) => r.id as string);
    await owner.end();
    const concierge = await signedInConcierge(() => base);
    const key = `embedded-backup-${Date.now().toString(36)}`;
    const [day] = distinctWorkingDays(1, 40);
    const booking = await concierge.post(`/staff/spaces/${room.spaceId}/bookings`, { resourceId: room.resourceId, date: day, start: '18:00', minutes: '60', purpose: 'leisure', householdId: room.households[0], idempotencyKey: key });
    expect(booking.status).toBe(303);

    // The booking's notice is delivered after the answer (deliverSoon): wait until nothing moves any more.
    let before = await snapshot(ownerUrl);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const again = await snapshot(ownerUrl);
      if (JSON.stringify(again) === JSON.stringify(before)) break;
      before = again;
    }
    const backup = runTs('src/cli.ts', ['backup', file], { DATA_DIR: original, NODE_ENV: 'development' });
    expect({ code: await backup.exited, stderr: backup.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(backup.stdout()).toContain(`Palier is running on ${original}: backing up through its embedded PostgreSQL server.`);
    expect(backup.stdout()).toMatch(/Backup written to .*palier\.backup \(Palier format/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Sharing the running server is for the backup only: a restore into the running directory is still refused.
    const refused = runTs('src/cli.ts', ['restore', file, '--yes'], { DATA_DIR: original, NODE_ENV: 'development' });
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toMatch(/already used by a running Palier \(process \d+\)/);
    const after = await snapshot(ownerUrl);
    // Nothing moved while the backup ran (the app idle): the backup must hold exactly this.
    expect(after).toEqual(before);
    const seenOriginal = await seenByApp(ownerUrl, 'residences', orgIds);
    app.proc.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    const restore = runTs('src/cli.ts', ['restore', file, '--yes'], { DATA_DIR: restored, NODE_ENV: 'development' });
    expect({ code: await restore.exited, stderr: restore.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(restore.stdout()).toContain(`Restored the embedded database in ${restored}`);

    const copy = runTs('src/main.ts', [], env(restored, false));
    const copyBase = await urlOf(copy, 240_000);
    const copyUrl = embeddedOwnerUrl(restored);
    const got = await snapshot(copyUrl);
    const differing = Object.keys(before.rows).filter((t) => JSON.stringify(before.rows[t]) !== JSON.stringify(got.rows[t]));
    expect(differing).toEqual([]);
    expect(got).toEqual(before);
    expect(got.tables.filter((t) => t.rls && !t.forced).map((t) => t.name)).toEqual([]);
    const forced = got.tables.filter((t) => t.forced).length;
    expect(forced).toBeGreaterThan(100);
    // Row-level security behaves the same: nothing without an organisation, each organisation its own.
    const seenCopy = await seenByApp(copyUrl, 'residences', orgIds);
    expect(seenCopy).toEqual(seenOriginal);
    expect(seenCopy[0]).toBe(0);
    expect(before.rows.space_bookings.rows).toBeGreaterThan(0);

    const health = await fetch(`${copyBase}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const staff = new Client({ request: (path, init) => fetch(`${copyBase}${path}`, init) });
    expect((await staff.signIn(demo('concierge'))).status).toBe(303);
    const page = await staff.get(`/staff/spaces/${room.spaceId}/sheet?date=${day}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Salle commune Arc-en-Ciel');
    expect(html).toContain('18:00');
    copy.proc.kill('SIGTERM');
    expect(await copy.exited).toBe(0);
    const rows = Object.values(got.rows).reduce((s, r) => s + r.rows, 0);
    process.stdout.write(
      `reliability/embedded-backup: backup through the running app's embedded server, restored into a new DATA_DIR: ${got.tables.length} tables, ${rows} rows, counts and checksums equal; RLS forced on ${forced} tables with ${got.policies.length} policies; residences seen by the app role ${seenCopy.join('/')} as in the original; the copy serves /healthz, a sign-in and the day sheet\n`,
    );
  }, 600_000);
});
