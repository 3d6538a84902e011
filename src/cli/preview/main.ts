/**
 * `npm run email`: the React Email preview server over every email she writes, Markdown included.
 * Generates one wrapper per email into .preview/emails/ (gitignored), starts `email dev` on that
 * folder, and regenerates the wrappers when anything under emails/ changes, so a saved .md file
 * shows in the open preview by itself.
 *
 *   npm run email                   # http://localhost:3001
 *   npm run email -- --port 3011    # another port
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAuthoringProblem } from '../../courses/authoring-problem.js';
import { defaultEmailsDir } from '../../courses/emails-dir.js';
import { findFreePort } from '../../runtime/infra/free-port.js';
import { startOfflinePreviewProxy } from './offline-proxy.js';
import { buildWrappers, collectPreviewSources, writeWrappers } from './wrappers.js';

const projectDir = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const emailsDir = defaultEmailsDir();
const outDir = join(projectDir, '.preview', 'emails');

function parsePort(argv: string[]): string {
  const i = argv.findIndex((a) => a === '--port' || a === '-p' || a.startsWith('--port='));
  if (i === -1) return process.env.EMAIL_PREVIEW_PORT ?? '3001';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (!value || !/^\d+$/.test(value)) {
    console.error('Usage: npm run email [-- --port <number>]');
    process.exit(2);
  }
  return value;
}

let lastProblems = '';
let firstRun = true;
async function generate(): Promise<void> {
  const sources = await collectPreviewSources(emailsDir);
  const problems = sources.problems.map(formatAuthoringProblem).join('\n');
  if (problems !== lastProblems) {
    if (problems) console.error(problems);
    else if (lastProblems) console.error('emails/: no problems left.');
    lastProblems = problems;
  }
  const { written, removed } = writeWrappers(outDir, buildWrappers(sources, { projectDir, emailsDir }));
  if (!firstRun && written.length + removed.length > 0) {
    console.error(`Preview updated: ${[...written, ...removed.map((r) => `${r} (removed)`)].join(', ')}`);
  }
  firstRun = false;
}

async function main(): Promise<void> {
  const port = parsePort(process.argv.slice(2));
  await generate();

  // React Email's server runs behind the port she opens; see offline-proxy.ts for why.
  let previewPort = await findFreePort();
  const proxy = await startOfflinePreviewProxy(Number(port), () => previewPort).catch((error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use (another preview?). Stop it, or run  npm run email -- --port 3011` : `Could not open port ${port}: ${error.message}`);
    process.exit(1);
  });
  const bin = join(projectDir, 'node_modules', '.bin', 'email');
  const server = spawn(bin, ['dev', '--dir', outDir, '--port', String(previewPort)], { cwd: projectDir, stdio: ['inherit', 'pipe', 'inherit'] });
  // Its "Running preview at" names its own port (the next one up, were that one taken in the
  // meantime); she opens this one.
  server.stdout!.setEncoding('utf8').on('data', (text: string) => {
    const running = /Running preview at:\s+http:\/\/localhost:(\d+)/.exec(text);
    if (running) previewPort = Number(running[1]);
    process.stdout.write(text.replaceAll(`localhost:${previewPort}`, `localhost:${port}`));
  });

  let queued: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const watcher = watch(emailsDir, { recursive: true }, (_event, name) => {
    if (name && /(^|[\\/])\.react-email([\\/]|$)/.test(String(name))) return;
    clearTimeout(queued);
    queued = setTimeout(() => {
      running = running.then(generate).catch((error) => console.error('Could not update the preview:', error));
    }, 150);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    watcher.close();
    clearTimeout(queued);
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGTERM'));
  server.on('exit', (code, signal) => {
    proxy.close();
    watcher.close();
    clearTimeout(queued);
    process.exit(code ?? (signal ? 0 : 1));
  });
  server.on('error', (error) => {
    console.error(`Could not start the preview server (${bin}):`, error.message);
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
