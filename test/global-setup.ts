import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ALL_MIGRATIONS } from '../src/modules.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrator.js';
import { seedDemo } from '../src/seed/demo.js';
import { testServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDb: string;
    runId: string;
  }
}

async function admin(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  return c;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops the databases this run (or an interrupted earlier one) left behind on a shared server. */
async function dropTestDatabases(url: string, prefix: string): Promise<void> {
  const c = await admin(url);
  try {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const r of rows) {
      // Several runs may share one server (engineers side by side): keep the databases of runs still alive.
      const pid = Number(/^palier_t(?:pl)?_(\d+)/.exec(r.datname)?.[1]);
      if (pid && pid !== process.pid && alive(pid)) continue;
      await c.query(`drop database if exists "${r.datname}" with (force)`);
    }
  } finally {
    await c.end();
  }
}

/**
 * Once per run: a migrated template database holding the demo data; each test file clones it.
 * The cluster-wide application role is created here, once, so files never race on it.
 */
export default async function setup(project: TestProject) {
  const server = await testServer();
  const runId = `${process.pid}`;
  const template = `palier_tpl_${runId}`;
  const postgresUrl = server.url('postgres');
  // Databases of runs that were killed before their teardown.
  await dropTestDatabases(postgresUrl, 'palier_t');
  const c = await admin(postgresUrl);
  await c.query(`create database "${template}"`);
  await c.end();
  const database = openDatabase(server.url(template));
  await migrate(database.owner, ALL_MIGRATIONS);
  await seedDemo(database);
  await database.close();
  project.provide('serverUrl', postgresUrl);
  project.provide('templateDb', template);
  project.provide('runId', runId);
  process.stdout.write(`test database server: ${server.kind}\n`);
  return async () => {
    await dropTestDatabases(postgresUrl, `palier_t_${runId}_`);
    await dropTestDatabases(postgresUrl, template);
    await server.stop();
  };
}
