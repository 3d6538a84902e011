import { parseArgs } from 'node:util';
import { LISTENING_PREFIX } from './fake-resend-process.js';
import { startFakeResend } from './fake-resend.js';

/**
 * Runs the fake in its own process, so a benchmark's load generator and the fake do not share
 * one event loop. Started by startFakeResendProcess, which waits for its single stdout line.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    rate: { type: 'string' },
    'keep-bodies': { type: 'boolean', default: false },
    'lean-bodies': { type: 'boolean', default: false },
    latency: { type: 'string', default: '0' },
  },
});

const port = Number(values.port);
const rate = values.rate === undefined ? undefined : Number(values.rate);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  process.exit(2);
}
if (rate !== undefined && (!Number.isInteger(rate) || rate < 1)) {
  console.error(`--rate must be a positive integer (requests per second), got ${values.rate}`);
  process.exit(2);
}

const latency = Number(values.latency);
if (!Number.isInteger(latency) || latency < 0) {
  console.error(`--latency must be a whole number of milliseconds, got ${values.latency}`);
  process.exit(2);
}

const fake = await startFakeResend({
  port,
  rateLimitPerSecond: rate,
  keepBodies: values['keep-bodies'],
  leanBodies: values['lean-bodies'],
  latencyMs: latency,
});
process.stdout.write(`${LISTENING_PREFIX}${fake.url}\n`);

const stop = () => void fake.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
