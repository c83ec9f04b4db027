import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Services } from '../src/platform/http/env.js';
import { ALL_MIGRATIONS } from '../src/modules.js';
import { createMailer } from '../src/platform/mail/mailer.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { testDatabase } from './db.js';

/** The app on a fresh test database, with a small browser-like client (cookies, CSRF) for HTTP tests. */
export async function testApp(env: Record<string, string> = {}, opts: { logTo?: { write: (line: string) => void } } = {}) {
  const database = await testDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  // Tests that check what reaches the logs pass a sink; the others keep quiet.
  const log = opts.logTo ? pino({ level: 'debug' }, opts.logTo) : pino({ level: 'silent' });
  const services: Services = { config, database, log, mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log }), migrationIds: ALL_MIGRATIONS.map((m) => m.id) };
  const app = buildApp(services);
  return { app, database, services, client: () => new Client(app) };
}

type FetchApp = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** Keeps cookies between requests and fills the CSRF field of forms, as a browser would. */
export class Client {
  cookies = new Map<string, string>();
  constructor(private app: FetchApp) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await this.app.request(path, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [k, ...v] = pair.split('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(k.trim());
      else this.cookies.set(k.trim(), v.join('='));
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** The CSRF token the server gave this client (fetched on first need). */
  async csrf(): Promise<string> {
    if (!this.cookies.has('palier_csrf')) await this.get('/signin');
    return this.cookies.get('palier_csrf') as string;
  }

  async post(path: string, fields: Record<string, string>, opts: { csrf?: boolean } = {}): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.set('_csrf', await this.csrf());
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<Response> {
    return this.post('/signin', { identifier: email, password });
  }
}

export const demo = (role: string) => `${role.replace('_', '-')}@demo.palier.fr`;
