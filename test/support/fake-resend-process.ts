import { exitOf, stopChild } from './child-process.js';
import type { FakeEmail, FakeRequest, FakeStats } from './fake-resend.js';
import { spawnNodeProcess } from './node-process.js';
import { waitFor } from './wait-for.js';

/** The one stdout line fake-resend-cli.ts writes once it listens: the contract a parent waits for. */
export const LISTENING_PREFIX = 'FAKE_RESEND_URL=';

/** The fake in another process, read through its `/_fake/*` control routes. */
export interface FakeResendProcess {
  url: string;
  /** The Node process serving it (not a supervisor), so its CPU can be read from /proc. */
  pid: number;
  stats(): Promise<FakeStats>;
  requests(): Promise<FakeRequest[]>;
  emails(): Promise<FakeEmail[]>;
  close(): Promise<void>;
}

export interface FakeResendProcessOptions {
  rateLimitPerSecond?: number;
  /** Passed as `--lean-bodies`: see FakeResendOptions.leanBodies. */
  leanBodies?: boolean;
  /** Passed as `--latency`: see FakeResendOptions.latencyMs. */
  latencyMs?: number;
  nodeFlags?: string[];
  /** Every line the process writes, its listening line included. */
  onLine?: (line: string) => void;
}

/**
 * Runs test/support/fake-resend-cli.ts in a Node process of its own, so JSON parsing and hashing
 * of request bodies run on another core than the load that is sent to it.
 */
export async function startFakeResendProcess(options: FakeResendProcessOptions = {}): Promise<FakeResendProcess> {
  let url: string | undefined;
  const { rateLimitPerSecond, leanBodies, latencyMs } = options;
  const child = spawnNodeProcess('test/support/fake-resend-cli.ts', {
    launcher: 'tsx-loader',
    env: process.env,
    args: [
      '--port',
      '0',
      ...(rateLimitPerSecond ? ['--rate', String(rateLimitPerSecond)] : []),
      ...(leanBodies ? ['--lean-bodies'] : []),
      ...(latencyMs ? ['--latency', String(latencyMs)] : []),
    ],
    nodeFlags: options.nodeFlags,
    onLine: (line) => {
      if (line.startsWith(LISTENING_PREFIX)) url = line.slice(LISTENING_PREFIX.length).trim();
      options.onLine?.(line);
    },
  });
  const baseUrl = await waitFor('the fake Resend to listen', () => url, 30_000, { abort: exitOf(child, 'fake Resend') }).catch(
    async (error: unknown) => {
      await stopChild(child);
      throw error;
    },
  );
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`);
    if (!response.ok) throw new Error(`fake ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    url: baseUrl,
    pid: child.pid!,
    stats: () => get<FakeStats>('/_fake/stats'),
    requests: () => get<FakeRequest[]>('/_fake/requests'),
    emails: () => get<FakeEmail[]>('/_fake/emails'),
    close: () => stopChild(child),
  };
}
