import { broadcastTemplateKey } from '../../src/broadcasts/query.js';
import { logIn } from '../support/admin-session.js';
import { createHarness } from '../support/harness.js';
import { seedCourseDeliveries } from './funnel-bench.js';
import { cleanUpOnInterrupt } from './interrupt.js';
import { log } from './progress.js';

export interface OverviewBenchResult {
  subscribers: number;
  deliveries: number;
  broadcasts: number;
  p50Ms: number;
  p95Ms: number;
  runs: number;
}

const PASSWORD = 'overview bench password, long enough';
const BROADCASTS = 5;

/**
 * `GET /admin`, the dashboard's overview, with a session cookie, through the real app in this
 * process (app.request: routing, the session check, every query and the render, no socket). The
 * database is the funnel bench's (`subscribers` moms, each with every lesson: 7× as many
 * deliveries), their signups, confirmations and departures spread over half a year, plus five
 * sent newsletters of `subscribers / 5` recipients each, which the page lists with their figures.
 * Timed `runs` times after one warm-up.
 */
export async function runOverviewBench(subscribers: number, runs = 20): Promise<OverviewBenchResult> {
  const h = await createHarness({ now: new Date().toISOString(), env: { ADMIN_PASSWORD: PASSWORD } });
  const forget = cleanUpOnInterrupt(() => h.close());
  try {
    const { sql } = h.db;
    const course = h.ctx.catalog.main;
    const perBroadcast = Math.floor(subscribers / BROADCASTS);
    log(`overview: seeding ${subscribers} subscribers, ${subscribers * course.lessons.length} lesson deliveries, ${BROADCASTS} newsletters of ${perBroadcast}`);
    await seedCourseDeliveries(sql, course, subscribers);
    await sql.begin(async (tx) => {
      // Half a year of signups, most confirmed within the hour, the few who left a week later.
      await tx`
        update subscribers set
          created_at = now() - (id % 182) * interval '1 day' - (id % 24) * interval '1 hour',
          confirmed_at = case when id % 10 = 0 then null else now() - (id % 182) * interval '1 day' - (id % 24) * interval '1 hour' + interval '20 minutes' end,
          unsubscribed_at = case when status = 'unsubscribed' then now() - greatest(0, id % 182 - 7) * interval '1 day' end`;
      for (let i = 0; i < BROADCASTS; i++) {
        const [b] = await tx<{ id: string }[]>`
          insert into broadcasts (newsletter_id, file, format, subject, audience, timing, status, recipients, first_due_at, last_due_at, started_at, finished_at, created_at)
          values (${`bench-${i}`}, ${`emails/newsletters/bench-${i}.md`}, 'markdown', ${`Letter ${i + 1}`}, 'all', 'now', 'sent', ${perBroadcast},
                  now() - ${(BROADCASTS - i) * 14} * interval '1 day', now() - ${(BROADCASTS - i) * 14} * interval '1 day',
                  now() - ${(BROADCASTS - i) * 14} * interval '1 day', now() - ${(BROADCASTS - i) * 14} * interval '1 day',
                  now() - ${(BROADCASTS - i) * 14} * interval '1 day')
          returning id`;
        const key = broadcastTemplateKey(Number(b!.id));
        await tx`
          insert into deliveries (kind, subscriber_id, broadcast_id, template, status, provider_message_id, provider_status, due_at, sent_at)
          select 'broadcast', id, ${b!.id}, ${key}, 'sent', 'em_b' || ${b!.id} || '_' || id,
                 case when id % 89 = 0 then 'bounced' when id % 401 = 0 then 'complained' else 'delivered' end,
                 now() - ${(BROADCASTS - i) * 14} * interval '1 day', now() - ${(BROADCASTS - i) * 14} * interval '1 day'
          from subscribers where id % ${BROADCASTS} = ${i}`;
        await tx`
          insert into delivery_figures (template, sent, delivered, bounced, complained)
          select template, count(*), count(*) filter (where provider_status in ('delivered', 'complained')),
                 count(*) filter (where provider_status = 'bounced'), count(*) filter (where provider_status = 'complained')
          from deliveries where broadcast_id = ${b!.id} group by template`;
      }
      await tx`analyze`;
    });
    const cookie = await logIn(h.app, PASSWORD);
    const visit = async () => {
      const res = await h.app.request('/admin', { headers: { cookie } });
      const html = await res.text();
      if (res.status !== 200 || !html.includes('<h1>Overview</h1>')) throw new Error(`GET /admin answered ${res.status}`);
    };
    await visit();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await visit();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const [{ n }] = await sql<[{ n: number }]>`select count(*)::int as n from deliveries`;
    return { subscribers, deliveries: n, broadcasts: BROADCASTS, p50Ms: times[Math.floor(runs / 2)]!, p95Ms: times[Math.floor(runs * 0.95)]!, runs };
  } finally {
    forget();
    await h.close();
  }
}
