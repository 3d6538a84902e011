import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerContext } from '../../src/context.js';
import { loadCatalogOrThrow, type Catalog } from '../../src/courses/catalog.js';
import { syncCourseLessons } from '../../src/courses/sync-lessons.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { kickDispatcher } from '../../src/queue/queues.js';
import { startWorkers, type RunningWorkers } from '../../workers/start.js';
import { TEST_PG_URL } from '../support/db.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

// The move from positions to stable lesson ids (drizzle/0006), on a database that the old
// engine filled: moms at every position of the real main course, with the delivery rows it
// wrote for them. After the migration and a start-up sync, the real engine runs the course to
// its end, and every mom must have each of the 7 lessons exactly once, in order.

const DRIZZLE_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));
const SLUG = 'releasing-mom-guilt';
const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_MORNING = Date.parse('2026-03-02T08:00:00Z');
const morning = (day: number) => new Date(FIRST_MORNING + day * DAY_MS);

/** drizzle/ as it was before 0006: the journal cut after idx 5, the later files gone. */
function migrationsUpTo0005(): string {
  const folder = mkdtempSync(join(tmpdir(), 'drizzle-0005-'));
  cpSync(DRIZZLE_DIR, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
  const later = journal.entries.filter((e) => e.idx > 5);
  journal.entries = journal.entries.filter((e) => e.idx <= 5);
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  for (const entry of later) rmSync(join(folder, `${entry.tag}.sql`));
  for (const file of readdirSync(join(folder, 'meta'))) {
    const idx = /^(\d{4})_snapshot\.json$/.exec(file)?.[1];
    if (idx && Number(idx) > 5) rmSync(join(folder, 'meta', file));
  }
  return folder;
}

async function createDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  const name = `t_pos_${Date.now().toString(36)}_${Math.random().toString(16).slice(2, 8)}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString());
  return {
    ...handle,
    async drop() {
      await handle.close();
      const again = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

interface OldMom {
  email: string;
  position: number;
  /** What the old engine left: active with the next lesson due, or completed after the last. */
  status: 'active' | 'completed';
}

/** Rows exactly as the position-based engine wrote them: one sent batch per lesson, one delivery per lesson she had. */
async function insertTheOldWay(sql: postgres.Sql, lessonIds: string[], moms: OldMom[]) {
  const batchOf = new Map<number, string>();
  for (let index = 0; index < lessonIds.length; index++) {
    const [batch] = await sql<{ id: string }[]>`
      insert into send_batches (template, status, attempts, created_at, enqueued_at, sent_at)
      values (${`${SLUG}/${lessonIds[index]}`}, 'sent', 1, ${morning(index - 8)}, ${morning(index - 8)}, ${morning(index - 8)})
      returning id`;
    batchOf.set(index, batch!.id);
  }
  for (const mom of moms) {
    const joined = morning(-mom.position - 1);
    const [subscriber] = await sql<{ id: string }[]>`
      insert into subscribers (email, first_name, timezone, status, confirmed_at, created_at, updated_at)
      values (${mom.email}, 'Mom', 'UTC', 'active', ${joined}, ${joined}, ${joined}) returning id`;
    const [enrollment] = await sql<{ id: string }[]>`
      insert into enrollments (subscriber_id, course_slug, position, next_due_at, status, enrolled_at, updated_at)
      values (${subscriber!.id}, ${SLUG}, ${mom.position}, ${mom.status === 'active' ? morning(0) : null}, ${mom.status}, ${joined}, ${joined})
      returning id`;
    for (let index = 0; index < mom.position; index++) {
      const at = morning(index - mom.position);
      await sql`
        insert into deliveries (kind, subscriber_id, enrollment_id, lesson_index, template, status, batch_id,
                                provider_message_id, due_at, created_at, sent_at, updated_at)
        values ('lesson', ${subscriber!.id}, ${enrollment!.id}, ${index}, ${`${SLUG}/${lessonIds[index]}`}, 'sent', ${batchOf.get(index)!},
                ${`old-${subscriber!.id}-${index}`}, ${at}, ${at}, ${at}, ${at})`;
    }
  }
}

function migrationScenario(title: string, moms: OldMom[]) {
  describe(title, () => {
    let h: Harness;
    let db: DatabaseHandle & { drop(): Promise<void> };
    let oldMigrations: string;
    let catalog: Catalog;
    let workers: RunningWorkers | null = null;
    let columnsBefore: string[] = [];

    const inbox = (email: string) => h.fake.emails().filter((e) => e.to === email || (Array.isArray(e.to) && e.to.includes(email)));

    beforeAll(async () => {
      // The harness lends the fake provider, the Redis queues and the manual clock; the
      // database is this test's own, migrated the old way.
      h = await createHarness({ now: '2026-03-02T07:00:00Z' });
      catalog = await loadCatalogOrThrow();
      const lessonIds = catalog.course(SLUG)!.lessons.map((l) => l.id);
      expect(lessonIds).toHaveLength(7);

      db = await createDatabase();
      oldMigrations = migrationsUpTo0005();
      await migrate(db.db, { migrationsFolder: oldMigrations });
      columnsBefore = (
        await db.sql<{ column_name: string }[]>`select column_name from information_schema.columns where table_name = 'enrollments'`
      ).map((r) => r.column_name);
      await insertTheOldWay(db.sql, lessonIds, moms);

      // Start-up of the new engine: the rest of the migrations, then the sync.
      await migrateDatabase(db);
      const { schedule } = await syncCourseLessons(db.sql, catalog, h.clock.now());
      const ctx: WorkerContext = { ...h.ctx, db: db.db, sql: db.sql, catalog, schedule };
      workers = await startWorkers(ctx);
      for (let day = 0; day < 9; day++) {
        h.clock.set(morning(day));
        await kickDispatcher(ctx.queues);
        await waitFor(`morning ${day} sent`, async () => {
          const [row] = await db.sql<{ due: number; unsent: number }[]>`
            select (select count(*)::int from enrollments where status = 'active' and next_due_at <= ${morning(day)}) as due,
                   (select count(*)::int from deliveries where status <> 'sent') as unsent`;
          return row!.due === 0 && row!.unsent === 0;
        });
        const [left] = await db.sql<{ active: number }[]>`select count(*)::int as active from enrollments where status = 'active'`;
        if (left!.active === 0) break;
      }
    }, 120_000);

    afterAll(async () => {
      await workers?.close();
      await db?.drop();
      await h?.close();
      if (oldMigrations) rmSync(oldMigrations, { recursive: true, force: true });
    });

    it('started from the schema before 0006: positions, no done sets', () => {
      expect(columnsBefore).toContain('position');
      expect(columnsBefore).not.toContain('done');
    });

    it('numbers each lesson as the old lesson_index did, in the course order', async () => {
      const rows = await db.sql<{ lesson_id: string; num: number }[]>`
        select lesson_id, num from course_lessons where course_slug = ${SLUG} order by num`;
      expect(rows).toEqual(catalog.course(SLUG)!.lessons.map((l, num) => ({ lesson_id: l.id, num })));
    });

    it('gives every mom each of the 7 lessons exactly once, in order: no repeat, no skip', async () => {
      const lessons = catalog.course(SLUG)!.lessons;
      for (const mom of moms) {
        const rows = await db.sql<{ template: string; lesson_index: number; status: string }[]>`
          select d.template, d.lesson_index, d.status from deliveries d join subscribers s on s.id = d.subscriber_id
          where s.email = ${mom.email} and d.kind = 'lesson' order by d.due_at, d.id`;
        expect({ mom: mom.email, rows }).toEqual({
          mom: mom.email,
          rows: lessons.map((l, index) => ({ template: `${SLUG}/${l.id}`, lesson_index: index, status: 'sent' })),
        });
        // What the provider received after the migration: exactly the lessons she had not had.
        expect({ mom: mom.email, subjects: inbox(mom.email).map((e) => e.subject) }).toEqual({
          mom: mom.email,
          subjects: lessons.slice(Math.min(mom.position, lessons.length)).map((l) => l.subject),
        });
      }
      const enrollments = await db.sql<{ status: string; done: number[] }[]>`select status, done from enrollments order by id`;
      for (const e of enrollments) {
        expect(e.status).toBe('completed');
        expect([...e.done].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      }
      expect(h.fake.stats().duplicates).toBe(0);
    });
  });
}

const at = (position: number, status: OldMom['status'] = 'active', tag = ''): OldMom => ({
  email: `pos-${position}${tag}@example.com`,
  position,
  status,
});

migrationScenario('the migration from positions, with a mom at every position 0..7', [
  ...[0, 1, 2, 3, 4, 5, 6].map((p) => at(p)),
  at(7, 'completed'),
  // The old engine's last step could leave her active at the end; she is simply finished.
  at(7, 'active', '-active'),
]);

migrationScenario('the migration from positions, when the later lessons had never been sent', [0, 1, 2, 3].map((p) => at(p)));
