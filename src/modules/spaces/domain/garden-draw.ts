import { createHmac, randomBytes } from 'node:crypto';

/** A fresh seed for a draw: stored with the season, so the draw can be replayed and checked by anyone. */
export function newDrawSeed(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The order of a draw: each application's HMAC-SHA-256 under the seed, smallest first (ties by id).
 * The same seed and the same applications always give the same order, whatever order they come in.
 */
export function drawOrder(seed: string, applicationIds: string[]): string[] {
  const score = (id: string) => createHmac('sha256', seed).update(id).digest('hex');
  return [...applicationIds].map((id) => ({ id, s: score(id) })).sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.id < b.id ? -1 : 1)).map((x) => x.id);
}
