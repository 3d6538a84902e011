import { parseArgs } from 'node:util';
import { render } from '@react-email/render';
import { Worker } from 'bullmq';
import { Resend } from 'resend';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/client.js';
import { listUnsubscribeHeaders, preferencesUrl, unsubscribeUrl } from '../../src/delivery/compose.js';
import { resolveTemplate } from '../../src/delivery/templates.js';
import { connectRedis } from '../../src/queue/redis-connection.js';
import { NAIVE_QUEUE, type NaiveJob } from './naive-queue.js';

/**
 * The pipeline the engine is measured against: one BullMQ job, one React Email render and one
 * `resend.emails.send` per email, each delivery claimed and recorded in Postgres on its own.
 * It is what a first version of this service would look like, so the comparison is with
 * something a reasonable person would write, not with a strawman.
 */
const { values } = parseArgs({
  options: { prefix: { type: 'string' }, concurrency: { type: 'string' } },
});
const config = loadConfig();
const catalog = await loadCatalogOrThrow();
const database = connectDatabase(config.databaseUrl!);
const connection = connectRedis(config.redisUrl!);
const resend = new Resend(config.resendApiKey!, { baseUrl: config.resendBaseUrl! });

interface Row {
  id: string;
  template: string;
  subscriber_id: string;
  email: string;
  first_name: string | null;
}

const worker = new Worker<NaiveJob>(
  NAIVE_QUEUE,
  async (job) => {
    const [row] = await database.sql<Row[]>`
      select d.id, d.template, s.id as subscriber_id, s.email, s.first_name
      from deliveries d join subscribers s on s.id = d.subscriber_id
      where d.id = ${job.data.deliveryId} and d.status = 'pending' and s.status = 'active'`;
    if (!row) return;
    const template = resolveTemplate(catalog, row.template);
    if (template?.kind !== 'lesson') throw new Error(`not a lesson template: ${row.template}`);
    const unsubscribe = unsubscribeUrl(config, Number(row.subscriber_id));
    const element = template.element({
      unsubscribeUrl: unsubscribe,
      preferencesUrl: preferencesUrl(config, Number(row.subscriber_id)),
      postalAddress: config.postalAddress,
      firstName: row.first_name,
      dayNumber: template.dayNumber,
      totalDays: template.totalDays,
      courseTitle: template.course.title,
      authorName: catalog.author.name,
      signOff: catalog.author.signOff,
      consultationUrl: catalog.author.consultationUrl ?? config.consultationUrl,
    });
    const html = await render(element);
    const text = await render(element, { plainText: true });
    const { data, error } = await resend.emails.send(
      { from: config.emailFrom, to: row.email, subject: template.subject, html, text, headers: listUnsubscribeHeaders(unsubscribe) },
      { idempotencyKey: `delivery-${row.id}` },
    );
    if (error) throw new Error(`${error.name}: ${error.message}`);
    await database.sql`
      update deliveries set status = 'sent', provider_message_id = ${data.id}, sent_at = now(), updated_at = now()
      where id = ${row.id}`;
  },
  { connection, prefix: values.prefix ?? 'naive', concurrency: Number(values.concurrency ?? 8) },
);
worker.on('error', (error) => console.error('naive worker error', error));

process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
