import { Agent, request } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** One request through `agent`; `chunked` sends the body without a Content-Length. */
function post(agent: Agent, port: number, path: string, body: string, { type = 'application/json', chunked = false } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': type, accept: type === 'application/json' ? 'application/json' : 'text/html' };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request({ agent, host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }));
      res.on('error', reject);
    });
    // Once the answer is in, the server may stop reading what is left of the upload.
    req.on('error', reject);
    if (chunked) for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
    req.end(chunked ? undefined : body);
  });
}

const signup = (email: string) => JSON.stringify({ email, firstName: 'Ana', timezone: 'Europe/Paris' });
const huge = (bytes: number) => JSON.stringify({ email: 'big@example.com', firstName: 'x'.repeat(bytes) });

/**
 * The app served as src/main.ts serves it, on a real port, with a client that keeps one
 * connection alive: the request after a 413 must not land on a socket the server is closing.
 */
describe('the connection after an early 413', () => {
  let h: Harness;
  let server: ServerType;
  let port: number;

  beforeAll(async () => {
    h = await createHarness();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  // 2 MB is the size that failed: the server's 500 ms drain gave up and killed a pooled socket.
  it.each([100_000, 2_000_000, 20_000_000])('a %i-byte JSON body, then a signup on the same agent', async (bytes) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await post(agent, port, '/api/subscribers', huge(bytes));
      expect(first.status).toBe(413);
      expect(first.connection).toBe('close');
      const second = await post(agent, port, '/api/subscribers', signup(`after-${bytes}@example.com`));
      expect(second.status).toBe(202);
    } finally {
      agent.destroy();
    }
  });

  it('a chunked upload over the limit, then a signup', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await post(agent, port, '/api/subscribers', huge(2_000_000), { chunked: true });
      expect(first.status).toBe(413);
      const second = await post(agent, port, '/api/subscribers', signup('after-chunked@example.com'));
      expect(second.status).toBe(202);
    } finally {
      agent.destroy();
    }
  });

  it('a huge form post, then the form again', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const form = (firstName: string) => new URLSearchParams({ email: 'form@example.com', firstName, timezone: 'Europe/Paris' }).toString();
    const type = 'application/x-www-form-urlencoded';
    try {
      expect((await post(agent, port, '/subscribe', form('x'.repeat(2_000_000)), { type })).status).toBe(413);
      expect((await post(agent, port, '/subscribe', form('Ana'), { type })).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('a request that was read to the end keeps its connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answer = await post(agent, port, '/api/subscribers', signup('kept@example.com'));
      expect(answer.status).toBe(202);
      expect(answer.connection).toBe('keep-alive');
    } finally {
      agent.destroy();
    }
  });

  it('fetch (undici) gets the 413 and its next request through', async () => {
    const big = await fetch(`http://127.0.0.1:${port}/api/subscribers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge(2_000_000) });
    expect(big.status).toBe(413);
    await big.text();
    const next = await fetch(`http://127.0.0.1:${port}/api/subscribers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signup('fetch@example.com') });
    expect(next.status).toBe(202);
  });
});
