import { Resend, type CreateBatchRequestOptions, type CreateEmailOptions, type ErrorResponse } from 'resend';
import { emptyOrOversized, type Mailer, type OutgoingEmail, type Rejection, type SendResult } from './mailer.js';
import { createPacer } from './pacing.js';
import { encodedBatchBody } from './wire.js';

export interface ResendMailerOptions {
  apiKey: string;
  /** The fake in tests and benchmarks; Resend's own API otherwise. */
  baseUrl?: string;
  timeoutMs?: number;
  /** RESEND_RATE_LIMIT: when set, this process's requests are spaced evenly at that rate. */
  requestsPerSecond?: number;
  /** Hears every provider call's result and how long it took from request to answer (metrics). */
  onCall?: (result: SendResult, seconds: number) => void;
}

const RESEND_API_URL = 'https://api.resend.com';
const RESEND_MAX_BATCH = 100;
// Resend documents `retry-after` on every 429, but a proxy in between may strip it.
const DEFAULT_RETRY_AFTER_MS = 1000;
const QUOTA_RETRY_AFTER_MS = 60 * 60 * 1000;

export function createResendMailer({
  apiKey,
  baseUrl = RESEND_API_URL,
  timeoutMs = 15_000,
  requestsPerSecond,
  onCall,
}: ResendMailerOptions): Mailer {
  // With an empty key the SDK quietly reads process.env.RESEND_API_KEY, and without a baseUrl it
  // reads RESEND_BASE_URL: config is parsed once elsewhere, so neither fallback may kick in.
  if (!apiKey) throw new Error('createResendMailer: apiKey is empty');
  // The SDK concatenates `${baseUrl}${path}`; a trailing slash would request `//emails`.
  const resend = new Resend(apiKey, { baseUrl: baseUrl.replace(/\/+$/, '') });
  const pacer = requestsPerSecond ? createPacer(requestsPerSecond) : null;

  const mailer: Mailer = {
    name: 'resend',
    maxBatchSize: RESEND_MAX_BATCH,
    send(emails, idempotencyKey) {
      const trivial = emptyOrOversized(mailer, emails);
      if (trivial) return Promise.resolve(trivial);
      if (pacer) return pacer.acquire().then(() => timed(emails, idempotencyKey));
      return timed(emails, idempotencyKey);
    },
  };

  // Timed from after the pacer's wait: the latency is the provider's, not our own spacing.
  function timed(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult> {
    if (!onCall) return start(emails, idempotencyKey);
    const started = performance.now();
    return start(emails, idempotencyKey).then((result) => {
      onCall(result, (performance.now() - started) / 1000);
      return result;
    });
  }

  function start(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult> {
    // The SDK spreads request options into fetch(), so the signal aborts the socket itself.
    // `redirect: 'error'`: Resend's API does not redirect, and fetch only re-sends a body it
    // kept a copy of. Under the default ('follow') undici tees every request body to have
    // that copy: a second ~1.3 MB buffer per batch, and a tenth of a worker's CPU in copying
    // and garbage collection. A redirect now fails the request, which is retried as transient.
    const signal = AbortSignal.timeout(timeoutMs);
    const request = { idempotencyKey, signal, redirect: 'error' as const };
    const outcome = { signal, timedOut: { ok: false, kind: 'transient', message: `Resend did not answer within ${timeoutMs}ms` } as const };
    // The request is built and started here, synchronously, and only its promise is awaited:
    // while the provider answers (most of a batch's life) nothing holds on to the 100 emails,
    // so the garbage collector frees them young instead of promoting them to the old space.
    try {
      if (emails.length === 1) return settle(resend.emails.send(toPayload(emails[0]!), request), (data) => ({ ids: [data.id] }), 1, outcome);
      return settle(sendBatch(resend, emails, request), (data) => ({ ids: data.data.map((entry) => entry.id), errors: data.errors }), emails.length, outcome);
    } catch (error) {
      return Promise.resolve(failed(error, outcome));
    }
  }
  return mailer;
}

interface Outcome {
  signal: AbortSignal;
  timedOut: SendResult;
}

/** What both SDK calls resolve to: the data, or the provider's error with the response headers. */
type SdkResponse<T> = { data: T; error: null } | { data: null; error: ErrorResponse; headers: Record<string, string> | null };

/** An accepted call's answer: the ids of the emails created, and (permissive batch) the ones that were not. */
interface Accepted {
  ids: string[];
  errors?: Rejection[];
}

/** Awaits a provider call and maps its answer; `read` takes the ids and rejections out of the data. */
async function settle<T>(call: Promise<SdkResponse<T>>, read: (data: T) => Accepted, count: number, outcome: Outcome): Promise<SendResult> {
  try {
    const result = await call;
    if (result.error) return outcome.signal.aborted && result.error.statusCode === null ? outcome.timedOut : classify(result);
    return placed(read(result.data), count);
  } catch (error) {
    return failed(error, outcome);
  }
}

/**
 * Puts each id at its email's place. In permissive mode Resend's `data` lists only the emails it
 * created, in request order, with no gap for a rejected one; `errors` names those by their index
 * in the request. So the ids fill, in order, the places that no error names.
 */
function placed({ ids, errors = [] }: Accepted, count: number): SendResult {
  const rejectedAt = new Map<number, string>();
  for (const { index, message } of errors) {
    if (!Number.isInteger(index) || index < 0 || index >= count || rejectedAt.has(index)) return unplaceable(ids, errors, count);
    rejectedAt.set(index, message || 'rejected by Resend without a message');
  }
  if (ids.length + rejectedAt.size !== count) return unplaceable(ids, errors, count);
  if (rejectedAt.size === 0) return { ok: true, messageIds: ids, rejected: [] };
  const messageIds: Array<string | null> = [];
  let next = 0;
  for (let index = 0; index < count; index++) messageIds.push(rejectedAt.has(index) ? null : ids[next++]!);
  const rejected = [...rejectedAt].sort(([a], [b]) => a - b).map(([index, message]) => ({ index, message }));
  return { ok: true, messageIds, rejected };
}

function unplaceable(ids: string[], errors: Rejection[], count: number): SendResult {
  // Emails may have gone out; a retry under the same key would only replay this answer.
  return { ok: false, kind: 'permanent', message: `Resend returned ${ids.length} ids and ${errors.length} errors for ${count} emails` };
}

/** fetchRequest swallows fetch failures today; this guards against a future SDK that throws. */
function failed(error: unknown, outcome: Outcome): SendResult {
  if (outcome.signal.aborted) return outcome.timedOut;
  return { ok: false, kind: 'transient', message: `Resend request failed: ${String(error)}` };
}

/**
 * The batch call, through the SDK either way (its auth, base URL, idempotency and batch
 * validation headers, error parsing). Validation is permissive: an email Resend will not create
 * (an invalid address) comes back in `errors` and fails alone, where strict mode, the SDK's
 * default, would fail the other 99 with it. When the emails came with their JSON pre-encoded
 * (wire.ts), that body is handed to the SDK's request options, which it spreads over its own
 * `JSON.stringify` of the payload; the payload is then empty, so nothing is serialised twice.
 * The bytes are identical either way, which test/mail/resend-mailer.test.ts pins: if an SDK
 * upgrade stopped honouring the body, the fake would see an empty batch and that test fails.
 */
function sendBatch(resend: Resend, emails: OutgoingEmail[], options: Omit<CreateBatchRequestOptions, 'batchValidation'>) {
  const permissive = { ...options, batchValidation: 'permissive' } as const;
  const body = encodedBatchBody(emails);
  if (!body) return resend.batch.send(emails.map(toPayload), permissive);
  return resend.batch.send([], { ...permissive, body } as typeof permissive);
}

function toPayload(email: OutgoingEmail): CreateEmailOptions {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
    replyTo: email.replyTo,
  };
}

function classify({ error, headers }: { error: ErrorResponse; headers: Record<string, string> | null }): SendResult {
  // `error` is the provider's JSON body as-is, so `statusCode` is whatever the body says; a JSON
  // error without it (a proxy, a gateway) arrives as undefined, which we cannot call permanent.
  const status: unknown = error.statusCode;
  const message = error.message || `Resend error ${String(status)} ${error.name}`;
  if (status === 429) {
    // A spent daily or monthly quota is also a 429, usually without retry-after; retrying it
    // every second would only burn requests, so wait an hour unless told otherwise.
    const quota = error.name === 'daily_quota_exceeded' || error.name === 'monthly_quota_exceeded';
    const fallback = quota ? QUOTA_RETRY_AFTER_MS : DEFAULT_RETRY_AFTER_MS;
    return { ok: false, kind: 'rate_limited', retryAfterMs: retryAfterMs(headers?.['retry-after'], fallback), message };
  }
  if (error.name === 'invalid_idempotent_request') return { ok: false, kind: 'conflict', message };
  // A concurrent request under the same key is still running: the retry will replay its answer.
  if (typeof status !== 'number' || status >= 500 || error.name === 'concurrent_idempotent_requests') {
    return { ok: false, kind: 'transient', message };
  }
  return { ok: false, kind: 'permanent', message };
}

/** `retry-after` is delta-seconds from Resend, but RFC 9110 also allows an HTTP date. */
function retryAfterMs(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? fallback : Math.max(0, at - Date.now());
}
