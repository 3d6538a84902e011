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

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate_limited`: the seconds to send as `retry-after`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message } };
  }
}
