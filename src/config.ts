import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** `5s`, `1500ms`, `2m`, `1h` → milliseconds. */
export function parseDuration(value: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!match) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

const optionalText = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v ? v : undefined));

const duration = (name: string) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ms = parseDuration(v);
    if (ms === null || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `${name} must look like 5s, 1500ms, 2m or 1h` });
      return z.NEVER;
    }
    return ms;
  });

/**
 * `TRUST_PROXY`: how many proxies of ours stand in front of the app. `true`/`yes`/`on` is one
 * (the usual load balancer); a number says how many; unset, empty, `false`, `0` is none.
 */
const trustProxy = optionalText.transform((v, ctx) => {
  if (v === undefined) return 0;
  const word = v.toLowerCase();
  if (['false', 'no', 'off', '0'].includes(word)) return 0;
  if (['true', 'yes', 'on'].includes(word)) return 1;
  if (/^[1-9]\d?$/.test(word)) return Number(word);
  ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY must be true, false, or the number of proxies in front of the app' });
  return z.NEVER;
});

/** `TRACKING`: open and click counting, `on` or `off`; unset or empty is off. */
const tracking = optionalText.transform((v, ctx) => {
  if (v === undefined) return false;
  const word = v.toLowerCase();
  if (word === 'on' || word === 'off') return word === 'on';
  ctx.addIssue({ code: 'custom', message: 'TRACKING must be on or off (off when unset)' });
  return z.NEVER;
});

/** `CAPTCHA`: a proof-of-work step on every signup, `altcha` or `off`; unset or empty is off. */
const captcha = optionalText.transform((v, ctx) => {
  if (v === undefined || v.toLowerCase() === 'off') return null;
  if (v.toLowerCase() === 'altcha') return 'altcha' as const;
  ctx.addIssue({ code: 'custom', message: `CAPTCHA must be altcha or off (off when unset), not "${v.slice(0, 40)}"` });
  return z.NEVER;
});

/** Signups per hour; `0` turns the limit off. */
const signupLimit = (name: string, fallback: number) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^\d{1,7}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a whole number of signups per hour (0 turns it off)` });
      return z.NEVER;
    }
    return Number(v);
  });

/**
 * A rough count of the bits in a secret, from how often each character occurs (Shannon). It
 * cannot tell a random string from a clever pattern, but it catches what people actually type
 * when asked for a secret: `aaaa…`, `changeme` repeated, a word and a number.
 */
function looksRandomEnough(value: string): boolean {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / value.length);
  // 24 random hex digits (the least an ADMIN_TOKEN may be) score 61 or more nearly always.
  return counts.size >= 8 && bits >= 56;
}

/** What `npm start` accepts on a development machine when ADMIN_PASSWORD is not set (README). */
export const DEV_ADMIN_PASSWORD = 'gentle-dev-password';

/** The largest scrypt cost a stored hash may ask for: N = 2^20 takes 1 GiB of memory per check. */
const MAX_SCRYPT_N = 2 ** 17;

/**
 * What is wrong with an ADMIN_PASSWORD given as a stored `scrypt$N$salt$hash`, or null when a
 * login can use it: a power-of-two N in the range scrypt runs within its memory limit, and a
 * salt and hash of usable length. Checked by shape alone; nothing is hashed here.
 */
export function passwordHashProblem(value: string): string | null {
  const parts = value.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return 'it should have four parts: scrypt$N$salt$hash';
  const [, n, salt, hash] = parts as [string, string, string, string];
  if (!/^\d{1,7}$/.test(n)) return 'its N (the part after scrypt$) should be a number such as 16384';
  const cost = Number(n);
  if (cost < 1024 || cost > MAX_SCRYPT_N || (cost & (cost - 1)) !== 0) return `its N should be a power of two from 1024 to ${MAX_SCRYPT_N}, not ${n}`;
  if (!/^[A-Za-z0-9_-]{16,}$/.test(salt)) return 'its salt should be at least 16 base64url characters';
  if (!/^[A-Za-z0-9_-]{43,}$/.test(hash) || Buffer.from(hash, 'base64url').length < 32) return 'its hash should be at least 32 bytes in base64url (43 characters)';
  return null;
}

const secretText = (name: string, minLength: number) =>
  optionalText.pipe(
    z
      .string()
      .min(minLength, `${name} must be at least ${minLength} characters`)
      .refine(looksRandomEnough, `${name} has too little variety to be a secret (a few characters repeated): use a random value, e.g. the output of  openssl rand -base64 32`)
      .optional(),
  );

/**
 * What is wrong with one entry of a list of website origins (EMBED_ORIGINS, and the same list on
 * her dashboard), or null: it must be an http(s) origin written exactly as browsers send it in
 * `Origin` (`https://www.her-practice.com`), since that header is compared as it stands. `*`
 * is refused: it would let any website put her form on its pages and post to it.
 */
