import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { spamScores, type EmailToScore, type SpamScore } from './spam-score.js';

/**
 * SpamAssassin takes about two seconds an email, and she runs the check after every change to
 * one lesson. Scores are kept by content, so only the emails she changed are scored again.
 */
export interface SpamScorer {
  score(email: EmailToScore): Promise<SpamScore | null>;
  /** The same for several emails; those not remembered are scored in one SpamAssassin run. */
  scoreMany(emails: EmailToScore[]): Promise<Array<SpamScore | null>>;
  /** How many emails went to SpamAssassin (the rest came from the cache). */
  readonly scored: number;
  /** Writes what was scored, for the next run. */
  save(): void;
}

interface CacheFile {
  version: 1;
  scores: Record<string, { score: SpamScore; checkedAt: string }>;
}

// sa-update changes the rules now and then; after a month a score is worked out afresh.
const MAX_AGE_MS = 30 * 24 * 3_600_000;

/**
 * A scorer that remembers in `path` (a JSON file in the data folder). An unreadable or foreign
 * file counts as empty: the cache only ever saves time, never changes a result.
 */
export function cachedSpamScorer(path: string, options: { now?: () => Date } = {}): SpamScorer {
  const now = options.now ?? (() => new Date());
  const cache = readCache(path);
  const fresh = (checkedAt: string) => now().getTime() - Date.parse(checkedAt) < MAX_AGE_MS;
  let scored = 0;
  const scoreMany = async (emails: EmailToScore[]): Promise<Array<SpamScore | null>> => {
    const keys = emails.map(contentKey);
    const known = keys.map((key) => {
      const entry = cache.scores[key];
      return entry && fresh(entry.checkedAt) ? entry.score : undefined;
    });
    const unknown = emails.filter((_, i) => known[i] === undefined);
    const scores = await spamScores(unknown);
    scored += unknown.length;
    let next = 0;
    return keys.map((key, i) => {
      if (known[i] !== undefined) return known[i];
      const result = scores[next++]!;
      // Not installed is not a score: the next run, with SpamAssassin there, must score it.
      if (result !== null) cache.scores[key] = { score: result, checkedAt: now().toISOString() };
      return result;
    });
  };
  return {
    get scored() {
      return scored;
    },
    scoreMany,
    score: async (email) => (await scoreMany([email]))[0]!,
    save() {
      for (const [key, entry] of Object.entries(cache.scores)) if (!fresh(entry.checkedAt)) delete cache.scores[key];
      mkdirSync(dirname(path), { recursive: true });
      // Through a new file and a rename, so two checks at once never leave half a file.
      const partial = `${path}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(cache));
      renameSync(partial, path);
    },
  };
}

/**
 * The message SpamAssassin reads is built from these parts alone; the Date, Message-ID and MIME
 * boundaries it also carries are new on every build, so the key is taken from the parts.
 */
export function contentKey(email: EmailToScore): string {
  const headers = Object.entries(email.headers).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify([email.from, email.to, email.subject, email.html, email.text, headers])).digest('hex');
}

function readCache(path: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    if (parsed.version === 1 && parsed.scores && typeof parsed.scores === 'object') return { version: 1, scores: parsed.scores };
  } catch {
    // Missing or unreadable: start afresh.
  }
  return { version: 1, scores: {} };
}
