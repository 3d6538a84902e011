/**
 * A start-up problem the operator can fix (install something, set a variable, stop another
 * process). Its message is the whole story, so the entry point prints it and exits 1
 * without a stack trace.
 */
export class InfraError extends Error {
  override name = 'InfraError';
}
