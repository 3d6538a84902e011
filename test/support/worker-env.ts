/**
 * The whole environment of an app process (a worker, the bench's naive worker): built from
 * nothing rather than from ours, so a developer's SEND_LEASE or RESEND_API_KEY cannot leak in.
 * NODE_ENV is production as deployed (React's development build renders several times slower).
 */
export function appProcessEnv(settings: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    RESEND_API_KEY: 're_test',
    SECRET: 'test-secret-test-secret-test-secret-1234',
    APP_URL: 'https://course.example.com',
    EMAIL_FROM: 'Dr. Test <hello@course.example.com>',
    POSTAL_ADDRESS: '1 Test Lane, Testville, TS 00000',
    ...settings,
  };
}

export interface WorkerEnvOptions {
  databaseUrl: string;
  redisUrl: string;
  resendBaseUrl: string;
  queuePrefix: string;
  extra?: Record<string, string>;
}

/**
 * A worker as the process tests run it: a short lease and reconcile period, so recovery from a
 * crash fits in a test's timeout, and info logs, which the tests wait on.
 */
export function workerEnv(options: WorkerEnvOptions): Record<string, string> {
  return appProcessEnv({
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    RESEND_BASE_URL: options.resendBaseUrl,
    RESEND_RATE_LIMIT: '1000',
    QUEUE_PREFIX: options.queuePrefix,
    RECONCILE_INTERVAL: '1s',
    SEND_LEASE: '3s',
    WORKER_CONCURRENCY: '4',
    DATA_DIR: '/tmp/rmg-test-data',
    LOG_LEVEL: 'info',
    ...options.extra,
  });
}
