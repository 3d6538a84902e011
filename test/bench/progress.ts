/** Progress goes to stderr: stdout is reserved for the bench's one result line. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** An onLine for spawnNodeProcess: a child's output joins the progress, labelled with whose it is. */
export function echoOutput(label: string): (line: string) => void {
  return (line) => {
    if (line.trim()) process.stderr.write(`  [${label}] ${line}\n`);
  };
}
