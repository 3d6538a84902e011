import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../support/run-command.js';

/**
 * Every command the README and the guides tell someone to type, and the test file that runs it
 * exactly as written. A command added to a doc without a test here fails this test.
 */
const TESTED: Record<string, string> = {
  'npm install && npm start': 'test/e2e/quickstart.test.ts (npm start on embedded defaults)',
  'npm start': 'test/e2e/quickstart.test.ts (and test/e2e/resend-example.test.ts runs the README’s Resend block, env lines and all)',
  'npm test': '.ci/run',
  'npm run email': 'test/cli/preview.test.ts',
  'npm run email:check': 'test/cli/email-check.test.ts',
  'npm run cli -- send-test what-mom-guilt-is you@example.com': 'test/cli/send-test.test.ts',
  'npm run cli -- send-test emails/newsletters/2026-12-gentle-december.md you@example.com': 'test/cli/send-test.test.ts',
  'npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience all --dry-run': 'test/cli/broadcast.test.ts',
  'npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience all': 'test/e2e/quickstart.test.ts (through the running app)',
  'npm run cli -- broadcast send emails/newsletters/2026-12-gentle-december.md --audience newsletter --local-hour 2030-01-07': 'test/cli/broadcast.test.ts',
  'npm run cli -- broadcast list': 'test/cli/broadcast.test.ts',
  'npm run cli -- broadcast show 1': 'test/cli/broadcast.test.ts',
  'npm run cli -- broadcast pause 1': 'test/cli/broadcast.test.ts',
  'npm run cli -- broadcast resume 1': 'test/cli/broadcast.test.ts',
  'npm run cli -- broadcast cancel 1': 'test/cli/broadcast.test.ts',
  'npm run cli -- subscribers import my-list.csv --dry-run': 'test/cli/subscribers.test.ts (in a folder holding her file)',
  'npm run cli -- subscribers import my-list.csv': 'test/cli/subscribers.test.ts',
  'npm run cli -- subscribers import my-list.csv --enroll releasing-mom-guilt': 'test/cli/subscribers.test.ts',
  'npm run cli -- subscribers import subscribed_members_export.csv --dry-run': 'test/cli/subscribers.test.ts (in a folder holding the Mailchimp files)',
  'npm run cli -- subscribers import subscribed_members_export.csv': 'test/cli/subscribers.test.ts',
  'npm run cli -- subscribers import unsubscribed_members_export.csv': 'test/cli/subscribers.test.ts',
  'npm run cli -- subscribers import cleaned_members_export.csv': 'test/cli/subscribers.test.ts',
  'npm run cli -- subscribers export --output my-list-copy.csv': 'test/cli/subscribers.test.ts',
  'npm run cli -- subscribers export --status active --output on-my-list.csv': 'test/cli/subscribers.test.ts',
  'npm run db:migrate': 'test/db/migrate-cli.test.ts',
  'npm run start:web': 'test/e2e/start-scripts.test.ts',
  'npm run start:worker': 'test/e2e/start-scripts.test.ts',
  'npm run bench': 'run by hand (prints its figures); not a unit test',
  'npm run bench -- --scale': 'run by hand (prints its figures: the idle tick, Redis and the burst at each size); not a unit test',
};

function commandsIn(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line.startsWith('npm ')) commands.push(line);
    }
  }
  return commands;
}

describe('documented commands', () => {
  const docs = ['README.md', ...readdirSync(join(PROJECT_DIR, 'docs')).map((f) => `docs/${f}`)];
  it.each(docs)('%s names only commands that a test runs as written', (doc) => {
    const commands = commandsIn(readFileSync(join(PROJECT_DIR, doc), 'utf8'));
    for (const command of commands) expect(TESTED, `${doc}: "${command}"`).toHaveProperty([command]);
  });

  it('runs the README’s multi-line Resend example as one block, as written', () => {
    const source = readFileSync(join(PROJECT_DIR, 'test/e2e/resend-example.test.ts'), 'utf8');
    expect(source).toContain("readme.indexOf('### Sending for real with Resend')");
    expect(source).toContain("spawn('bash', ['-c', resendExample()]");
    const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Sending for real with Resend')))![1]!;
    for (const setting of ['NODE_ENV=production', 'ADMIN_PASSWORD=', 'SECRET=', 'RESEND_API_KEY=']) expect(block).toContain(setting);
  });

  it('each test file named here runs its command through a shell, as typed', () => {
    for (const [command, where] of Object.entries(TESTED)) {
      const file = where.split(' ')[0]!;
      if (!file.startsWith('test/')) continue;
      const source = readFileSync(join(PROJECT_DIR, file), 'utf8');
      const args = command.replace(/^npm run /, '').split(' ')[0]!;
      expect(source, `${file} should run "${command}"`).toContain(args);
    }
  });
});
