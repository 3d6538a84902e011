import { createHash, createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';

/**
 * The optional proof-of-work step on every signup (`CAPTCHA=altcha`): the browser fetches a
 * challenge from us, its widget works out the answer (a second or so of a phone's time, nothing
 * for one person, a real cost for a thousand signups), and the signup carries the answer in the
 * field `altcha`. Everything happens between the browser and this app: no third party is asked.
 */

/** The form field (and JSON field) the widget fills; altcha's own default. */
export const CAPTCHA_FIELD = 'altcha';

const ALGORITHM = 'PBKDF2/SHA-256';
/**
 * PBKDF2 rounds per try, and the range of tries the answer hides in. altcha's example (5,000
 * rounds, 5–10k tries) takes about 13 s on one core; this is about a tenth, so an old phone
 * still finishes while she types her name.
 */
const COST = 1000;
const COUNTER_MIN = 1000;
const COUNTER_MAX = 3000;
/** Long enough to read the page before signing up; the widget fetches a fresh one after it. */
export const CHALLENGE_TTL_MS = 20 * 60_000;
const REDIS_TIMEOUT_MS = 1000;

type CaptchaContext = Pick<AppContext, 'config' | 'redis' | 'logger' | 'sql'>;

/**
 * The HMAC keys that sign challenges, derived from SECRET for this one use: SECRET itself also
 * signs her subscribers' links, and a key that leaked from here must not forge those.
 */
function captchaKeys(secret: string) {
  const derive = (purpose: string) => createHmac('sha256', secret).update(`altcha:${purpose}`).digest('hex');
  return { hmacSignatureSecret: derive('challenge-signature'), hmacKeySignatureSecret: derive('key-signature') };
}

/**
 * A new signed challenge for the widget. Deterministic mode (a known counter, its key signed)
 * lets the check below verify an answer with one key derivation instead of a search.
 * Expiry is wall-clock time, not ctx.clock: altcha-lib checks it against Date.now().
 */
export async function createCaptchaChallenge({ config }: Pick<AppContext, 'config'>): Promise<Challenge> {
  return createChallenge({
    algorithm: ALGORITHM,
    cost: COST,
    counter: randomInt(COUNTER_MAX, COUNTER_MIN),
    deriveKey,
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
    ...captchaKeys(config.secret),
  });
}

const refused = (reason: 'missing' | 'invalid' | 'expired' | 'reused', message: string) => new AppError('captcha_failed', message, { reason });

/** The widget posts base64 JSON; a program may send the object itself. */
function parsePayload(value: unknown): Payload | null {
  let payload: unknown = value;
  if (typeof value === 'string') {
    try {
      payload = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    } catch {
      return null;
    }
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { challenge, solution } = payload as Partial<Payload>;
  if (typeof challenge?.parameters !== 'object' || challenge.parameters === null || typeof solution !== 'object' || solution === null) return null;
  return { challenge, solution };
}

/**
 * Checks a signup's answer, or throws `captcha_failed` (with reason `missing`, `invalid`,
 * `expired` or `reused`) and nothing else happens to the signup. An answer counts once: its
 * challenge's nonce is marked spent in Redis (SET NX) until the challenge would have expired
 * anyway, so a bot cannot solve one puzzle and replay it a thousand times.
 *
 * Without Redis the answer is marked spent in Postgres instead (captcha_spent), which every web
 * process shares, so it still counts once; the log says Redis is away.
 */
export async function verifyCaptcha({ config, redis, logger, sql }: CaptchaContext, value: unknown): Promise<void> {
  if (value === undefined || value === null || value === '') {
    throw refused('missing', 'Please let the “I’m not a robot” check finish before you send the form.');
  }
  const payload = parsePayload(value);
  if (!payload) throw refused('invalid', 'The “I’m not a robot” check did not come through. Please try the form again.');
  const result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, ...captchaKeys(config.secret) }).catch(() => null);
  if (result?.expired) throw refused('expired', 'The “I’m not a robot” check has expired. Please tick it again, then send the form.');
  if (!result?.verified) throw refused('invalid', 'The “I’m not a robot” check did not come through. Please try the form again.');

  const expiresAt = (payload.challenge.parameters.expiresAt ?? 0) * 1000;
  const ttlMs = Math.max(1000, Math.min(CHALLENGE_TTL_MS, expiresAt - Date.now()) + 1000);
  const nonce = createHash('sha256').update(payload.challenge.parameters.nonce).digest('base64url').slice(0, 22);
  let first: boolean;
  try {
    first = (await withTimeout(redis.set(`${config.queuePrefix}:captcha-spent:${nonce}`, '1', 'PX', ttlMs, 'NX'), REDIS_TIMEOUT_MS)) === 'OK';
  } catch (error) {
    logger.warn({ err: error }, 'the signup check cannot reach Redis to mark an answer spent; Postgres keeps it instead');
    first = await spendInPostgres(sql, nonce, ttlMs);
  }
  if (!first) throw refused('reused', 'That “I’m not a robot” check was already used. Please tick it again, then send the form.');
}

/**
 * True the first time any process marks this nonce while Redis is away. The nonces are random,
 * so a row is never wanted again once expired: the expired ones are cleared first.
 */
async function spendInPostgres(sql: AppContext['sql'], nonce: string, ttlMs: number): Promise<boolean> {
  await sql`delete from captcha_spent where expires_at < now()`;
  const taken = await sql`
    insert into captcha_spent (nonce, expires_at) values (${nonce}, now() + ${ttlMs} * interval '1 millisecond')
    on conflict (nonce) do nothing
    returning nonce`;
  return taken.length === 1;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
