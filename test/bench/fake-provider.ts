import { startFakeResendProcess, type FakeResendProcess } from '../support/fake-resend-process.js';
import { startFakeResend } from '../support/fake-resend.js';
import { echoOutput } from './progress.js';

/** The fake Resend as the bench sees it, wherever it runs; `pid` is null when it shares the bench's event loop. */
export type FakeProvider = Omit<FakeResendProcess, 'pid'> & { pid: number | null };

export interface FakeProviderOptions {
  rateLimitPerSecond?: number;
  /** Node flags for the fake's own process; ignored inline. */
  nodeFlags?: string[];
  /** See FakeResendOptions.leanBodies. */
  leanBodies?: boolean;
  /** See FakeResendOptions.latencyMs. */
  latencyMs?: number;
}

/** `process` keeps the fake's JSON parsing and hashing off the core the bench polls on. */
export async function startFakeProvider(
  placement: 'process' | 'inline',
  { rateLimitPerSecond, nodeFlags, leanBodies, latencyMs }: FakeProviderOptions = {},
): Promise<FakeProvider> {
  if (placement === 'process') {
    return startFakeResendProcess({ rateLimitPerSecond, nodeFlags, leanBodies, latencyMs, onLine: echoOutput('fake') });
  }
  const fake = await startFakeResend({ rateLimitPerSecond, leanBodies, latencyMs });
  return {
    url: fake.url,
    pid: null,
    stats: async () => fake.stats(),
    requests: async () => fake.requests(),
    emails: async () => fake.emails(),
    close: () => fake.close(),
  };
}
