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
    /** A number is `retryAfterSeconds`, as for `rate_limited`. */
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

  /** Whether this is the refusal `reason` of code `code`, for a face that words it. */
  is(code: ErrorCode, reason: string): boolean {
    return this.code === code && this.reason === reason;
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
