import type { FakeProvider } from './fake-provider.js';
import { sleep } from '../support/wait-for.js';
import { log } from './progress.js';

export interface ProviderTally {
  /** Emails the fake stored (idempotent replays store none). */
  accepted: number;
  /** Distinct recipients among them. */
  recipients: number;
  /** Emails whose (to, subject) the fake had already accepted. */
  duplicates: number;
  /** Expected recipients the fake never saw. */
  lost: number;
  requests: number;
  /** 429s the fake served. */
  rateLimited: number;
  /** Other non-2xx answers. */
  errors: number;
  /** Arrival times (ms since epoch) of the first and last requests that stored emails. */
  firstAcceptedAt: number;
  lastAcceptedAt: number;
  /** Emails in that first request; a sustained rate counts only what came after it. */
  firstRequestEmails: number;
}

/**
 * Waits until the fake has stored `expected` emails. Gives up (so the result reports the
 * shortfall as lost) when nothing new arrives for `stallMs`, and fails at once if `abort`
 * rejects (a worker died).
 */
export async function waitForAccepted(
  fake: FakeProvider,
  expected: number,
  { label, stallMs = 60_000, abort }: { label: string; stallMs?: number; abort?: Promise<never> },
): Promise<void> {
  let failure: unknown;
  abort?.catch((error: unknown) => (failure = error));
  let last = -1;
  let lastChangeAt = Date.now();
  let lastLogAt = Date.now();
  for (;;) {
    if (failure) throw failure;
    const { accepted } = await fake.stats();
    const now = Date.now();
    if (accepted !== last) {
      last = accepted;
      lastChangeAt = now;
    }
    if (accepted >= expected) return;
    if (now - lastChangeAt > stallMs) {
      log(`${label}: no progress for ${stallMs / 1000}s at ${accepted}/${expected}; giving up`);
      return;
    }
    if (now - lastLogAt >= 2_000) {
      log(`${label}: ${accepted}/${expected} accepted by the fake`);
      lastLogAt = now;
    }
    await sleep(100);
  }
}

export async function tallyProvider(fake: FakeProvider, expected: number): Promise<ProviderTally> {
  const [stats, requests, emails] = await Promise.all([fake.stats(), fake.requests(), fake.emails()]);
  const storing = requests.filter((r) => r.status === 200 && r.emailCount > 0).sort((a, b) => a.receivedAt - b.receivedAt);
  const recipients = new Set(emails.flatMap((email) => (Array.isArray(email.to) ? email.to : [email.to])));
  return {
    accepted: stats.accepted,
    recipients: recipients.size,
    duplicates: stats.duplicates,
    lost: Math.max(0, expected - recipients.size),
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    errors: stats.errors,
    firstAcceptedAt: storing[0]?.receivedAt ?? NaN,
    lastAcceptedAt: storing.at(-1)?.receivedAt ?? NaN,
    firstRequestEmails: storing[0]?.emailCount ?? 0,
  };
}

/** Emails per second between the first and the last accepted request, start-up excluded. */
export function sustainedRate(tally: ProviderTally): number {
  const seconds = (tally.lastAcceptedAt - tally.firstAcceptedAt) / 1000;
  return seconds > 0 ? (tally.accepted - tally.duplicates - tally.firstRequestEmails) / seconds : NaN;
}
