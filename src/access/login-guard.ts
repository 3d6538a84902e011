import { createHmac } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../context.js';
import { ipBucket } from '../subscribers/signup-guard.js';

/** Password tries allowed from one client in LOGIN_WINDOW_SECONDS, before a wait; a right one is given back. */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Every wrong password is answered this much later, so guessing is slow even within the limit. */
export const WRONG_PASSWORD_DELAY_MS = 1000;

export interface LoginGuard {
  /**
   * Spends one try for this client, before its password is looked at: null when it may go on,
   * or the seconds to wait when its tries are used up.
   */
  spend(ip: string): Promise<number | null>;
  /** Gives a try back: the password was right, or it was never checked. */
  refund(ip: string): Promise<void>;
}

/**
 * The dashboard's login budget per client IP, in Redis with rate-limiter-flexible like the
 * signup limits (so every web process shares it). Keys are an HMAC of the IP. If Redis is
 * unreachable each process counts in memory on its own.
 *
 * A try is counted before the password is checked and refunded when it was right, as the signup
 * guard does. Counting only after a wrong answer let 60 guesses sent at once all be checked: each
 * read the count before any of them had added to it.
 */
export function createLoginGuard({ config, redis }: Pick<AppContext, 'config' | 'redis'>): LoginGuard {
  const keyPrefix = `${config.queuePrefix}:login-limit`;
  const options = { keyPrefix, points: LOGIN_FAILURES_ALLOWED, duration: LOGIN_WINDOW_SECONDS };
  const shared = new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) });
  const key = (ip: string) => createHmac('sha256', config.secret).update(`login:${ipBucket(ip)}`).digest('base64url').slice(0, 22);
  return {
    async spend(ip) {
      try {
        await shared.consume(key(ip), 1);
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
    async refund(ip) {
      await shared.reward(key(ip), 1).catch(() => {});
    },
  };
}
