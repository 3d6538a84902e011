import type { ChildProcess } from 'node:child_process';
import { startFakeResend, type FakeEmail, type FakeRequest, type FakeStats } from '../support/fake-resend.js';
import { exitOf, spawnNodeScript, stopChild, waitUntil } from './processes.js';

/** The fake Resend as the bench sees it, wherever it runs. */
export interface FakeProvider {
  url: string;
  /** The process serving it; null when it shares the bench's event loop. */
  pid: number | null;
  stats(): Promise<FakeStats>;
  requests(): Promise<FakeRequest[]>;
  emails(): Promise<FakeEmail[]>;
  close(): Promise<void>;
}

export async function startFakeProvider(
  placement: 'process' | 'inline',
  rateLimitPerSecond?: number,
  nodeFlags?: string[],
): Promise<FakeProvider> {
  return placement === 'inline' ? startInline(rateLimitPerSecond) : startProcess(rateLimitPerSecond, nodeFlags);
}

async function startInline(rateLimitPerSecond?: number): Promise<FakeProvider> {
  const fake = await startFakeResend({ rateLimitPerSecond });
  return {
    url: fake.url,
    pid: null,
    stats: async () => fake.stats(),
    requests: async () => fake.requests(),
    emails: async () => fake.emails(),
    close: () => fake.close(),
  };
}

/**
 * The fake in a Node process of its own (test/support/fake-resend-cli.ts), so JSON parsing and
 * hashing of request bodies runs on the second core instead of beside the bench's polling.
 */
async function startProcess(rateLimitPerSecond?: number, nodeFlags?: string[]): Promise<FakeProvider> {
  let url: string | undefined;
  const child: ChildProcess = spawnNodeScript('test/support/fake-resend-cli.ts', {
    args: ['--port', '0', ...(rateLimitPerSecond ? ['--rate', String(rateLimitPerSecond)] : [])],
    label: 'fake',
    nodeFlags,
    env: { ...process.env, NODE_ENV: 'production' },
    onLine: (line) => {
      const match = /^FAKE_RESEND_URL=(\S+)/.exec(line);
      if (match) url = match[1];
    },
  });
  const baseUrl = await waitUntil('the fake Resend to listen', () => url, { timeoutMs: 30_000, abort: exitOf(child, 'fake Resend') });
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`);
    if (!response.ok) throw new Error(`fake ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    url: baseUrl,
    pid: child.pid ?? null,
    stats: () => get<FakeStats>('/_fake/stats'),
    requests: () => get<FakeRequest[]>('/_fake/requests'),
    emails: () => get<FakeEmail[]>('/_fake/emails'),
    close: () => stopChild(child),
  };
}
