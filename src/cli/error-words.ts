import { AppError } from '../errors.js';

/**
 * How the command line says a use case's refusal. A use case writes a plain message that names
 * no interface; where the way out is a flag of this command line, it is said here.
 */
const WORDS: Record<string, (error: AppError) => string> = {
  'validation_failed/audience_missing': (e) => `Say who it goes to with --audience: ${e.details?.choices}.`,
  'validation_failed/course_not_narrowing': (e) =>
    `--course only narrows the in-course and graduates audiences; "${e.details?.audience}" is ${e.details?.description}.`,
  'validation_failed/timing_both': () => 'Give either --at (one moment for everyone) or --local-hour (a morning in each one’s own time zone), not both.',
  'validation_failed/time_past': (e) => `${e.details?.at} is in the past. Choose a time from now on, or leave out --at to send it now.`,
  'conflict/repeat': (e) => `${e.message} If you mean to, add --force.`,
  'not_found/broadcast_missing': (e) => `${e.message} \`npm run cli -- broadcast list\` shows them.`,
  'conflict/broadcast_changed': (e) => `${e.message} Look again with \`npm run cli -- broadcast show ${e.details?.broadcastId}\`.`,
};

export function commandLineMessage(error: AppError): string {
  const word = error.reason ? WORDS[`${error.code}/${error.reason}`] : undefined;
  return word ? word(error) : error.message;
}

/** An error the running app's API answered with, as the AppError it was, so it is worded here too. */
export function appErrorFromAnswer(answer: unknown): AppError | null {
  const error = (answer as { error?: { code?: unknown; message?: unknown; reason?: unknown; details?: unknown } } | null)?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  if (!AppError.isCode(error.code)) return null;
  return new AppError(error.code, error.message, {
    reason: typeof error.reason === 'string' ? error.reason : undefined,
    details: error.details && typeof error.details === 'object' ? (error.details as AppError['details']) : undefined,
  });
}
