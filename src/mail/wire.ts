import type { OutgoingEmail } from './mailer.js';

/**
 * An email as the JSON object Resend's API takes, already UTF-8 encoded, in pieces.
 *
 * Serialising a batch is most of what a worker does once rendering is cheap: the SDK would
 * JSON.stringify 100 emails of ~17 KB, then encode the string again for the socket. The
 * template's literal pieces are encoded once per compiled template and each email only adds
 * its few personal values, so the batch body is a concatenation of mostly shared buffers.
 * It is kept beside the email (not on it) so an OutgoingEmail stays a plain value.
 */
const encoded = new WeakMap<OutgoingEmail, Buffer[]>();

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The object the SDK itself sends for an email (its parseEmailToApiOptions, minus the fields
 * we never set): the pre-encoded body must be byte-identical to `JSON.stringify` of this, so
 * that a retry which takes the SDK's own path still matches the first attempt's idempotency key.
 */
export function apiJson(email: OutgoingEmail) {
  return { from: email.from, headers: email.headers, html: email.html, subject: email.subject, text: email.text, to: email.to };
}

/** JSON string contents (no quotes) of `value`, UTF-8 encoded. */
export function jsonStringContents(value: string): Buffer {
  return Buffer.from(JSON.stringify(value).slice(1, -1));
}

/** Records `email`'s encoded JSON, given its html and text as encoded string contents. */
export function attachEncodedJson(email: OutgoingEmail, html: Buffer[], text: Buffer[]): void {
  encoded.set(email, [
    shared(`{"from":${JSON.stringify(email.from)},"headers":`),
    Buffer.from(`${JSON.stringify(email.headers)},"html":"`),
    ...html,
    shared(`","subject":${JSON.stringify(email.subject)},"text":"`),
    ...text,
    Buffer.from(`","to":${JSON.stringify(email.to)}}`),
  ]);
}

// The sender and the subject are the same for every email of a batch: their pieces are encoded
// once. Bounded, since a subject is per template and a long-running worker sees new ones.
const sharedPieces = new Map<string, Buffer>();

function shared(piece: string): Buffer {
  let bytes = sharedPieces.get(piece);
  if (!bytes) {
    if (sharedPieces.size >= 256) sharedPieces.clear();
    sharedPieces.set(piece, (bytes = Buffer.from(piece)));
  }
  return bytes;
}

/** The batch request body, or null when any email was built without its encoded JSON. */
export function encodedBatchBody(emails: OutgoingEmail[]): Buffer | null {
  const parts: Buffer[] = [OPEN];
  let size = OPEN.length + CLOSE.length;
  for (const [i, email] of emails.entries()) {
    const pieces = encoded.get(email);
    if (!pieces) return null;
    if (i > 0) (parts.push(COMMA), (size += COMMA.length));
    for (const piece of pieces) (parts.push(piece), (size += piece.length));
  }
  parts.push(CLOSE);
  return Buffer.concat(parts, size);
}
