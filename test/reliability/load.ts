import { connect as tcp } from 'node:net';
import { Client, demo } from '../app.js';
import { workingDayAhead } from '../../src/modules/spaces/testing.js';

/** The Arc-en-Ciel common room (open 9:00–22:00 every day), its rules opened wide, and households of its organisation. */
export async function bookableRoom(owner: { query: (sql: string, args?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }) {
  const room = (await owner.query("select s.id, s.organisation_id, r.id as resource_id from spaces s join space_resources r on r.space_id = s.id where s.name = 'Salle commune Arc-en-Ciel'")).rows[0];
  await owner.query('update spaces set horizon_days = 200, notice_minutes = 0, weekly_quota_minutes = null where id = $1', [room.id]);
  const households = (await owner.query('select id from households where organisation_id = $1 order by reference limit 40', [room.organisation_id])).rows.map((r) => r.id as string);
  return { spaceId: room.id as string, resourceId: room.resource_id as string, households };
}

/** `n` distinct working days from five weeks ahead (past the demo's bookings). */
export function distinctWorkingDays(n: number, from = 35): string[] {
  const days: string[] = [];
  for (let ahead = from; days.length < n; ahead++) {
    const d = workingDayAhead(ahead);
    if (!days.includes(d)) days.push(d);
  }
  return days;
}

/** A concierge signed in on the server at `base()` (the base may change when the server restarts). */
export async function signedInConcierge(base: () => string): Promise<Client> {
  const client = new Client({ request: (path, init) => fetch(`${base()}${path}`, init) });
  const res = await client.signIn(demo('concierge'));
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return client;
}

/**
 * A form POST sent over its own connection whose body is held back until `finish()`: a request in flight,
 * on purpose. `then` is written right after the body, on the same connection (a pipelined request).
 */
export function slowPost(url: string, path: string, cookie: string, body: string) {
  const { hostname, port } = new URL(url);
  const socket = tcp({ host: hostname, port: Number(port) });
  let answer = '';
  socket.on('data', (d) => {
    answer += d;
  });
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
  return { connected, closed, finish: (then = '') => socket.write(body.slice(10) + then) };
}

/** The status codes of the HTTP/1.1 answers in a raw response stream, in order. */
export function statusesIn(raw: string): number[] {
  return [...raw.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
}
