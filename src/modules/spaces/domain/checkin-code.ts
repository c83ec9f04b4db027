import { createHmac } from 'node:crypto';

/**
 * The self check-in code of a space for a Paris day: six digits from an HMAC of the space and the day under
 * the space's secret. It changes every day, cannot be guessed from another day's code, and needs no storage.
 */
export function checkinCode(secret: string, spaceId: string, date: string): string {
  const mac = createHmac('sha256', secret).update(`${spaceId}:${date}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}
