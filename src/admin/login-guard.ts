import { createHmac } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { AppContext } from '../context.js';
import { ipBucket } from '../domain/signup-guard.js';

/** Wrong passwords allowed from one client in LOGIN_WINDOW_SECONDS, before a wait. */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Every wrong password is answered this much later, so guessing is slow even within the limit. */
export const WRONG_PASSWORD_DELAY_MS = 1000;

export interface LoginGuard {
  /** Seconds to wait before another try from this client, or null when it may try. */
  blockedFor(ip: string): Promise<number | null>;
  /** Counts a wrong password from this client. */
  failed(ip: string): Promise<void>;
}

/**
 * The dashboard's login budget per client IP, in Redis with rate-limiter-flexible like the
 * signup limits (so every web process shares it), counting wrong passwords only; a right one
 * costs nothing. Keys are an HMAC of the IP. If Redis is unreachable each process counts in
 * memory on its own.
 */
export function createLoginGuard({ config, redis }: Pick<AppContext, 'config' | 'redis'>): LoginGuard {
  const keyPrefix = `${config.queuePrefix}:login-limit`;
  const options = { keyPrefix, points: LOGIN_FAILURES_ALLOWED, duration: LOGIN_WINDOW_SECONDS };
  const shared = new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) });
  const key = (ip: string) => createHmac('sha256', config.secret).update(`login:${ipBucket(ip)}`).digest('base64url').slice(0, 22);
  return {
    async blockedFor(ip) {
      const res = await shared.get(key(ip)).catch(() => null);
      if (!res || res.consumedPoints < LOGIN_FAILURES_ALLOWED) return null;
      return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    },
    async failed(ip) {
      await shared.penalty(key(ip), 1).catch(() => {});
    },
  };
}
