import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a confirmation link stays valid. */
export const CONFIRMATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * What a token may be used for. `preferences` opens her preference page (it sits in every email's
 * footer, so like `unsubscribe` it does not expire); `export` downloads her data and is issued by
 * that page for a short while only.
 */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences' | 'export';

interface TokenPayload {
  p: TokenPurpose;
  s: number;
  /** Expiry as epoch seconds; absent means the token does not expire. */
  e?: number;
}

/**
 * Signed, optionally expiring tokens for the links in emails. HMAC with the purpose inside
 * the signed payload, so an unsubscribe token can never be replayed as a confirmation.
 * Unsubscribe links do not expire: CAN-SPAM wants them working long after the email was sent.
 */
export function signToken(secret: string, purpose: TokenPurpose, subscriberId: number, expiresAt?: Date): string {
  const payload: TokenPayload = { p: purpose, s: subscriberId };
  if (expiresAt) payload.e = Math.floor(expiresAt.getTime() / 1000);
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** Returns the subscriber id, or null for anything tampered, expired or meant for another purpose. */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string, now: Date): number | null {
  return readToken(secret, purpose, token, now)?.subscriberId ?? null;
}

/** The same, with the token's expiry (null for one that does not expire). */
export function readToken(secret: string, purpose: TokenPurpose, token: string, now: Date): { subscriberId: number; expiresAt: Date | null } | null {
  const payload = signedPayload<TokenPayload>(secret, token, 512);
  const subscriberId = payload?.s;
  if (!payload || payload.p !== purpose || typeof subscriberId !== 'number' || !Number.isSafeInteger(subscriberId) || subscriberId <= 0) return null;
  if (payload.e !== undefined && payload.e * 1000 < now.getTime()) return null;
  return { subscriberId, expiresAt: payload.e === undefined ? null : new Date(payload.e * 1000) };
}

/**
 * A token for the page shown right after a signup that came without a timezone (a plain form on
 * her website whose builder removed its script): the mom's browser sends its zone once, for the
 * address she typed. It names the address, not a subscriber, so the page is the same whether the
 * address was new or already on the list; it lasts an hour.
 */
export function signTimezoneToken(secret: string, email: string, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ p: 'timezone', m: email, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The address a timezone token names, or null for anything tampered, expired or of another kind. */
export function readTimezoneToken(secret: string, token: string, now: Date): string | null {
  const payload = signedPayload<{ p?: unknown; m?: unknown; e?: unknown }>(secret, token, 1024);
  if (!payload || payload.p !== 'timezone' || typeof payload.m !== 'string' || typeof payload.e !== 'number') return null;
  if (payload.e * 1000 < now.getTime()) return null;
  return payload.m;
}

/** A token's payload when its signature is ours (compared in constant time), else null. */
function signedPayload<T>(secret: string, token: string, maxLength: number): Partial<T> | null {
  if (token.length > maxLength) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Partial<T>) : null;
  } catch {
    return null;
  }
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
