import { Secret, TOTP } from 'otpauth';
import { hashSecret, newHumanCode, normaliseHumanCode } from './tokens.js';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = 'Palier'): TOTP {
  return new TOTP({ issuer: 'Palier', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** Accepts the current code and its neighbours (±30 s) for clocks that drift on cheap phones. */
export function verifyTotp(secret: string, code: string): boolean {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return false;
  return totp(secret).validate({ token: clean, window: 1 }) !== null;
}

export function currentTotp(secret: string): string {
  return totp(secret).generate();
}

export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** Ten single-use recovery codes, shown once; only their hashes are kept. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => newHumanCode(8));
  return { codes, hashes: codes.map((c) => hashSecret(c)) };
}

export function recoveryCodeHash(input: string): string {
  return hashSecret(normaliseHumanCode(input));
}
