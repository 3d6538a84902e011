import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines for machines; in development at a terminal, readable lines for the person who
 * just typed `npm start` (the start-up notices about the dev mailbox are meant to be read).
 */
export function createLogger(level: string, name = 'rmg', options: { pretty?: boolean } = {}): Logger {
  if (!options.pretty) return pino({ name, level });
  // Required only here: pino-pretty and its dependencies are ~10 MB that a production process,
  // which logs JSON, would otherwise load for nothing.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pino({ name, level }, pretty({ colorize: true, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss' }));
}

/** For tests: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
