import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedCommands, NOT_RUN_BY_THE_SUITE } from '../support/documented-commands.js';
import { PROJECT_DIR } from '../support/run-command.js';

/**
 * Every command the README and the guides tell someone to type, and the test file that runs it
 * exactly as written. A command added to a doc without a test here fails this test; and a whole
 * `npm test` fails at its end if a documented command was not run as typed by any of its tests
 * (each test records what it ran through a shell; test/support/global-setup.ts checks the list).
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
  'npm run cli -- content export': 'test/cli/content.test.ts (on her emails/, against a fresh database)',
  'npm run cli -- content import': 'test/cli/content.test.ts (on her emails/, against a fresh database)',
  'npm run db:migrate': 'test/db/migrate-cli.test.ts',
  'npm run start:web': 'test/e2e/start-scripts.test.ts',
  'npm run start:worker': 'test/e2e/start-scripts.test.ts',
  'npm run bench': 'run by hand (prints its figures); not a unit test',
  'npm run bench -- --scale': 'run by hand (prints its figures: the idle tick, Redis and the burst at each size); not a unit test',
};

describe('documented commands', () => {
  it('knows where each documented command is run, or why the suite does not run it', () => {
    for (const { doc, command } of documentedCommands()) {
      const known = Object.hasOwn(TESTED, command) || Object.hasOwn(NOT_RUN_BY_THE_SUITE, command);
      expect(known, `${doc}: "${command}"`).toBe(true);
    }
    expect(documentedCommands().length).toBeGreaterThan(10);
  });

  it('runs the README’s multi-line Resend example as one block, as written', () => {
    const source = readFileSync(join(PROJECT_DIR, 'test/e2e/resend-example.test.ts'), 'utf8');
    expect(source).toContain("readme.indexOf('### Sending for real with Resend')");
    expect(source).toContain("spawn('bash', ['-c', resendExample()]");
    const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Sending for real with Resend')))![1]!;
    for (const setting of ['NODE_ENV=production', 'ADMIN_PASSWORD=', 'SECRET=', 'RESEND_API_KEY=']) expect(block).toContain(setting);
  });
});
