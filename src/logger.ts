import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'rmg'): Logger {
  return pino({ name, level });
}

/** For tests: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
