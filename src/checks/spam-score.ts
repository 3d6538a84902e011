import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from '../mail/mailer.js';
import type { Problem } from './problem.js';
import { parseSpamAssassinReport, type SpamScore } from './spamassassin-report.js';

export type { SpamRuleHit, SpamScore } from './spamassassin-report.js';

/** The email exactly as the send path hands it to a provider. */
export type EmailToScore = OutgoingEmail;

/** A normal run takes about two seconds; far longer means it is stuck. */
const TIMEOUT_MS = 60_000;

/**
 * SpamAssassin's score for the email as it would be sent, or null when `spamassassin` is not
 * installed. MailComposer writes the real multipart/alternative message with the Date,
 * Message-ID and MIME-Version headers a sender adds; without a Date alone SpamAssassin adds 2.7.
 * The missing Received and DKIM headers of a message that never travelled score 0.
 */
export async function spamScore(email: EmailToScore): Promise<SpamScore | null> {
  const output = await runSpamAssassin(await composeMessage(email));
  return output === null ? null : parseSpamAssassinReport(output);
}

/**
 * The same scores for several emails from one SpamAssassin run: most of its two seconds go to
 * loading its rules, and each further email adds a tenth of that. Each message carries a
 * Message-ID of its own, which is how its report is found in the run's output; should that
 * ever fail, each email is scored on its own instead.
 */
export async function spamScores(emails: EmailToScore[]): Promise<Array<SpamScore | null>> {
  if (emails.length <= 1) return Promise.all(emails.map(spamScore));
  const dir = await mkdtemp(join(tmpdir(), 'rmg-spam-'));
  try {
    const ids = emails.map((email) => `<${randomUUID()}@${/@([^>\s]+)/.exec(email.from)?.[1] ?? 'localhost'}>`);
    const paths = await Promise.all(
      emails.map(async (email, i) => {
        const path = join(dir, `${i}.eml`);
        await writeFile(path, await composeMessage(email, ids[i]), { mode: 0o600 });
        return path;
      }),
    );
    const output = await runSpamAssassin(null, paths);
    if (output === null) return emails.map(() => null);
    const reports = reportsByMessage(output, ids);
    return reports ? reports.map(parseSpamAssassinReport) : Promise.all(emails.map(spamScore));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each message's part of the output, from its Message-ID to the next one's; null if one is missing. */
function reportsByMessage(output: string, ids: string[]): string[] | null {
  const starts: number[] = [];
  for (const id of ids) {
    const at = output.indexOf(id, (starts.at(-1) ?? -1) + 1);
    if (at === -1) return null;
    starts.push(at);
  }
  return starts.map((start, i) => output.slice(start, starts[i + 1] ?? output.length));
}

function composeMessage(email: EmailToScore, messageId?: string): Promise<Buffer> {
  return new MailComposer({
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
    ...(messageId ? { messageId } : {}),
  })
    .compile()
    .build();
}

/**
 * --local: no network tests (DNS blocklists, Razor, Pyzor, DCC), so nothing about the email
 * leaves the machine. Bayes is switched off because its auto-learning writes every checked
 * email into ~/.spamassassin, and the score of the same email would drift from run to run.
 * --nocreate-prefs: no user preferences file appears in her home directory.
 */
function runSpamAssassin(message: Buffer | null, paths: string[] = []): Promise<string | null> {
  const args = ['--local', '--test-mode', '--nocreate-prefs', '--cf=use_bayes 0', '--cf=bayes_auto_learn 0', ...paths];
  return new Promise((resolve, reject) => {
    const child = spawn('spamassassin', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve(null);
      else reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const why = signal ? `was stopped after ${TIMEOUT_MS / 1000} s` : `exited with ${code}`;
      reject(new Error(`spamassassin ${why}: ${Buffer.concat(stderr).toString('utf8').trim().slice(0, 500)}`));
    });
    // It may exit before reading everything (a bad option); that shows up as its exit code.
    child.stdin.on('error', () => {});
    child.stdin.end(message ?? undefined);
  });
}

/**
 * Mailbox providers use their own filters, but a message SpamAssassin scores above 2.5 with
 * local rules alone has words or markup that many of them also hold against it.
 * A null result (SpamAssassin not installed) gives no problems: the caller says so once.
 */
export function checkSpamScore(file: string, result: SpamScore | null, threshold = 2.5): Problem[] {
  if (result === null || result.score <= threshold) return [];
  const reasons = result.rules
    .filter((rule) => rule.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((rule) => `${plainWords(rule.description)} (${rule.score})`);
  return [
    {
      file,
      severity: 'error',
      rule: 'spam-score',
      message:
        `This email looks like spam to filters (score ${result.score}, it should be ${threshold} or less), so it may land in the spam folder. ` +
        `The main reasons: ${reasons.join('; ')}. Reword those parts and check again.`,
    },
  ];
}

/** 'BODY: One hundred percent guaranteed' → 'one hundred percent guaranteed'. */
function plainWords(description: string): string {
  const text = description.replace(/^(BODY|RAW|URI|HEADER|HTML|MIME|FULL)\s*:\s*/i, '');
  // Lower-case the first word only when it is an ordinary word, not an acronym like DKIM.
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
