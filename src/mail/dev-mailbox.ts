import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { devMailbox } from '../db/schema.js';
import { emptyOrOversized, type Mailer, type OutgoingEmail } from './mailer.js';

/** An email as the dev mailbox stored it. */
export interface DevMail extends OutgoingEmail {
  id: string;
  createdAt: Date;
}

// Same limit as Resend, so a caller that works against the dev mailbox works in production.
const MAX_BATCH = 100;
const ID_PREFIX = 'dev_';

/**
 * A Mailer that delivers into the `dev_mailbox` table. Rows are keyed by (idempotency key,
 * position), so a retried call finds its first attempt's rows and answers with the same ids,
 * exactly as Resend replays an idempotent request.
 */
export function createDevMailboxMailer(db: Database): Mailer {
  const mailer: Mailer = {
    name: 'dev-mailbox',
    maxBatchSize: MAX_BATCH,
    async send(emails, idempotencyKey) {
      const trivial = emptyOrOversized(mailer, emails);
      if (trivial) return trivial;
      try {
        const rows = emails.map((email, position) => ({ idempotencyKey, position, ...email }));
        await db
          .insert(devMailbox)
          .values(rows)
          .onConflictDoNothing({ target: [devMailbox.idempotencyKey, devMailbox.position] });
        const stored = await db
          .select({ id: devMailbox.id, to: devMailbox.to, subject: devMailbox.subject })
          .from(devMailbox)
          .where(eq(devMailbox.idempotencyKey, idempotencyKey))
          .orderBy(asc(devMailbox.position));
        const sameBatch =
          stored.length === emails.length &&
          stored.every((row, i) => row.to === emails[i]!.to && row.subject === emails[i]!.subject);
        if (!sameBatch) {
          // Resend's invalid_idempotent_request: a key names one request, never two different ones.
          return { ok: false, kind: 'conflict', message: `Idempotency key ${idempotencyKey} was used for a different batch` };
        }
        return { ok: true, messageIds: stored.map((row) => `${ID_PREFIX}${row.id}`), rejected: [] };
      } catch (error) {
        // Postgres is this mailer's "provider": an outage is worth a retry under the same key.
        return { ok: false, kind: 'transient', message: `dev mailbox write failed: ${(error as Error).message}` };
      }
    },
  };
  return mailer;
}

const mailColumns = {
  id: devMailbox.id,
  from: devMailbox.from,
  to: devMailbox.to,
  subject: devMailbox.subject,
  html: devMailbox.html,
  text: devMailbox.text,
  headers: devMailbox.headers,
  replyTo: devMailbox.replyTo,
  createdAt: devMailbox.createdAt,
};

/** Oldest first: identity ids follow insertion order, and a batch shares one created_at. */
export async function listDevMailbox(db: Database): Promise<DevMail[]> {
  const rows = await db.select(mailColumns).from(devMailbox).orderBy(asc(devMailbox.id));
  return rows.map(toDevMail);
}

export async function getDevMail(db: Database, id: string): Promise<DevMail | null> {
  const match = /^dev_(\d{1,15})$/.exec(id);
  if (!match) return null;
  const [row] = await db.select(mailColumns).from(devMailbox).where(eq(devMailbox.id, Number(match[1])));
  return row ? toDevMail(row) : null;
}

function toDevMail({ replyTo, ...row }: Omit<DevMail, 'id' | 'replyTo'> & { id: number; replyTo: string | null }): DevMail {
  return { ...row, ...(replyTo ? { replyTo } : {}), id: `${ID_PREFIX}${row.id}` };
}
