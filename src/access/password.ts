import { createHash, createHmac, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; maxmem: number }) => Promise<Buffer>;

/** What `npm start` accepts on a development machine when ADMIN_PASSWORD is not set (README). */
export const DEV_ADMIN_PASSWORD = 'gentle-dev-password';

const N = 16_384;
const KEY_BYTES = 32;
/** The largest cost a stored hash may ask for: N = 2^20 takes 1 GiB of memory per check. */
const MAX_N = 2 ** 17;
/** scrypt needs 128 · N · r bytes (r = 8); Node refuses more than 32 MiB unless told. */
const maxmemFor = (n: number) => 128 * n * 8 + 1024 * 1024;

/**
 * ADMIN_PASSWORD is kept only as a scrypt hash (`scrypt$N$salt$hash`), made at start-up: the
 * plain text never sits in the config a process carries around. A value already in that form
 * (made with `hashAdminPassword`) is taken as it is, so the password itself need not be in the
 * server's environment at all.
 *
 * The salt comes from SECRET rather than chance, so the same password gives the same hash in
 * every process and after every restart: sessions are tied to a fingerprint of this hash
 * (sessions.ts), and a fresh random salt at each start would end them all on every deploy.
 */
export function hashAdminPassword(password: string, secret: string): string {
  if (password.startsWith('scrypt$')) return password;
  const salt = createHmac('sha256', secret).update('admin-password-salt').digest().subarray(0, 16);
  const hash = scryptSync(password, salt, KEY_BYTES, { N, maxmem: maxmemOrDefault(N) });
  return `scrypt$${N}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

const maxmemOrDefault = (n: number) => Math.max(maxmemFor(n), 32 * 1024 * 1024);

/**
 * What is wrong with a stored `scrypt$N$salt$hash`, or null when a login can use it. The only
 * sure test of the parameters is to run scrypt with them once, as every login will.
 */
export function passwordHashProblem(value: string): string | null {
  const parts = value.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return 'it should have four parts: scrypt$N$salt$hash';
  const [, n, salt, hash] = parts as [string, string, string, string];
  if (!/^\d{1,7}$/.test(n)) return 'its N (the part after scrypt$) should be a number such as 16384';
  const cost = Number(n);
  if (cost < 1024 || cost > MAX_N || (cost & (cost - 1)) !== 0) return `its N should be a power of two from 1024 to ${MAX_N}, not ${n}`;
  if (!/^[A-Za-z0-9_-]{16,}$/.test(salt)) return 'its salt should be at least 16 base64url characters';
  if (!/^[A-Za-z0-9_-]{43,}$/.test(hash) || Buffer.from(hash, 'base64url').length < 32) return 'its hash should be at least 32 bytes in base64url (43 characters)';
  try {
    scryptSync('check', Buffer.from(salt, 'base64url'), Buffer.from(hash, 'base64url').length, { N: cost, maxmem: maxmemOrDefault(cost) });
  } catch (error) {
    return `scrypt refuses its parameters (${(error as Error).message})`;
  }
  return null;
}

/** Constant-time comparison of a typed password with the stored hash, off the event loop. */
export async function verifyAdminPassword(stored: string, attempt: string): Promise<boolean> {
  const [, n, salt, hash] = stored.split('$');
  if (!n || !salt || !hash || attempt.length > 1024) return false;
  const expected = Buffer.from(hash, 'base64url');
  const given = await scryptAsync(attempt, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), maxmem: maxmemOrDefault(Number(n)) });
  return timingSafeEqual(expected, given);
}

/**
 * A short name for the password hash in force, stored with each session: a new ADMIN_PASSWORD
 * gives a new fingerprint, and every session made under the old one stops working.
 */
export function passwordFingerprint(stored: string): string {
  return createHash('sha256').update(`admin-password:${stored}`).digest('base64url').slice(0, 16);
}
