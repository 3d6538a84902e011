export interface GlobalOptions {
  json?: boolean;
}

/** Results go to stdout: one JSON object with --json, otherwise one sentence for a person. */
export function printResult(options: GlobalOptions, result: object, sentence: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${sentence}\n`);
}
