import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The closed set of error codes a client can see. Each maps to one HTTP status here and
 * nowhere else; anything not in this set is an internal error that only the log sees.
 */
const STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  invalid_token: 400,
  unauthorized: 401,
  forbidden: 403,
  captcha_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;

/**
 * Why a use case refused, beyond its code: a short machine word (`repeat`, `time_past`) and the
 * facts a face needs to word it its own way. The message a use case writes is plain and speaks
 * to no one interface; the command line, the dashboard and the API each say the rest.
 */
export interface ErrorReason {
  reason?: string;
  details?: Record<string, string | number | boolean | null>;
  /** For `rate_limited`: the seconds to send as `retry-after`. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly reason: string | undefined;
  readonly details: ErrorReason['details'];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** A number is `retryAfterSeconds`, as for `rate_limited` and `unavailable`. */
    why?: number | ErrorReason,
  ) {
    super(message);
    this.name = 'AppError';
    const reason = typeof why === 'number' ? { retryAfterSeconds: why } : (why ?? {});
    this.reason = reason.reason;
    this.details = reason.details;
    this.retryAfterSeconds = reason.retryAfterSeconds;
  }

  static isCode(code: string): code is ErrorCode {
    return Object.hasOwn(STATUS, code);
  }


  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.reason ? { reason: this.reason } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/**
 * What postgres.js and the server say when the database cannot be reached or is going away, as
 * opposed to a query that is wrong: the socket's errors, postgres.js's own codes for a
 * connection that failed, closed or ended, and SQLSTATE classes 08 (connection exception) and
 * 57P (the server is shutting down, restarting or not up yet: `admin_shutdown`,
 * `crash_shutdown`, `cannot_connect_now`). A managed Postgres restarts for upgrades and
 * fail-overs; while it does, a request has nothing wrong with it and should be tried again.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', '57P02', '57P03',
]);

function isUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  // Drizzle wraps the driver's error as `cause`; a failed connect to several addresses is an AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isUnreachable(e, depth + 1))) return true;
  return isUnreachable(cause, depth + 1);
}

/** How long to ask a client to wait before trying again while the database is away. */
const UNAVAILABLE_RETRY_SECONDS = 10;

/**
 * The `unavailable` error a request gets when what it needed could not be reached (the
 * database restarting), or null when `error` is something else. The mapping of errors to
 * responses (http/app.ts) asks this before calling anything an internal error.
 */
export function unavailableError(error: unknown): AppError | null {
  if (!isUnreachable(error)) return null;
  return new AppError('unavailable', 'We can’t reach our database for a moment. Please try again in a minute.', UNAVAILABLE_RETRY_SECONDS);
}