export function originProblem(entry: string): string | null {
  if (entry === '*') return '"*" would let every website in; list the site’s own address instead, like https://www.her-practice.com';
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `"${entry}" is not a web address; write it like https://www.her-practice.com`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${entry}" must start with https:// (or http://)`;
  if (url.origin !== entry) return `"${entry}" should be the site's address alone, written ${url.origin}`;
  return null;
}

/** A comma- (or line-) separated list of origins: the entries, and what is wrong with each bad one. */
export function parseOriginList(text: string): { origins: string[]; problems: string[] } {
  const entries = text
    .split(/[,\s]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const problems = entries.map(originProblem).filter((p): p is string => p !== null);
  return { origins: [...new Set(entries.filter((e) => originProblem(e) === null))], problems };
}

/** `EMBED_ORIGINS`: her website's origins, which may frame, post and fetch the signup form. */
const embedOrigins = optionalText.transform((v, ctx) => {
  const { origins, problems } = parseOriginList(v ?? '');
  for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem });
  return problems.length > 0 ? z.NEVER : origins;
});

/** `HOST`: the address to listen on; any IP address or `localhost`. */
const host = optionalText.pipe(
  z
    .string()
    .refine((v) => v === 'localhost' || isIP(v) !== 0, 'HOST must be an IP address to listen on, like 127.0.0.1 (this machine only) or 0.0.0.0 (every network)')
    .optional(),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: host,
  APP_URL: optionalText.pipe(z.url().optional()),
  SEND_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  COURSE_INTERVAL: duration('COURSE_INTERVAL'),
  DATABASE_URL: optionalText,
  REDIS_URL: optionalText,
  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: optionalText.pipe(z.url().optional()),
  RESEND_RATE_LIMIT: z.coerce.number().positive().default(2),
  RESEND_TIMEOUT: duration('RESEND_TIMEOUT'),
  EMAIL_FROM: optionalText,
  POSTAL_ADDRESS: optionalText,
  MAIN_COURSE: optionalText,
  SECRET: secretText('SECRET', 32),
  DATA_DIR: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RECONCILE_INTERVAL: duration('RECONCILE_INTERVAL'),
  SEND_LEASE: duration('SEND_LEASE'),
  ADMIN_TOKEN: secretText('ADMIN_TOKEN', 24),
  RESEND_WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'RESEND_WEBHOOK_SECRET is the signing secret Resend shows for the webhook, starting with whsec_').optional(),
  ),
  ADMIN_PASSWORD: optionalText.pipe(
    z
      .string()
      .superRefine((v, ctx) => {
        if (!v.startsWith('scrypt$')) {
          if (v.length < 12) ctx.addIssue({ code: 'custom', message: 'ADMIN_PASSWORD must be at least 12 characters (or a scrypt$… hash of one)' });
          return;
        }
        // A hash that cannot be used would let the app start and then answer every login with a 500.
        const problem = passwordHashProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: `ADMIN_PASSWORD looks like a scrypt$… hash, but ${problem}` });
      })
      .optional(),
  ),
  QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'QUEUE_PREFIX may hold letters, digits, - and _').default('rmg'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  SIGNUP_LIMIT_PER_IP: signupLimit('SIGNUP_LIMIT_PER_IP', 20),
  SIGNUP_LIMIT_PER_ADDRESS: signupLimit('SIGNUP_LIMIT_PER_ADDRESS', 5),
  TRUST_PROXY: trustProxy,
  TRACKING: tracking,
  CAPTCHA: captcha,
  EMBED_ORIGINS: embedOrigins,
  // /metrics: a bearer token for scrapers that are not on this machine, and a worker's own port.
  METRICS_TOKEN: secretText('METRICS_TOKEN', 24),
  METRICS_PORT: z.coerce.number().int().min(1, 'METRICS_PORT must be a port number (1–65535)').max(65535).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** The address the web server listens on: loopback in development, every network in production. */
  host: string;
  appUrl: string;
  sendHour: number;
  /** When set, lessons follow each other by this many ms instead of daily at `sendHour`. */
  courseIntervalMs: number | null;
  databaseUrl: string | null;
  redisUrl: string | null;
  resendApiKey: string | null;
  resendBaseUrl: string | null;
  /** Provider requests per second, shared by every worker through BullMQ's global limiter. */
  resendRateLimit: number;
  /** How long one provider call may take before it counts as a transient failure (and is retried). */
  resendTimeoutMs: number;
  emailFrom: string;
  postalAddress: string;
  /** Where consultation links point when emails/author.md leaves consultation_url empty. */
  consultationUrl: string;
  /** The course `/` shows (a folder name under emails/courses/); the first course when null. */
  mainCourse: string | null;
  secret: string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  reconcileIntervalMs: number;
  /** How long a worker holds a batch; after a crash the batch is picked up again once it lapses. */
  sendLeaseMs: number;
  /** Redis key prefix for the queues, so several deployments can share one Redis. */
  queuePrefix: string;
  workerConcurrency: number;
  /** Bearer token for /api/admin/*; without it the admin API is off (but for local commands). */
  adminToken: string | null;
  /** Verifies POST /webhooks/resend; without it the route does not exist. */
  resendWebhookSecret: string | null;
  /**
   * The dashboard's password (/admin), as given (a password or a `scrypt$…` hash of one); logins
   * check its scrypt hash (access/password.ts, made on first use). In development on a machine
   * of its own (see `notLocalBecause`) without ADMIN_PASSWORD it is DEV_ADMIN_PASSWORD;
   * elsewhere without it the dashboard is off.
   */
  adminPassword: string | null;
  /** ADMIN_PASSWORD was not set, so the development default is in use (start-up says so). */
  adminPasswordIsDefault: boolean;
  /**
   * The dev mailbox's pages (/dev/*), which list every confirm, unsubscribe and preference token:
   * only outside production when mail stays on this machine and so does the app (see
   * `notLocalBecause`). Mail still goes to the dev mailbox's table whenever RESEND_API_KEY is unset.
   */
  devMailbox: boolean;
  /**
   * Why the development conveniences (the published password, the dev mailbox's pages) are off
   * although this is not production, for the start-up warning; empty when they are on or when
   * this is production.
   */
  notLocalBecause: string[];
  /** Signups per hour from one client IP (an IPv6 /64); 0 is no limit. */
  signupLimitPerIp: number;
  /** Signups per hour for one email address, whoever sends them; 0 is no limit. */
  signupLimitPerAddress: number;
  /**
   * How many proxies of ours add themselves to X-Forwarded-For. 0: the header is ignored and
   * the socket's address counts, because any client can write the header.
   */
  trustProxyHops: number;
  /**
   * Counts opens and clicks, per lesson and broadcast, from Resend's webhooks (`TRACKING=on`).
   * Off by default: Apple Mail Privacy Protection makes opens unreliable, and a course needs no
   * more than its delivery figures.
   */
  tracking: boolean;
  /**
   * A proof-of-work puzzle the signup forms solve in the browser before a signup counts
   * (`CAPTCHA=altcha`, subscribers/captcha.ts); null is off, the default.
   */
  captcha: 'altcha' | null;
  /** Bearer token that opens /metrics to scrapers elsewhere; without it, only loopback may read it. */
  metricsToken: string | null;
  /** A worker serves its own /metrics on this port (web processes use PORT); off when null. */
  metricsPort: number | null;
  /**
   * Her website's origins (EMBED_ORIGINS), which may frame /embed/<course>, post /subscribe and
   * call /api/subscribers from a browser; a list saved on her dashboard replaces it.
   */
  embedOrigins: string[];
}

