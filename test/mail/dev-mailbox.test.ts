import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevMailboxMailer, getDevMail, listDevMailbox } from '../../src/mail/dev-mailbox.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { sampleEmail } from '../support/sample-email.js';

const email = sampleEmail;

describe('dev mailbox mailer', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it('stores a batch and lists it oldest first with bodies and headers', async () => {
    const mailer = createDevMailboxMailer(testDb.db);
    const result = await mailer.send([email(1), email(2)], 'batch/1');

    const mails = await listDevMailbox(testDb.db);
    expect(result).toEqual({ ok: true, messageIds: mails.map((m) => m.id), rejected: [] });
    expect(mails).toMatchObject([
      { to: 'reader1@example.com', subject: 'Lesson 1', html: '<p>Lesson 1</p>', text: 'Lesson 1' },
      { to: 'reader2@example.com', subject: 'Lesson 2', html: '<p>Lesson 2</p>', text: 'Lesson 2' },
    ]);
    expect(mails[1]!.headers).toEqual({ 'List-Unsubscribe': '<https://example.com/u/2>' });
    expect(mails[0]!.createdAt).toBeInstanceOf(Date);
    expect(await getDevMail(testDb.db, mails[1]!.id)).toEqual(mails[1]);
  });

  it('a retry under the same key stores nothing new and returns the same ids', async () => {
    const mailer = createDevMailboxMailer(testDb.db);
    const first = await mailer.send([email(3), email(4)], 'batch/2');
    const before = await listDevMailbox(testDb.db);

    const retry = await mailer.send([email(3), email(4)], 'batch/2');

    expect(retry).toEqual(first);
    expect(await listDevMailbox(testDb.db)).toHaveLength(before.length);
  });

  it('refuses a key that already names a different batch', async () => {
    const mailer = createDevMailboxMailer(testDb.db);
    await mailer.send([email(5)], 'batch/3');

    expect(await mailer.send([email(6), email(7)], 'batch/3')).toMatchObject({ ok: false, kind: 'conflict' });
  });

  it('returns null for ids it never issued', async () => {
    expect(await getDevMail(testDb.db, 'dev_999999')).toBeNull();
    expect(await getDevMail(testDb.db, 'not-an-id')).toBeNull();
  });
});
