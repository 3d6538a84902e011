import { createHmac } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../context.js';
import { verifyCaptcha } from './captcha.js';

/**
 * What stands between a signup and the database: a honeypot, the proof-of-work answer when
 * CAPTCHA is on (subscribers/captcha.ts), then an hourly budget per client IP and per address. Every entry point (the form, the JSON API, later the dashboard) asks this
 * guard first, so they all share one budget.
 */
export interface SignupGuard {
  check(attempt: SignupAttempt): Promise<SignupVerdict>;
}

export interface SignupAttempt {
  /** The client as the HTTP layer sees it (see http/client-ip.ts); `unknown` without a socket. */
  ip: string;
  /** Already validated and lower-cased. */
  email: string;
  /** The honeypot field. People never see it, so anything in it was typed by a bot. */
  honeypot?: unknown;
  /**
   * The `altcha` field as it came (the widget's base64 payload). Read only when CAPTCHA is on;
   * a missing or wrong answer makes `check` throw `captcha_failed` before anything is counted.
   */
  captcha?: unknown;
}

export type SignupVerdict =
  | { kind: 'allowed' }
  /** A bot: answer exactly as for a real signup, and do nothing. */
  | { kind: 'trapped' }
  | { kind: 'limited'; by: 'ip' | 'address'; retryAfterSeconds: number };

const HOUR_SECONDS = 3600;
/** A limiter call on a Redis that is gone would otherwise wait for the reconnect (BullMQ's connection never gives up). */
const REDIS_TIMEOUT_MS = 1000;
const WARN_EVERY_MS = 60_000;

/**
 * Counting:
 * - The honeypot comes first and costs nothing: a bot gets its fake success at once.
 * - The IP budget is spent by every well-formed signup; bad input is refused without a write, so
 *   it is not counted.
 * - The address budget is spent only by signups the IP budget let through, so a flood from one
 *   place cannot use up the budgets of the addresses it names beyond its own first few. It counts
 *   attempts, not new subscribers: counting only real signups would need the database's answer
 *   first, and the use case already sends at most one confirmation per 10 minutes anyway.
 *
 * Redis keys hold an HMAC of the address and of the IP, never the values: Redis is not where
 * we keep personal data, and a plain hash of an email is reversed with a list of emails.
 *
 * If Redis is unreachable, each process counts on its own, in memory, with the same limits, and
 * says so in the log: a signup still lands in Postgres (the reconciler sends its email once Redis
 * is back), and a flood still meets a limit, only a per-process one.
 */
export function createSignupGuard({ config, redis, logger, sql }: Pick<AppContext, 'config' | 'redis' | 'logger' | 'sql'>): SignupGuard {
  let lastWarning = 0;
  const warnRedisDown = (error: unknown) => {
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, 'signup limits cannot reach Redis; each web process counts on its own until it is back');
  };

  const hourly = (name: 'ip' | 'address', points: number) => {
    if (points === 0) return null;
    const keyPrefix = `${config.queuePrefix}:signup-limit:${name}`;
    const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: HOUR_SECONDS, rejectIfRedisNotReady: true });
    const local = new RateLimiterMemory({ keyPrefix, points, duration: HOUR_SECONDS });
    /** The seconds to wait, or null when this attempt is within the budget. */
    return async (value: string): Promise<number | null> => {
      const key = createHmac('sha256', config.secret).update(`${name}:${value}`).digest('base64url').slice(0, 22);
      try {
        await withTimeout(shared.consume(key), REDIS_TIMEOUT_MS);
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return secondsUntil(error);
        warnRedisDown(error);
      }
      try {
        await local.consume(key);
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return secondsUntil(error);
        throw error;
      }
    };
  };
  const perIp = hourly('ip', config.signupLimitPerIp);
  const perAddress = hourly('address', config.signupLimitPerAddress);

  return {
    async check({ ip, email, honeypot, captcha }) {
      if (isFilled(honeypot)) return { kind: 'trapped' };
      // Before the limits: a refused answer spends nobody's budget, and costs us one hash.
      if (config.captcha === 'altcha') await verifyCaptcha({ config, redis, logger, sql }, captcha);
      const ipWait = perIp ? await perIp(ipBucket(ip)) : null;
      if (ipWait !== null) return { kind: 'limited', by: 'ip', retryAfterSeconds: ipWait };
      const addressWait = perAddress ? await perAddress(email) : null;
      if (addressWait !== null) return { kind: 'limited', by: 'address', retryAfterSeconds: addressWait };
      return { kind: 'allowed' };
    },
  };
}

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '' && value !== false;

const secondsUntil = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One IPv6 household or phone gets a whole /64 and can pick any address in it, so the budget is
 * per /64; an IPv4-mapped address (`::ffff:1.2.3.4`) is the IPv4 address it carries.
 */
export function ipBucket(ip: string): string {
  const address = ip.split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const groupsIn = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const [head = '', tail] = address.split('::');
  const left = groupsIn(head);
  const right = tail === undefined ? [] : groupsIn(tail);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
