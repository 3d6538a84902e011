import type { Logger } from '../logger.js';

/** A snippet's label (`blog-mom-guilt`): a word she chose, never a URL that could say more. */
const LABEL = /^[A-Za-z0-9_-]{1,64}$/;

/** How many distinct bad labels a process remembers having logged; a flood of them is logged no further. */
const REMEMBERED = 1000;
const logged = new Set<string>();

/**
 * The label a signup arrived with, or null. A bad one (too long, or with other characters) is
 * dropped, not refused: the mom signing up did nothing wrong, and a snippet pasted with a typo
 * must not cost her her course. It is logged once per process, for whoever set up the snippet.
 * The set is per process by design: the log is a hint to fix a snippet, not a count.
 */
export function signupSourceLabel(raw: unknown, logger: Pick<Logger, 'warn'>): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string' && LABEL.test(raw)) return raw;
  const shown = typeof raw === 'string' ? raw.slice(0, 100) : `(${typeof raw})`;
  if (!logged.has(shown) && logged.size < REMEMBERED) {
    logged.add(shown);
    logger.warn({ source: shown }, 'a signup came with a source label that is not one (letters, digits, - and _, at most 64); it was left out');
  }
  return null;
}

export const isSignupSourceLabel = (value: string) => LABEL.test(value);
