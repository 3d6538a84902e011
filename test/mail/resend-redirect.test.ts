import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createResendMailer } from '../../src/mail/resend-mailer.js';
import { sampleEmail } from '../support/sample-email.js';

// The mailer asks fetch not to follow redirects (so undici keeps no copy of each body to re-send).
// A provider that redirects anyway gets no second POST, and the send is retried later.
let server: Server;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/moved')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
      res.writeHead(307, { location: `/moved${req.url}` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it.each([1, 2])('does not follow a redirect with %i email(s), and reports it as transient', async (count) => {
  seen.length = 0;
  const { port } = server.address() as AddressInfo;
  const mailer = createResendMailer({ apiKey: 're_test', baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
  const emails = Array.from({ length: count }, (_, i) => sampleEmail(i + 1));
  const result = await mailer.send(emails, `redirect-${count}`);
  expect(result).toMatchObject({ ok: false, kind: 'transient' });
  expect(seen).toEqual([count === 1 ? 'POST /emails' : 'POST /emails/batch']);
});
