import type { OutgoingEmail } from './mailer.js';

/**
 * An email as the JSON object Resend's API takes, already UTF-8 encoded, in pieces.
 *
 * Serialising a batch is most of what a worker does once rendering is cheap: the SDK would
 * JSON.stringify 100 emails of ~13 KB, then encode the string again for the socket. The
 * template's literal pieces are encoded once per compiled template and each email only adds
 * its few personal values, so the batch body is a concatenation of mostly shared buffers.
 * It is kept beside the email (not on it) so an OutgoingEmail stays a plain value.
 */
const encoded = new WeakMap<OutgoingEmail, Piece[]>();

/**
 * Part of an encoded email: bytes shared by many emails (a template's literal text, encoded once),
 * or a short string of this email's own (already JSON-escaped), written straight into the body.
 * Encoding each personal value into a Buffer of its own was most of what a batch allocated.
 */
export type Piece = Buffer | string;

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** JSON string contents (no quotes) of `value`. */
export function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** JSON string contents (no quotes) of `value`, UTF-8 encoded. */
export function jsonStringContents(value: string): Buffer {
  return Buffer.from(jsonEscaped(value));
}

/** Records `email`'s encoded JSON, given its html and text as JSON string contents. */
export function attachEncodedJson(email: OutgoingEmail, html: Piece[], text: Piece[]): void {
  encoded.set(email, [
    shared(`{"from":${JSON.stringify(email.from)},"headers":`),
    `${JSON.stringify(email.headers)},"html":"`,
    ...html,
    // Keys in the order the SDK's own serialisation writes them (reply_to between html and
    // subject), so a pre-encoded batch is byte-identical to the SDK's; shared by the batch.
    shared(`"${email.replyTo === undefined ? '' : `,"reply_to":${JSON.stringify(email.replyTo)}`},"subject":${JSON.stringify(email.subject)},"text":"`),
    ...text,
    `","to":${JSON.stringify(email.to)}}`,
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
  const each: Piece[][] = [];
  let size = OPEN.length + CLOSE.length + COMMA.length * Math.max(0, emails.length - 1);
  for (const email of emails) {
    const pieces = encoded.get(email);
    if (!pieces) return null;
    for (const piece of pieces) size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    each.push(pieces);
  }
  const body = Buffer.allocUnsafe(size);
  body.set(OPEN, 0);
  let offset = OPEN.length;
  each.forEach((pieces, i) => {
    if (i > 0) (body.set(COMMA, offset), (offset += COMMA.length));
    for (const piece of pieces) {
      if (typeof piece === 'string') offset += body.write(piece, offset);
      else (body.set(piece, offset), (offset += piece.length));
    }
  });
  body.set(CLOSE, offset);
  return body;
}
