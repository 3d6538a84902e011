import { checkSpamScore, spamScore, type SpamScore } from '../checks/spam-score.js';
import type { OutgoingEmail } from '../mail/mailer.js';

export type SpamCheck =
  | { state: 'pending' }
  | { state: 'missing' }
  | { state: 'failed' }
  | { state: 'ready'; score: number; threshold: number; fine: boolean; advice: string | null };

const THRESHOLD = 2.5;
/** A few dozen texts at most: one editor's session writes few distinct versions a minute. */
const KEEP = 64;

/**
 * SpamAssassin's score of an email, run in the background (it takes seconds) and remembered by
 * the email's content hash, so a page that asks again (a poll, a reload) gets the same answer at
 * once and the same text is never scored twice. One per process; nothing about it is stored.
 */
export function createSpamChecks(score: (email: OutgoingEmail) => Promise<SpamScore | null> = spamScore) {
  const results = new Map<string, SpamCheck>();
  const remember = (hash: string, check: SpamCheck) => {
    results.delete(hash);
    results.set(hash, check);
    while (results.size > KEEP) results.delete(results.keys().next().value!);
  };
  const start = (hash: string, email: OutgoingEmail): Promise<SpamCheck> => {
    remember(hash, { state: 'pending' });
    return score(email).then(
      (result) => {
        const check: SpamCheck = result === null ? { state: 'missing' } : ready(result);
        remember(hash, check);
        return check;
      },
      () => {
        remember(hash, { state: 'failed' });
        return { state: 'failed' } as SpamCheck;
      },
    );
  };
  const running = new Map<string, Promise<SpamCheck>>();
  return {
    /** What is known now; starts the check when nothing is. */
    peek(hash: string, email: OutgoingEmail): SpamCheck {
      const known = results.get(hash);
      if (known) return known;
      const job = start(hash, email).finally(() => running.delete(hash));
      running.set(hash, job);
      return { state: 'pending' };
    },
    /** Waits for the answer (the page without scripts asks this way). */
    async wait(hash: string, email: OutgoingEmail): Promise<SpamCheck> {
      const known = results.get(hash);
      if (known && known.state !== 'pending') return known;
      return running.get(hash) ?? start(hash, email);
    },
  };
}

export type SpamChecks = ReturnType<typeof createSpamChecks>;

function ready(result: SpamScore): SpamCheck {
  const [problem] = checkSpamScore('', result, THRESHOLD);
  return { state: 'ready', score: result.score, threshold: THRESHOLD, fine: !problem, advice: problem ? problem.message : null };
}
