/** One fully rendered email, as handed to a provider. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Where a reply goes (her `reply_to`); absent on confirmations, which ask for none. */
  replyTo?: string;
}

/** One email of an accepted batch that the provider would not create, at its place in the call. */
export interface Rejection {
  index: number;
  message: string;
}

export type SendResult =
  /**
   * The call was accepted. `messageIds` has one entry per email, in order, null where that
   * email is in `rejected` (Resend's permissive batch validation: an invalid email fails alone).
   */
  | { ok: true; messageIds: Array<string | null>; rejected: Rejection[] }
  /** The provider asked us to slow down; nothing was sent. */
  | { ok: false; kind: 'rate_limited'; retryAfterMs: number; message: string }
  /** 5xx, timeout or network: safe to retry with the same idempotency key. */
  | { ok: false; kind: 'transient'; message: string }
  /**
   * The idempotency key was used before with a different body. On a retry this means an
   * earlier attempt reached the provider (the batch's membership changed since, e.g. someone
   * unsubscribed), so those emails are already on their way.
   */
  | { ok: false; kind: 'conflict'; message: string }
  /** The provider rejected the request itself (validation): retrying cannot help. */
  | { ok: false; kind: 'permanent'; message: string };

/**
 * The one seam between the send path and the outside world. `idempotencyKey` is derived from
 * the batch (or delivery) in Postgres, so a retried call can never become a second email.
 */
export interface Mailer {
  readonly name: string;
  /** Most emails one call may carry (Resend's batch endpoint takes 100). */
  readonly maxBatchSize: number;
  send(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendResult>;
}

/**
 * What every Mailer checks first. More emails than it can carry is a bug in the caller (the
 * send path chunks by maxBatchSize), so it throws; an empty batch needs no provider call.
 */
export function emptyOrOversized(mailer: Pick<Mailer, 'name' | 'maxBatchSize'>, emails: OutgoingEmail[]): SendResult | null {
  if (emails.length > mailer.maxBatchSize) {
    throw new RangeError(`${mailer.name}: ${emails.length} emails exceed the batch limit of ${mailer.maxBatchSize}`);
  }
  return emails.length === 0 ? { ok: true, messageIds: [], rejected: [] } : null;
}
