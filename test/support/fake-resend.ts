import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rejectedEmails, validate, validateBatchShape, type Rejection, type WireEmail } from './fake-resend-validation.js';
import { parseLeanJson } from './lean-json.js';

export interface FakeResendOptions {
  port?: number;
  /** Requests per sliding second before the fake answers 429, like a Resend team's rate limit. */
  rateLimitPerSecond?: number;
  /** Keep full html/text; off by default so a benchmark's millions of emails stay small. */
  keepBodies?: boolean;
  /**
   * Benchmark only: html and text are checked to be JSON strings but not decoded (see lean-json.ts),
   * which spares the fake most of its CPU on the cores it shares with the system under test. (A
   * header named html or text is skipped too, so it fails validation.) Ignored when keepBodies is true.
   */
  leanBodies?: boolean;
  /** Added before every send request is handled, like the round trip to a provider far away. */
  latencyMs?: number;
}

/**
 * One scripted answer, consumed by the next send request that passes auth and the rate limit (the
 * limiter stands in front, like a gateway). A status ≥ 300 replaces processing; `delayMs` alone slows it.
 */
export interface PlannedResponse {
  status?: number;
  delayMs?: number;
  /** Seconds, sent as `retry-after`; omitted when absent so clients' defaults get exercised. */
  retryAfter?: number;
  name?: string;
  message?: string;
}

export interface FakeEmail {
  id: string;
  to: string | string[];
  from: string;
  subject: string;
  headers: Record<string, string>;
  /** `reply_to` as sent (a string or a list, as Resend takes it); null when absent. */
  replyTo: string | string[] | null;
  /**
   * Characters with keepBodies, UTF-8 bytes without (the body was read as latin1); with leanBodies,
   * the length of the raw JSON string contents: UTF-8 bytes, escapes such as `\n` undecoded.
   */
  htmlLength: number;
  textLength: number;
  html?: string;
  text?: string;
  idempotencyKey: string | null;
  receivedAt: number;
}

export interface FakeRequest {
  path: string;
  status: number;
  /** Emails this request stored: none for a replay, and not a permissive batch's rejected ones. */
  emailCount: number;
  idempotencyKey: string | null;
  receivedAt: number;
}

export interface FakeStats {
  requests: number;
  /** Emails stored; an idempotent replay stores nothing. */
  accepted: number;
  /** Emails a permissive batch left out (its `errors`), while the rest of it was stored. */
  rejected: number;
  /** 429s served, scripted or from the rate limit. */
  rateLimited: number;
  /** Every other non-2xx answer. */
  errors: number;
  /** Emails whose (to, subject) was accepted before: the app never sends a lesson twice. */
  duplicates: number;
}

export interface FakeResend {
  url: string;
  port: number;
  stats(): FakeStats;
  emails(): FakeEmail[];
  requests(): FakeRequest[];
  behave(plan: PlannedResponse[]): void;
  /** Forgets everything, including requests still sleeping in a delay: they are dropped unanswered. */
  reset(): void;
  close(): Promise<void>;
}

const ERROR_NAMES: Record<number, string> = {
  401: 'missing_api_key',
  409: 'invalid_idempotent_request',
  422: 'validation_error',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
};

function freshState(rateLimit: number | undefined) {
  return {
    stats: { requests: 0, accepted: 0, rejected: 0, rateLimited: 0, errors: 0, duplicates: 0 },
    emails: [] as FakeEmail[],
    requests: [] as FakeRequest[],
    plan: [] as PlannedResponse[],
    seen: new Set<string>(),
    // A `null` response marks a request with that key still being processed.
    idempotency: new Map<string, { hash: string; response: string | null }>(),
    secondsToWait: rateLimit ? slidingWindow(rateLimit) : () => 0,
  };
}

