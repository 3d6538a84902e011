import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../broadcasts/control.js';
import { createBroadcast, type BroadcastPlan, type CreateBroadcastInput } from '../broadcasts/create.js';
import { getBroadcast, listBroadcasts, type BroadcastSummary } from '../broadcasts/query.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { openCommandContext } from './command-context.js';
import { CommandError } from './open-database.js';
import { printResult } from './output.js';
import { runningApp } from './running-app.js';

type Verb = 'pause' | 'resume' | 'cancel';

/** The same use cases, reached either through the running app's admin API or the database. */
interface Broadcasts {
  create(input: CreateBroadcastInput): Promise<BroadcastSummary | BroadcastPlan>;
  list(): Promise<BroadcastSummary[]>;
  show(id: number): Promise<BroadcastSummary>;
  act(id: number, verb: Verb): Promise<BroadcastSummary>;
  /** False when nothing is running that sends (the built-in database, app stopped). */
  sending: boolean;
  close(): Promise<void>;
}

async function connect(config: Config): Promise<Broadcasts> {
  const app = runningApp(config);
  if (app) {
    return {
      create: (input) => app.post('/broadcasts', input),
      list: async () => (await app.get<{ broadcasts: BroadcastSummary[] }>('/broadcasts')).broadcasts,
      show: (id) => app.get(`/broadcasts/${id}`),
      act: (id, verb) => app.post(`/broadcasts/${id}/${verb}`, {}),
      sending: true,
      close: async () => {},
    };
  }
  const opened = await openCommandContext(config);
  const { ctx } = opened;
  const actions = { pause: pauseBroadcast, resume: resumeBroadcast, cancel: cancelBroadcast };
  return {
    create: (input) => createBroadcast(ctx, input),
    list: () => listBroadcasts(ctx),
    show: async (id) => {
      const found = await getBroadcast(ctx, id);
      if (!found) throw new AppError('not_found', `There is no broadcast ${id}. \`npm run cli -- broadcast list\` shows them.`);
      return found;
    },
    act: (id, verb) => actions[verb](ctx, id),
    sending: !opened.embedded,
    close: opened.close,
  };
}

async function withBroadcasts<T>(run: (broadcasts: Broadcasts, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const broadcasts = await connect(config);
  try {
    return await run(broadcasts, config);
  } finally {
    await broadcasts.close();
  }
}

const number = (n: number) => n.toLocaleString('en-US');
const people = (n: number) => `${number(n)} ${n === 1 ? 'person' : 'people'}`;
const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');

function idArgument(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new CommandError(`"${raw}" is not a broadcast number. \`npm run cli -- broadcast list\` shows them.`);
  return Number(raw);
}

/** `npm run cli -- broadcast send|list|show|pause|resume|cancel` */
export function broadcastCommand(program: Command): void {
  const broadcast = program.command('broadcast').description('Send a newsletter to your list, now or later; see, pause, resume or cancel it.');

  broadcast
    .command('send')
    .description('Send a newsletter file to an audience. It prints how many it will reach before it starts.')
    .argument('<file>', 'the newsletter, e.g. emails/newsletters/2026-12-gentle-december.md')
    .addOption(new Option('--audience <audience>', 'who it goes to').choices(['all', 'in-course', 'graduates', 'newsletter']).makeOptionMandatory())
    .option('--course <slug>', 'with in-course or graduates: only this course')
    .option('--at <time>', 'send at this moment, e.g. 2026-12-05T08:00-05:00')
    .option('--local-hour <date>', "send on this date (YYYY-MM-DD) at SEND_HOUR in each subscriber's own time zone")
    .option('--dry-run', 'say who it would reach and when, and record nothing')
    .option('--force', 'send it although the same newsletter went to the same audience in the last 24 hours')
    .option('--detach', 'return once it is recorded, without waiting for it to go out')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience all --dry-run\n' +
        '  npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience newsletter --local-hour 2026-12-05',
    )
    .action(async (file: string, options: { audience: string; course?: string; at?: string; localHour?: string; dryRun?: boolean; force?: boolean; detach?: boolean; json?: boolean }) => {
      await withBroadcasts(async (broadcasts) => {
        // The app may run in another folder than this shell: the file goes as an absolute path.
        const path = existsSync(file) ? resolve(file) : file;
        const result = await broadcasts.create({
          file: path,
          audience: options.audience,
          course: options.course ?? null,
          at: options.at ?? null,
          localHour: options.localHour ?? null,
          dryRun: !!options.dryRun,
          force: !!options.force,
        });
        if ('dryRun' in result) {
          const repeat = result.repeatOf ? ` It went to the same audience as broadcast ${result.repeatOf} in the last 24 hours, so sending it would need --force.` : '';
          const at = result.firstDueAt ? ` ${result.firstDueAt === result.lastDueAt ? `at ${when(result.firstDueAt)}` : `between ${when(result.firstDueAt)} and ${when(result.lastDueAt!)}`}` : '';
          printResult(options, result, `Dry run: "${result.subject}" would go to ${people(result.recipients)} (${result.audienceDescription})${at}. Nothing was recorded.${repeat}`);
          return;
        }
        const dueNow = result.status === 'sending';
        const recorded = `Broadcast ${result.id}: "${result.subject}" to ${people(result.recipients)}, recorded.`;
        const schedule =
          result.firstDueAt === result.lastDueAt
            ? `It goes out ${dueNow ? 'now' : `at ${when(result.firstDueAt)}`}.`
            : `It goes out between ${when(result.firstDueAt)} and ${when(result.lastDueAt)}, at ${result.localDate}'s morning hour where each one lives.`;
        const waits = dueNow && !options.detach && !options.json && process.stderr.isTTY;
        if (!waits) {
          const later = broadcasts.sending ? '' : ' It goes out once the app is running (npm start).';
          printResult(options, result, `${recorded} ${schedule}${later} See it with: npm run cli -- broadcast show ${result.id}`);
          return;
        }
        process.stderr.write(`${recorded} ${schedule}\n`);
        if (!broadcasts.sending) {
          process.stdout.write('It goes out once the app is running (npm start).\n');
          return;
        }
        const done = await followProgress(broadcasts, result);
        process.stdout.write(`${finished(done)}\n`);
      });
    });

  broadcast
    .command('list')
    .description('Your broadcasts, newest first, with how far each has gone.')
    .option('--json', 'print one JSON object on stdout')
    .action(async (options: { json?: boolean }) => {
      await withBroadcasts(async (broadcasts) => {
        const list = await broadcasts.list();
        const lines = list.map((b) => `${String(b.id).padStart(4)}  ${b.status.padEnd(9)}  ${when(b.createdAt)}  ${b.audience}${b.course ? `:${b.course}` : ''}  ${number(b.counts.sent)}/${number(b.recipients)} sent  "${b.subject}"`);
        printResult(options, { broadcasts: list }, list.length === 0 ? 'No broadcasts yet.' : lines.join('\n'));
      });
    });

  broadcast
    .command('show')
    .description('One broadcast: its recipients, and how many are sent, pending, failed or cancelled.')
    .argument('<id>', 'the broadcast number (from broadcast list)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (raw: string, options: { json?: boolean }) => {
      await withBroadcasts(async (broadcasts) => {
        const b = await broadcasts.show(idArgument(raw));
        printResult(options, b, describe(b));
      });
    });

  for (const [verb, description] of [
    ['pause', 'Stop sending a broadcast for now; nothing more goes out until you resume it.'],
    ['resume', 'Carry on with a paused broadcast.'],
    ['cancel', 'Stop a broadcast for good: what has not gone out never will.'],
  ] as const) {
    broadcast
      .command(verb)
      .description(description)
      .argument('<id>', 'the broadcast number (from broadcast list)')
      .option('--json', 'print one JSON object on stdout')
      .action(async (raw: string, options: { json?: boolean }) => {
        await withBroadcasts(async (broadcasts) => {
          const b = await broadcasts.act(idArgument(raw), verb);
          const sentence = { pause: `Broadcast ${b.id} is paused: ${number(b.counts.sent)} sent, ${number(b.counts.pending)} waiting.`, resume: `Broadcast ${b.id} is ${b.status} again.`, cancel: `Broadcast ${b.id} is cancelled: ${number(b.counts.sent)} had gone out; ${number(b.counts.cancelled)} never will.` }[verb];
          printResult(options, b, sentence);
        });
      });
  }
}

