import { createHash, createHmac, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Config } from '../config.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; maxmem: number }) => Promise<Buffer>;

const N = 16_384;
const KEY_BYTES = 32;
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

const hashes = new Map<string, string>();

/**
 * The dashboard's password as the scrypt hash logins check, made once per process on first use
 * (the app mounts the dashboard with it; reading the config hashes nothing). Null when the
 * dashboard is off: no ADMIN_PASSWORD and not a machine of its own.
 */
export function adminPasswordHash(config: Pick<Config, 'adminPassword' | 'secret'>): string | null {
  if (!config.adminPassword) return null;
  const key = `${config.secret}\u0000${config.adminPassword}`;
  let hash = hashes.get(key);
  if (!hash) hashes.set(key, (hash = hashAdminPassword(config.adminPassword, config.secret)));
  return hash;
}
