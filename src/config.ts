import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Palier reads, with its default. The README's table mirrors this. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.string().url().optional(),
  DEMO: bool.optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Palier <no-reply@palier.localhost>'),
  TRUST_PROXY: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  DATABASE_POOL_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  DATABASE_LOCK_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  DATABASE_LONG_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  DATABASE_PREPARED_STATEMENTS: bool.optional(),
  JOBS: bool.optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl?: string;
  /** A read replica for reports and dashboards; without it they read the primary. */
  databaseReplicaUrl?: string;
  dataDir: string;
  publicUrl: string;
  demo: boolean;
  smtpUrl?: string;
  mailFrom: string;
  trustProxy: boolean;
  logLevel: string;
  sessionIdleMinutes: number;
  /** How long a request waits for a free database connection before it answers 503. */
  poolWaitSeconds: number;
  /** How long a request's statement waits for a row or table lock before it fails (503); 0: no limit. */
  lockTimeoutSeconds: number;
  /** How long a request's statement may run before PostgreSQL cancels it (503); 0: no limit. */
  statementTimeoutSeconds: number;
  /** Both limits for jobs, large exports and the `palier` command, which are long by nature; 0: no limit. */
  longTimeoutSeconds: number;
  /** Name (prepare) the parameterised statements of the application pools; off behind a transaction-mode pooler. */
  preparedStatements: boolean;
  /** Whether this process runs the recurring jobs (every process may: each slot runs once in all). */
  jobs: boolean;
};

export class ConfigError extends Error {}

/** Reads and validates the environment; a wrong value throws a ConfigError that names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  // Demo accounts never appear in production unless someone asks for them explicitly.
  const demo = c.DEMO ?? !production;
  if (production && demo) throw new ConfigError('Invalid configuration:\n  DEMO: demo accounts cannot be enabled when NODE_ENV=production');
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    databaseReplicaUrl: c.DATABASE_REPLICA_URL,
    dataDir: resolve(c.DATA_DIR),
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    demo,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    trustProxy: c.TRUST_PROXY ?? false,
    logLevel: c.LOG_LEVEL,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    poolWaitSeconds: c.DATABASE_POOL_WAIT_SECONDS,
    lockTimeoutSeconds: c.DATABASE_LOCK_TIMEOUT_SECONDS,
    statementTimeoutSeconds: c.DATABASE_STATEMENT_TIMEOUT_SECONDS,
    longTimeoutSeconds: c.DATABASE_LONG_TIMEOUT_SECONDS,
    preparedStatements: c.DATABASE_PREPARED_STATEMENTS ?? true,
    jobs: c.JOBS ?? true,
  };
}
