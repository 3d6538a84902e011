import type { FakeEmail } from './fake-resend.js';
import { SkippedString } from './lean-json.js';

/**
 * The request validation of the fake Resend API: the checks Resend makes on an email before
 * accepting it, with its wording, so a client's error handling meets realistic messages.
 */
const MAX_BATCH = 100;
const MAX_RECIPIENTS = 50;
const ADDRESS_FORMAT = 'needs to follow the `email@example.com` or `Name <email@example.com>` format';

/** An email as parsed; html and text are SkippedStrings when the fake runs with leanBodies. */
export type WireEmail = Pick<FakeEmail, 'from' | 'to' | 'subject'> & {
  html?: string | SkippedString;
  text?: string | SkippedString;
  headers?: Record<string, string>;
  reply_to?: string | string[];
};

/** One email a permissive batch left out, as Resend lists it in `errors`. */
export interface Rejection {
  index: number;
  message: string;
}

/** Strict mode (Resend's default): the first problem anywhere fails the whole request. */
export function validate(body: unknown, batch: boolean): string | null {
  if (!batch) return validateEmail(body, '');
  const shape = validateBatchShape(body);
  if (shape !== null) return shape;
  const emails = body as unknown[];
  for (let i = 0; i < emails.length; i++) {
    const problem = validateEmail(emails[i], `emails[${i}]: `);
    if (problem) return problem;
  }
  return null;
}

/** What fails a batch in either mode: it is not a list of 1 to 100 emails. */
export function validateBatchShape(body: unknown): string | null {
  if (!Array.isArray(body)) return 'The batch body must be an array of emails.';
  if (body.length === 0) return 'The batch must contain at least one email.';
  if (body.length > MAX_BATCH) return `Too many emails in batch: ${body.length}. The maximum is ${MAX_BATCH}.`;
  return null;
}

/**
 * Permissive mode (`x-batch-validation: permissive`): each invalid email is left out with its
 * position and message, the index saying which one it was, so the message has no `emails[i]:`.
 * In ascending index order.
 */
export function rejectedEmails(emails: unknown[]): Rejection[] {
  const rejected: Rejection[] = [];
  for (let index = 0; index < emails.length; index++) {
    const message = validateEmail(emails[index], '');
    if (message) rejected.push({ index, message });
  }
  return rejected;
}

function validateEmail(value: unknown, where: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}An email must be an object.`;
  const email = value as Record<string, unknown>;
  if (typeof email.from !== 'string' || email.from === '') return `${where}Missing \`from\` field.`;
  if (!isAddress(email.from)) return `${where}Invalid \`from\` field. The email address ${ADDRESS_FORMAT}.`;
  const to = typeof email.to === 'string' ? [email.to] : email.to;
  if (!Array.isArray(to) || to.length === 0) return `${where}Missing \`to\` field.`;
  if (to.length > MAX_RECIPIENTS) return `${where}Too many recipients in \`to\`; the maximum is ${MAX_RECIPIENTS}.`;
  if (!to.every(isAddress)) return `${where}Invalid \`to\` field. The email address ${ADDRESS_FORMAT}.`;
  if (typeof email.subject !== 'string' || email.subject === '') return `${where}Missing \`subject\` field.`;
  if (!isBody(email.html) && !isBody(email.text)) return `${where}Missing \`html\` or \`text\` field.`;
  if (email.reply_to !== undefined) {
    // Resend's spec: one address, or a list of them.
    const replyTo = typeof email.reply_to === 'string' ? [email.reply_to] : email.reply_to;
    if (!Array.isArray(replyTo) || replyTo.length === 0 || !replyTo.every(isAddress)) return `${where}Invalid \`reply_to\` field. The email address ${ADDRESS_FORMAT}.`;
  }
  if (email.headers !== undefined) {
    const headers = email.headers;
    if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) {
      return `${where}Invalid \`headers\` field: expected an object of strings.`;
    }
  }
  return null;
}

/** A JSON string, decoded or (leanBodies) skipped; a SkippedString passes nowhere else, as it is no `string`. */
function isBody(value: unknown): boolean {
  return typeof value === 'string' || value instanceof SkippedString;
}

function isAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const bracketed = /<([^<>]*)>\s*$/.exec(value);
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test((bracketed ? bracketed[1]! : value).trim());
}

