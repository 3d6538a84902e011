import { ConfigError } from '../config.js';
import { InfraError } from './infra/infra-error.js';
import type { Logger } from '../logger.js';

/**
 * On SIGTERM or SIGINT, runs `stop` once (finish in-flight work, close connections), then
 * exits 0. A second signal while stopping is ignored rather than cutting the drain short.
 */
export function stopOnSignals(logger: Logger, message: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, message);
    await stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  process.on('SIGINT', () => void onSignal('SIGINT'));
}

/** A start-up failure: our own config and infrastructure errors are one readable line. */
export function exitOnStartupError(error: unknown): never {
  console.error(error instanceof ConfigError || error instanceof InfraError ? error.message : error);
  process.exit(1);
}