function describe(b: BroadcastSummary): string {
  return [
    `Broadcast ${b.id}: "${b.subject}" (${b.file})`,
    `  status      ${b.status}`,
    `  audience    ${b.audience}${b.course ? ` (${b.course})` : ''}`,
    `  goes out    ${b.firstDueAt === b.lastDueAt ? when(b.firstDueAt) : `${when(b.firstDueAt)} to ${when(b.lastDueAt)} (${b.localDate}, each one's morning)`}`,
    `  recipients  ${number(b.recipients)}`,
    `  sent        ${number(b.counts.sent)}`,
    `  pending     ${number(b.counts.pending)}`,
    `  failed      ${number(b.counts.failed)}`,
    `  cancelled   ${number(b.counts.cancelled)}`,
  ].join('\n');
}

function finished(b: BroadcastSummary): string {
  if (b.status === 'sent') {
    const extra = [b.counts.failed && `${number(b.counts.failed)} failed`, b.counts.cancelled && `${number(b.counts.cancelled)} skipped (unsubscribed or bounced since)`].filter(Boolean);
    return `Sent to ${people(b.counts.sent)}${extra.length ? ` (${extra.join(', ')})` : ''}.`;
  }
  return `Broadcast ${b.id} is ${b.status}: ${number(b.counts.sent)} sent, ${number(b.counts.pending)} waiting. See it with: npm run cli -- broadcast show ${b.id}`;
}

/**
 * A progress bar on stderr until every email has gone out, or the broadcast is paused or
 * cancelled from elsewhere. Ctrl+C leaves it sending: the workers, not this window, send it.
 */
async function followProgress(broadcasts: Broadcasts, start: BroadcastSummary): Promise<BroadcastSummary> {
  const bar = new cliProgress.SingleBar(
    { format: '  {bar} {percentage}% | {value}/{total} sent', hideCursor: true, stream: process.stderr, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const onInterrupt = () => {
    bar.stop();
    process.stderr.write(`\nStill sending without this window. See it with: npm run cli -- broadcast show ${start.id}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  bar.start(start.recipients, 0);
  let current = start;
  let lastMove = Date.now();
  let lastDone = 0;
  let warned = false;
  try {
    while (current.status === 'sending') {
      await new Promise((r) => setTimeout(r, 500));
      current = await broadcasts.show(start.id);
      const done = current.counts.sent + current.counts.failed + current.counts.cancelled;
      bar.update(done);
      if (done !== lastDone) [lastDone, lastMove] = [done, Date.now()];
      if (!warned && Date.now() - lastMove > 30_000) {
        warned = true;
        process.stderr.write('\nNothing has gone out for 30 seconds. Are the workers running (npm start, or npm run start:worker)?\n');
      }
    }
  } finally {
    bar.stop();
    process.removeListener('SIGINT', onInterrupt);
  }
  return current;
}
