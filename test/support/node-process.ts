import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { forEachOutputLine } from './child-process.js';
import { reapWithUs } from './reaper.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/**
 * How a script is started:
 * - `tsx-cli`: `tsx <file>`, exactly as the npm scripts run it (not through npx, which swallows
 *   signals). The pid is tsx's supervisor, which relays signals to a second Node process that
 *   runs the code.
 * - `tsx-loader`: `node --import tsx <file>`, one process, so its pid is the one running the
 *   code: the bench samples that pid's RSS and CPU.
 * - `node`: an already compiled .mjs, without the loader.
 */
export type Launcher = 'tsx-cli' | 'tsx-loader' | 'node';

export interface NodeProcessOptions {
  launcher: Launcher;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  args?: string[];
  /** Node's own flags (--cpu-prof, heap sizes), ahead of the script. */
  nodeFlags?: string[];
  /** A process group of its own, so that signalProcessGroup reaches tsx's second process too. */
  detached?: boolean;
  /** Every line of stdout and stderr; they are read (and the pipes drained) either way. */
  onLine?: (line: string) => void;
}

/** Starts a script of this project from the project root; it is killed with us if we exit first. */
export function spawnNodeProcess(file: string, options: NodeProcessOptions): ChildProcess {
  const { launcher, nodeFlags = [], args = [] } = options;
  const [command, launch] =
    launcher === 'tsx-cli'
      ? [TSX, [...nodeFlags, file]]
      : [process.execPath, [...nodeFlags, ...(launcher === 'tsx-loader' ? ['--import', 'tsx'] : []), file]];
  const child = spawn(command, [...launch, ...args], {
    cwd: PROJECT_ROOT,
    env: options.env,
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  reapWithUs(child, { group: options.detached ?? false });
  forEachOutputLine(child, options.onLine ?? (() => {}));
  return child;
}