export class ConfigError extends Error {}

const PRODUCTION_REQUIRED = ['SECRET', 'RESEND_API_KEY', 'APP_URL', 'EMAIL_FROM', 'POSTAL_ADDRESS'] as const;

/**
 * Parses the environment once, at start-up. Every failure names the variable, because the
 * person reading it is deploying at midnight and needs to know which line to fix.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production') {
    const missing = PRODUCTION_REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new ConfigError(`Missing required configuration in production: ${missing.join(', ')}`);
    }
  }
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const port = env.PORT;
  const appUrl = (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const listenHost = env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  const secret = env.SECRET ?? devSecret(dataDir);
  // The published password and the token-listing mailbox are safe only where nobody else can
  // reach them. A key or a public APP_URL says the app is meant to be reached (the README's
  // Resend example once ran in development with both), and a non-loopback HOST says it can be.
  const notLocalBecause =
    env.NODE_ENV === 'production'
      ? []
      : [
          env.RESEND_API_KEY ? 'RESEND_API_KEY is set' : null,
          isLoopbackHost(new URL(appUrl).hostname) ? null : `APP_URL (${new URL(appUrl).host}) is not this machine`,
          isLoopbackHost(listenHost) ? null : `HOST (${listenHost}) is not loopback`,
        ].filter((reason): reason is string => reason !== null);
  const localOnly = env.NODE_ENV !== 'production' && notLocalBecause.length === 0;
  const defaultPassword = !env.ADMIN_PASSWORD && env.NODE_ENV === 'development' && localOnly;
  return {
    env: env.NODE_ENV,
    port,
    host: listenHost,
    appUrl,
    sendHour: env.SEND_HOUR,
    courseIntervalMs: env.COURSE_INTERVAL ?? null,
    databaseUrl: env.DATABASE_URL ?? null,
    redisUrl: env.REDIS_URL ?? null,
    resendApiKey: env.RESEND_API_KEY ?? null,
    resendBaseUrl: env.RESEND_BASE_URL ?? null,
    resendRateLimit: env.RESEND_RATE_LIMIT,
    resendTimeoutMs: env.RESEND_TIMEOUT ?? 15_000,
    emailFrom: env.EMAIL_FROM ?? 'Releasing Mom Guilt <hello@localhost>',
    postalAddress: env.POSTAL_ADDRESS ?? '123 Example Street, Suite 4, Springfield, USA',
    consultationUrl: `${(env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, '')}/#consultation`,
    mainCourse: env.MAIN_COURSE ?? null,
    secret,
    dataDir,
    logLevel: env.LOG_LEVEL,
    // With a demo interval of a few seconds, a 5 s tick would set the pace instead of it.
    reconcileIntervalMs:
      env.RECONCILE_INTERVAL ?? (env.COURSE_INTERVAL ? Math.max(250, Math.min(5_000, Math.round(env.COURSE_INTERVAL / 3))) : 5_000),
    sendLeaseMs: env.SEND_LEASE ?? 60_000,
    queuePrefix: env.QUEUE_PREFIX,
    workerConcurrency: env.WORKER_CONCURRENCY,
    adminToken: env.ADMIN_TOKEN ?? null,
    adminPassword: env.ADMIN_PASSWORD ?? (defaultPassword ? DEV_ADMIN_PASSWORD : null),
    adminPasswordIsDefault: defaultPassword,
    resendWebhookSecret: env.RESEND_WEBHOOK_SECRET ?? null,
    devMailbox: localOnly,
    notLocalBecause,
    signupLimitPerIp: env.SIGNUP_LIMIT_PER_IP,
    signupLimitPerAddress: env.SIGNUP_LIMIT_PER_ADDRESS,
    trustProxyHops: env.TRUST_PROXY,
    tracking: env.TRACKING,
    captcha: env.CAPTCHA,
    metricsToken: env.METRICS_TOKEN ?? null,
    metricsPort: env.METRICS_PORT ?? null,
    embedOrigins: env.EMBED_ORIGINS,
  };
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (bracketed as in a URL, or not). */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '::1' || name === '::ffff:127.0.0.1';
}

/** In development a secret is generated once and kept, so links in old emails keep working. */
function devSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
