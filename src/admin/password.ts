import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number }) => Promise<Buffer>;

/** What `npm start` accepts on a development machine when ADMIN_PASSWORD is not set (README). */
export const DEV_ADMIN_PASSWORD = 'gentle-dev-password';

const N = 16_384;
const KEY_BYTES = 32;

/**
 * ADMIN_PASSWORD is kept only as a scrypt hash (`scrypt$N$salt$hash`), made at start-up: the
 * plain text never sits in the config a process carries around. A value already in that form
 * (made with `hashAdminPassword`) is taken as it is, so the password itself need not be in the
 * server's environment at all.
 */
export function hashAdminPassword(password: string): string {
  if (password.startsWith('scrypt$')) return password;
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_BYTES, { N });
  return `scrypt$${N}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function isPasswordHash(value: string): boolean {
  return /^scrypt\$\d{4,7}\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{40,}$/.test(value);
}

/** Constant-time comparison of a typed password with the stored hash, off the event loop. */
export async function verifyAdminPassword(stored: string, attempt: string): Promise<boolean> {
  const [, n, salt, hash] = stored.split('$');
  if (!n || !salt || !hash || attempt.length > 1024) return false;
  const expected = Buffer.from(hash, 'base64url');
  const given = await scryptAsync(attempt, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n) });
  return timingSafeEqual(expected, given);
}
