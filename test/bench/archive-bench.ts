import { createHarness } from '../support/harness.js';
import { cleanUpOnInterrupt } from './interrupt.js';
import { log } from './progress.js';

export interface ArchiveBenchResult {
  letters: number;
  /** p50 of each route after its first (rendering) answer, ms. */
  listP50Ms: number;
  letterP50Ms: number;
  feedP50Ms: number;
  /** The first answer after a letter was sent: the whole archive read and rendered again. */
  coldListMs: number;
  runs: number;
}

const WORDS = [
  'Some mornings begin before you are ready for them.',
  'You are allowed to **rest** without earning it.',
  '- Notice one thing you did well today\n- Drink a glass of water\n- Let one thing go',
  '> The guilt is not a measure of how much you love them.',
  'If you would like to talk, [I am here](@consultation).',
].join('\n\n');

/**
 * Her public archive with `letters` sent public newsletters (each with a few paragraphs, a list,
 * a quote and a link), timed in-process through the real app (app.request: routing, the content
 * and archive revision checks, the cache; no socket): GET /letters, one letter and the feed,
 * `runs` times each after one warm-up; and the first /letters after one more letter is sent.
 */
export async function runArchiveBench(letters = 500, runs = 50): Promise<ArchiveBenchResult> {
  const h = await createHarness({ now: new Date().toISOString() });
  const forget = cleanUpOnInterrupt(() => h.close());
  try {
    log(`archive: seeding ${letters} sent public newsletters`);
    const source = `---\nid: "bench-letter-%s"\nsubject: "Letter %s"\npreview: "A preview of letter %s."\npublic: true\n---\n\n${WORDS}\n`;
    const insert = (from: number, to: number) => h.db.sql`
      insert into broadcasts (newsletter_id, file, format, subject, source, audience, timing, status, recipients, public,
                              first_due_at, last_due_at, started_at, finished_at, created_at, updated_at)
      select 'bench-letter-' || i, 'emails/newsletters/bench-letter-' || i || '.md', 'markdown', 'Letter ' || (i + 1),
             format(${source}::text, i, i + 1, i + 1), 'all', 'now', 'sent', 1000, true,
             now() - (${to}::int - i) * interval '1 day', now() - (${to}::int - i) * interval '1 day', now() - (${to}::int - i) * interval '1 day',
             now() - (${to}::int - i) * interval '1 day', now() - (${to}::int - i) * interval '1 day', now() - (${to}::int - i) * interval '1 day'
      from generate_series(${from}::int, ${to - 1}::int) as i`;
    await insert(0, letters);
    await h.db.sql`analyze broadcasts`;

    const time = async (path: string, expect: string) => {
      const get = async () => {
        const started = performance.now();
        const res = await h.app.request(path);
        const body = await res.text();
        if (res.status !== 200 || !body.includes(expect)) throw new Error(`GET ${path} answered ${res.status}`);
        return performance.now() - started;
      };
      await get();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await get());
      times.sort((a, b) => a - b);
      return times[Math.floor(runs / 2)]!;
    };
    const listP50Ms = await time('/letters', `Letter ${letters}`);
    const letterP50Ms = await time(`/letters/bench-letter-${Math.floor(letters / 2)}`, `Letter ${Math.floor(letters / 2) + 1}`);
    const feedP50Ms = await time('/letters/feed.xml', `Letter ${letters}`);

    await insert(letters, letters + 1);
    const started = performance.now();
    const res = await h.app.request('/letters');
    if (!(await res.text()).includes(`Letter ${letters + 1}`)) throw new Error('the new letter is not listed');
    const coldListMs = performance.now() - started;
    return { letters, listP50Ms, letterP50Ms, feedP50Ms, coldListMs, runs };
  } finally {
    forget();
    await h.close();
  }
}
