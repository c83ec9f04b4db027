import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): about 50 ms here.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Passwords of 12+ characters that still top the leaked-password lists (French and English).
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', 'azertyuiopqs', 'azertyuiop12', 'azertyuiop123', 'qwertyuiop12',
  'qwertyuiop123', 'motdepasse12', 'motdepasse123', 'motdepasse1234', 'password1234', 'password12345', 'passwordpassword',
  'iloveyou1234', 'jetaime12345', 'soleil123456', 'bonjour12345', 'doudou123456', 'chocolat1234', 'marseille1234',
  'azertyazerty', 'aaaaaaaaaaaa', '111111111111', '000000000000', 'abcdefghijkl', 'abc123456789', 'qwertyqwerty',
  'palierpalier', 'palier123456', 'changeme1234', 'welcome12345', 'bienvenue123', 'bienvenue1234',
]);

export type PasswordProblem = 'password.tooShort' | 'password.tooLong' | 'password.common';

/** Length rules of NIST 800-63B: 12 to 128 characters, no composition rules, common passwords refused. */
export function checkPassword(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < 12) return 'password.tooShort';
  if (length > 128) return 'password.tooLong';
  if (COMMON.has(password.toLowerCase()) || /^(.)\1+$/.test(password)) return 'password.common';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// A hash of a random password with the same parameters, made once when the module loads (so the first unknown
// account is not slower either): an unknown account, or one without a password yet, is checked against it, so every
// sign-in runs the same verification and its time tells nothing about the account.
const DUMMY_HASH = hash(crypto.randomUUID(), OPTIONS);
DUMMY_HASH.catch(() => {});

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const good = await verify(stored ?? (await DUMMY_HASH), password).catch(() => false);
  return stored !== null && good;
}