/** Admits at most `limit` requests in any 1000 ms, in O(1): it keeps only the last `limit` admission times. */
function slidingWindow(limit: number): (now: number) => number {
  const admitted = new Float64Array(limit).fill(-Infinity);
  let oldest = 0;
  return (now) => {
    const wait = admitted[oldest]! + 1000 - now;
    if (wait > 0) return Math.ceil(wait / 1000);
    admitted[oldest] = now;
    oldest = (oldest + 1) % limit;
    return 0;
  };
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const { rateLimitPerSecond: limit, keepBodies = false, latencyMs = 0 } = options;
  const lean = Boolean(options.leanBodies) && !keepBodies;
  // Decoding ~1.3 MB of UTF-8 per batch was a fifth of the fake's CPU in the benchmark. JSON's
  // structure is ASCII, so a latin1 view parses to the same shape; the few fields kept without
  // bodies are re-decoded as UTF-8 when stored (see utf8 below). leanBodies reads the bytes.
  const latin1View = !keepBodies && !lean;
  const parseSend = (bytes: Buffer) =>
    lean ? parseLean(bytes) : parseJson(latin1View ? bytes.toString('latin1') : bytes.toString('utf8'));
  const receiveBuffers = bufferPool();
  let state = freshState(limit);
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });

  /** Text parsed from the latin1 view back to what was sent; a no-op when bodies were decoded as UTF-8. */
  const utf8 = (value: string) => (latin1View ? Buffer.from(value, 'latin1').toString('utf8') : value);

  async function handleSend(req: IncomingMessage, res: ServerResponse, path: string, bytes: Buffer, arrivedAt: number) {
    const s = state;
    const batch = path === '/emails/batch';
    // Node joins repeated non-standard headers into one string, so this is never an array.
    const key = req.headers['idempotency-key'] as string | undefined;
    const log: FakeRequest = { path, status: 0, emailCount: 0, idempotencyKey: key ?? null, receivedAt: arrivedAt };
    s.stats.requests++;
    s.requests.push(log);
    if (latencyMs > 0) {
      await sleep(latencyMs);
      if (s !== state) return res.destroy();
    }
    const answer = (status: number, body: string, headers?: Record<string, string>) => {
      log.status = status;
      if (status === 429) s.stats.rateLimited++;
      else if (status >= 300) s.stats.errors++;
      writeJson(res, status, body, headers);
    };
    const fail = (status: number, name: string, message: string, headers?: Record<string, string>) =>
      answer(status, JSON.stringify({ statusCode: status, name, message }), headers);

    if (!/^Bearer\s+\S/.test(req.headers.authorization ?? '')) {
      return fail(401, 'missing_api_key', 'Missing API key in the authorization header.');
    }
    const wait = s.secondsToWait(log.receivedAt);
    if (wait > 0) {
      const seconds = String(wait);
      const message = `Too many requests. You can only make ${limit} requests per second. See rate limit response headers for more information.`;
      const headers = { 'ratelimit-limit': String(limit), 'ratelimit-remaining': '0', 'ratelimit-reset': seconds };
      return fail(429, 'rate_limit_exceeded', message, { 'retry-after': seconds, ...headers });
    }
    const step = s.plan.shift();
    if (step?.status && step.status >= 300) {
      if (step.delayMs) await sleep(step.delayMs);
      if (s !== state) return res.destroy();
      const headers = step.retryAfter !== undefined ? { 'retry-after': String(step.retryAfter) } : undefined;
      const name = step.name ?? ERROR_NAMES[step.status] ?? 'application_error';
      return fail(step.status, name, step.message ?? `Scripted ${step.status}`, headers);
    }

    const body = parseSend(bytes);
    if (body === undefined) return fail(422, 'validation_error', 'The request body is not valid JSON.');
    let hash = '';
    if (key !== undefined) {
      if (key.length < 1 || key.length > 256) {
        return fail(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
      }
      // A fingerprint of the received bytes, not a cryptographic hash: keys only ever collide by
      // accident here, and CRC-32 over ~1.3 MB costs a fraction of SHA-1 in the benchmark. With
      // leanBodies, of what was parsed (every field, html and text by their lengths): CRC-32
      // of a whole batch was still a seventh of the fake's CPU.
      hash = `${path} ${bytes.length} ${crc32(lean ? JSON.stringify(body) : bytes)}`;
      const prior = s.idempotency.get(key);
      if (prior?.response === null) {
        const message = 'Same idempotency key used while original request is still in progress.';
        return fail(409, 'concurrent_idempotent_requests', message);
      }
      if (prior && prior.hash !== hash) {
        return fail(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
      }
      if (prior?.response) return answer(200, prior.response);
      s.idempotency.set(key, { hash, response: null });
    }

    if (step?.delayMs) await sleep(step.delayMs);
    if (s !== state) return res.destroy();
    // Resend reads this header on the batch endpoint only; without it (or with `strict`, which the
    // SDK sends by default) one invalid email fails the whole request.
    const permissive = batch && req.headers['x-batch-validation'] === 'permissive';
    const invalid = permissive ? validateBatchShape(body) : validate(body, batch);
    if (invalid !== null) {
      // Resend keeps only a finished send under its key, so a corrected retry may reuse it.
      if (key !== undefined) s.idempotency.delete(key);
      return fail(422, 'validation_error', invalid);
    }

    const emails = (batch ? body : [body]) as WireEmail[];
    // In ascending index order, so one pointer walks it beside the emails.
    const rejected: Rejection[] = permissive ? rejectedEmails(emails) : [];
    const ids: string[] = [];
    let nextRejected = 0;
    for (const [index, email] of emails.entries()) {
      if (rejected[nextRejected]?.index === index) {
        nextRejected++;
        continue;
      }
      const id = randomUUID();
      const pair = `${String(email.to)}\u0000${email.subject}`; // latin1 or UTF-8: consistent within a run
      if (s.seen.has(pair)) s.stats.duplicates++;
      else s.seen.add(pair);
      s.emails.push({
        id,
        to: Array.isArray(email.to) ? email.to.map(utf8) : utf8(email.to),
        from: utf8(email.from),
        subject: utf8(email.subject),
        headers: latin1View ? Object.fromEntries(Object.entries(email.headers ?? {}).map(([k, v]) => [k, utf8(v)])) : (email.headers ?? {}),
        replyTo: email.reply_to === undefined ? null : Array.isArray(email.reply_to) ? email.reply_to.map(utf8) : utf8(email.reply_to),
        htmlLength: email.html?.length ?? 0,
        textLength: email.text?.length ?? 0,
        // Never SkippedStrings: leanBodies is ignored with keepBodies.
        ...(keepBodies ? { html: email.html as string | undefined, text: email.text as string | undefined } : {}),
        idempotencyKey: key ?? null,
        receivedAt: log.receivedAt,
      });
      ids.push(id);
    }
    s.stats.accepted += ids.length;
    s.stats.rejected += rejected.length;
    log.emailCount = ids.length;
    // As Resend answers: `data` lists only the emails it created, in request order, without
    // gaps for the rejected ones; `errors` is there in permissive mode only, empty or not. A
    // batch whose every email is invalid is still a 200, with an empty `data`.
    const data = ids.map((id) => ({ id }));
    const response = JSON.stringify(batch ? (permissive ? { data, errors: rejected } : { data }) : { id: ids[0] });
    if (key !== undefined) s.idempotency.set(key, { hash, response });
    answer(200, response);
  }

  function handleControl(req: IncomingMessage, res: ServerResponse, path: string, raw: string) {
    const route = `${req.method} ${path}`;
    if (route === 'GET /_fake/stats') return writeJson(res, 200, JSON.stringify(state.stats));
    if (route === 'GET /_fake/emails') return writeJson(res, 200, JSON.stringify(state.emails));
    if (route === 'GET /_fake/requests') return writeJson(res, 200, JSON.stringify(state.requests));
    if (route === 'POST /_fake/reset') return fake.reset(), writeJson(res, 200, '{"ok":true}');
    const plan = parseJson(raw);
    if (route === 'POST /_fake/behave' && Array.isArray(plan)) {
      fake.behave(plan as PlannedResponse[]);
      return writeJson(res, 200, JSON.stringify({ queued: state.plan.length }));
    }
    writeJson(res, 404, JSON.stringify({ statusCode: 404, name: 'not_found', message: `No control route ${route}` }));
  }

  const server = createServer((req, res) => {
    // A gateway's rate limiter counts a request when it arrives, not once its body is in: a
    // 1.3 MB batch takes a varying while to stream in on a busy machine, which is not the client's pacing.
    const arrivedAt = Date.now();
    const body = receiveBuffers.take(Number(req.headers['content-length']) || 0);
    req.on('data', (chunk: Buffer) => body.append(chunk));
    req.on('end', () => {
      const bytes = body.bytes();
      const path = (req.url ?? '/').split('?', 1)[0]!;
      if (path.startsWith('/_fake/')) return handleControl(req, res, path, bytes.toString('utf8')), body.release();
      if (req.method === 'POST' && (path === '/emails' || path === '/emails/batch')) {
        return void handleSend(req, res, path, bytes, arrivedAt)
          .catch((err: unknown) => {
            writeJson(res, 500, JSON.stringify({ statusCode: 500, name: 'internal_server_error', message: String(err) }));
          })
          .finally(() => body.release());
      }
      body.release();
      writeJson(res, 404, JSON.stringify({ statusCode: 404, name: 'not_found', message: 'Unknown endpoint.' }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const fake: FakeResend = {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ ...state.stats }),
    emails: () => state.emails.slice(),
    requests: () => state.requests.slice(),
    behave: (plan) => void state.plan.push(...plan),
    reset: () => void (state = freshState(limit)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Keep-alive sockets from fetch's pool would otherwise hold `close` open for seconds.
        server.closeAllConnections();
      }),
  };
  return fake;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

const BODY_KEYS: ReadonlySet<string> = new Set(['html', 'text']);

/** Like parseJson, but html and text strings come back as SkippedStrings, undecoded. */
function parseLean(raw: Buffer): unknown {
  try {
    return parseLeanJson(raw, BODY_KEYS);
  } catch {
    return undefined;
  }
}

function writeJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>) {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * Request bodies are copied into buffers that are reused rather than concatenated afresh: a new
 * ~1.3 MB buffer per batch is fresh memory, and page faults on it were a fifth of the fake's
 * CPU in the benchmark. A buffer is released once its request has been answered; nothing stored
 * keeps a reference into it (every kept value is decoded into a string of its own).
 */
function bufferPool() {
  const free: Buffer[] = [];
  return {
    take(expected: number) {
      let buffer = free.pop() ?? Buffer.allocUnsafe(Math.max(expected, 64 * 1024));
      let length = 0;
      return {
        append(chunk: Buffer) {
          if (length + chunk.length > buffer.length) {
            const bigger = Buffer.allocUnsafe(Math.max(2 * buffer.length, length + chunk.length));
            buffer.copy(bigger, 0, 0, length);
            buffer = bigger;
          }
          length += chunk.copy(buffer, length);
        },
        bytes: () => buffer.subarray(0, length),
        release() {
          if (free.length < 16) free.push(buffer);
        },
      };
    },
  };
}
