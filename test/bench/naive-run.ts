import { loadCourse } from '../support/course.js';
import { lessonTemplateKey } from '../../src/courses/template-keys.js';
import { exitOf, stopChild } from '../support/child-process.js';
import { spawnNodeProcess } from '../support/node-process.js';
import { waitFor } from '../support/wait-for.js';
import { createNaiveQueue } from './naive-queue.js';
import { sampleRss } from './peak-rss.js';
import { echoOutput, log } from './progress.js';
import { tallyProvider, waitForAccepted, type ProviderTally } from './provider-tally.js';
import { seedLoneDeliveries } from './seed.js';
import { openStage, stageEnv } from './stage.js';

export interface NaiveRunResult extends ProviderTally {
  emails: number;
  seconds: number;
  emailsPerS: number;
  workerPeakRssMb: number;
}

/**
 * The same kind of email through the naive pipeline (test/bench/naive-worker.ts), against the
 * same Postgres, a private Redis and the same fake: the clock runs from adding the jobs to the
 * last email's arrival at the fake.
 */
export async function runNaiveDelivery(options: {
  emails: number;
  concurrency: number;
  fakePlacement: 'process' | 'inline';
}): Promise<NaiveRunResult> {
  const stage = await openStage('naive', { placement: options.fakePlacement });
  const queue = createNaiveQueue(stage.connection, stage.queuePrefix);
  try {
    // Lesson 1, the one the engine's run sends too.
    const course = await loadCourse();
    const template = lessonTemplateKey(course.slug, course.lessons[0]!.id);
    const deliveryIds = await seedLoneDeliveries(stage.db.sql, options.emails, template);
    const child = spawnNodeProcess('test/bench/naive-worker.ts', {
      launcher: 'tsx-loader',
      args: ['--prefix', stage.queuePrefix, '--concurrency', String(options.concurrency)],
      env: stageEnv(stage),
      onLine: echoOutput('naive'),
    });
    const rss = sampleRss(child.pid!);
    try {
      await waitFor('the naive worker to register', async () => (await queue.getWorkersCount()) >= 1, 60_000, {
        abort: exitOf(child, 'naive worker'),
      });
      log(`naive: worker pid ${child.pid} ready; adding ${options.emails} jobs, one per email`);
      const startedAt = Date.now();
      for (let i = 0; i < deliveryIds.length; i += 1_000) {
        await queue.addBulk(deliveryIds.slice(i, i + 1_000).map((deliveryId) => ({ name: 'send', data: { deliveryId } })));
      }
      await waitForAccepted(stage.fake, options.emails, { label: 'naive', abort: exitOf(child, 'naive worker') });
      const tally = await tallyProvider(stage.fake, options.emails);
      const seconds = (tally.lastAcceptedAt - startedAt) / 1000;
      return { ...tally, emails: options.emails, seconds, emailsPerS: tally.recipients / seconds, workerPeakRssMb: rss.peakMb() };
    } finally {
      await stopChild(child);
      rss.stop();
    }
  } finally {
    await queue.close();
    await stage.close();
  }
}
