// Drives booking forms from its own process, as browsers would: a CSRF token from the session's cookie,
// a fresh idempotency key per booking. autocannon cannot follow a create with its cancel, so this does.
//   uncontended: `workers` loops spread over the residents (each in their own coworking), each on its own
//   day and slot, booking then cancelling, for `seconds`;
//   storm: `households.length` counter bookings sent at once for the single seat left in one slot.
import { randomUUID } from 'node:crypto';

type Uncontended = { mode: 'uncontended'; base: string; residents: { cookie: string; spaceId: string; resourceId: string }[]; dates: string[]; starts: string[]; workers: number; seconds: number };
type Storm = { mode: 'storm'; base: string; cookie: string; spaceId: string; resourceId: string; date: string; start: string; households: string[] };
export type DriverInput = Uncontended | Storm;
export type DriverResult = { operations: number; ops_per_s: number; p50_ms: number; p99_ms: number; statuses: Record<string, number>; reasons?: Record<string, string> };

const csrfOf = (cookie: string) => /(?:^|;\s*)[^=;]*palier_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';

async function post(base: string, cookie: string, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(cookie), ...fields }),
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

function summarise(latencies: number[], statuses: Record<string, number>, operations: number, seconds: number): DriverResult {
  latencies.sort((a, b) => a - b);
  return { operations, ops_per_s: Math.round(operations / seconds), p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99), statuses };
}

async function uncontended(i: Uncontended): Promise<DriverResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const reasons: Record<string, string> = {};
  const count = (s: string) => {
    statuses[s] = (statuses[s] ?? 0) + 1;
  };
  let operations = 0;
  const t0 = performance.now();
  const until = t0 + i.seconds * 1000;
  const worker = async (w: number) => {
    const me = i.residents[w % i.residents.length];
    const round = Math.floor(w / i.residents.length);
    const date = i.dates[round % i.dates.length];
    const start = i.starts[Math.floor(round / i.dates.length) % i.starts.length];
    while (performance.now() < until) {
      const s = performance.now();
      const made = await post(i.base, me.cookie, `/spaces/${me.spaceId}/book`, { resourceId: me.resourceId, date, start, minutes: '120', purpose: 'telework', weeks: '1', idempotencyKey: randomUUID() });
      const body = await made.text();
      const id = /booked=([0-9a-f-]{36})/.exec(made.headers.get('location') ?? '')?.[1];
      if (made.status !== 303 || !id) {
        count(`book ${made.status}`);
        // The page's error summary says why, once per status (to diagnose, not to count).
        reasons[`book ${made.status}`] ??= (/role="alert"[\s\S]*?<\/div>/.exec(body)?.[0] ?? body.slice(0, 200)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
        continue;
      }
      const cancelled = await post(i.base, me.cookie, `/spaces/bookings/${id}/cancel`, {});
      await cancelled.arrayBuffer();
      count(`cancel ${cancelled.status}`);
      latencies.push(performance.now() - s);
      if (cancelled.status === 303) operations++;
    }
  };
  await Promise.all(Array.from({ length: i.workers }, (_, w) => worker(w)));
  return { ...summarise(latencies, statuses, operations, (performance.now() - t0) / 1000), reasons };
}

async function storm(i: Storm): Promise<DriverResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  await Promise.all(
    i.households.map(async (householdId) => {
      const s = performance.now();
      const res = await post(i.base, i.cookie, `/staff/spaces/${i.spaceId}/bookings`, { resourceId: i.resourceId, date: i.date, start: i.start, minutes: '120', purpose: 'telework', householdId, idempotencyKey: randomUUID() });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      latencies.push(performance.now() - s);
    }),
  );
  return summarise(latencies, statuses, i.households.length, (performance.now() - t0) / 1000);
}

const input = JSON.parse(process.argv[2] ?? '{}') as DriverInput;
const result = input.mode === 'storm' ? await storm(input) : await uncontended(input);
process.stdout.write(`${JSON.stringify(result)}\n`);
