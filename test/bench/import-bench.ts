import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/db.js';
import { spawnNodeProcess } from '../support/node-process.js';
import { cleanUpOnInterrupt } from './interrupt.js';
import { sampleRss } from './peak-rss.js';
import { echoOutput, log } from './progress.js';

export interface ImportBenchResult {
  rows: number;
  fileMb: number;
  /** The real use case, in its own process, reading the file from disk. */
  importSeconds: number;
  importRowsPerS: number;
  importPeakRssMb: number;
  /** `insert … select from unnest(…)` of the same rows, in chunks, from arrays already in memory. */
  plainSeconds: number;
  plainRowsPerS: number;
  created: number;
  confirmations: number;
  /** Rows left out: bad addresses and timezones (each reported by line) and people without consent who said no to the newsletter. */
  skipped: number;
}

const PLAIN_CHUNK = 5_000;
const FIRST_NAMES = ['Ana', 'Bea', 'Chloé', 'Dee', 'Eve', 'Fatima', 'Grace', 'Hana', 'Ines', 'Jo'];
const ZONES = ['America/Chicago', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney', '', 'America/New_York'];

/** One row in every BAD_EVERY has a bad address, and one other a bad timezone: they are skipped. */
const BAD_EVERY = 20_000;

/** Person `i` of the generated list: nine in ten with consent, a few without a name or timezone. */
function person(i: number) {
  const consented = i % 10 !== 0;
  return {
    email: i % BAD_EVERY === 0 ? `mom${i} at list.example.com` : `mom${i}@list.example.com`,
    firstName: i % 7 === 0 ? '' : FIRST_NAMES[i % FIRST_NAMES.length]!,
    timezone: i % BAD_EVERY === 7 ? 'Mars/Olympus_Mons' : ZONES[i % ZONES.length]!,
    consentedAt: consented ? new Date(Date.UTC(2023, i % 12, (i % 28) + 1, 9, 30)).toISOString() : '',
    consentSource: consented ? 'workshop sign-up sheet' : '',
    newsletter: i % 3 === 0 ? 'no' : 'yes',
  };
}

async function writeList(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('email,first_name,timezone,consented_at,consent_source,newsletter\n');
  let lines: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const p = person(i);
    lines.push(`${p.email},${p.firstName},${p.timezone},${p.consentedAt},${p.consentSource},${p.newsletter}`);
    if (lines.length === 10_000 || i === rows) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * `npm run bench -- --import-rows N`: a CSV of N people written to a temp file, imported by the
 * real use case in a child process (its peak RSS sampled), and beside it, on a fresh database,
 * the same rows by the plainest batched insert there is. The ratio says what checking every
 * row, finding duplicates and suppressed addresses, and queueing confirmations cost.
 */
export async function runImportBench(rows: number): Promise<ImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rmg-import-bench-'));
  const file = join(dir, 'list.csv');
  try {
    await writeList(file, rows);
    const fileMb = statSync(file).size / 1024 / 1024;
    log(`import: ${rows} rows, ${fileMb.toFixed(1)} MB of CSV`);

    const db = await createTestDatabase();
    const forget = cleanUpOnInterrupt(() => db.drop());
    let child;
    try {
      let answer = '';
      const echo = echoOutput('import');
      const process_ = spawnNodeProcess('test/bench/import-child.ts', {
        launcher: 'tsx-loader',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.url, IMPORT_FILE: file },
        onLine: (line) => (line.startsWith('{') ? (answer = line) : echo(line)),
      });
      const rss = sampleRss(process_.pid!, 50);
      // 'close', not 'exit': the result line may still be in the pipe when the process exits.
      const [code] = (await once(process_, 'close')) as [number | null];
      if (code !== 0 || !answer) throw new Error(`the import process exited with code ${code}`);
      const parsed = JSON.parse(answer) as { seconds: number; created: number; confirmations: number; rows: number; skipped: Record<string, number> | number };
      const skipped = typeof parsed.skipped === 'number' ? parsed.skipped : Object.values(parsed.skipped).reduce((a, b) => a + b, 0);
      child = { ...parsed, skipped, peakRssMb: rss.stop() };
    } finally {
      forget();
      await db.drop();
    }
    log(`import: ${child.rows} rows in ${child.seconds.toFixed(2)}s = ${(rows / child.seconds).toFixed(0)}/s, peak RSS ${child.peakRssMb.toFixed(0)} MB`);

    const plain = await plainInsert(rows);
    log(`plain insert: ${rows} rows in ${plain.toFixed(2)}s = ${(rows / plain).toFixed(0)}/s`);
    return {
      rows,
      fileMb,
      importSeconds: child.seconds,
      importRowsPerS: rows / child.seconds,
      importPeakRssMb: child.peakRssMb,
      plainSeconds: plain,
      plainRowsPerS: rows / plain,
      created: child.created,
      confirmations: child.confirmations,
      skipped: child.skipped,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same people, the same columns, straight in: what an import could do at best. */
async function plainInsert(rows: number): Promise<number> {
  const db = await createTestDatabase();
  const forget = cleanUpOnInterrupt(() => db.drop());
  try {
    let seconds = 0;
    for (let first = 1; first <= rows; first += PLAIN_CHUNK) {
      const people = Array.from({ length: Math.min(PLAIN_CHUNK, rows - first + 1) }, (_, k) => person(first + k));
      const column = (pick: (p: ReturnType<typeof person>) => string | null) => db.sql.array(people.map(pick) as string[], 25);
      const started = performance.now();
      await db.sql`
        insert into subscribers (email, first_name, timezone, status, newsletter, consented_at, consent_source, created_at, updated_at)
        select email, nullif(first_name, ''), coalesce(nullif(timezone, ''), 'UTC'), case when consented_at is null then 'pending' else 'active' end,
               newsletter = 'yes', consented_at, nullif(consent_source, ''), now(), now()
        from unnest(${column((p) => p.email)}::text[], ${column((p) => p.firstName)}::text[], ${column((p) => p.timezone)}::text[],
                    ${column((p) => p.consentedAt || null)}::timestamptz[], ${column((p) => p.consentSource)}::text[], ${column((p) => p.newsletter)}::text[])
          as u(email, first_name, timezone, consented_at, consent_source, newsletter)
        on conflict (email) do nothing`;
      seconds += (performance.now() - started) / 1000;
    }
    return seconds;
  } finally {
    forget();
    await db.drop();
  }
}
