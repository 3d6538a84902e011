import type { Logger } from 'pino';

/** The slice of pino that infra start-up uses, so tests can pass nothing at all. */
export type InfraLogger = Pick<Logger, 'info' | 'warn'>;

export const silentLogger: InfraLogger = { info: () => {}, warn: () => {} };
