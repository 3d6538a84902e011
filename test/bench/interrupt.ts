import { killLiveChildren } from '../support/reaper.js';
import { sleep } from '../support/wait-for.js';

/** Clean-ups an interrupted run still owes (dropping its database), newest first. */
const interruptCleanups: Array<() => Promise<void>> = [];

export function cleanUpOnInterrupt(cleanup: () => Promise<void>): () => void {
  interruptCleanups.push(cleanup);
  return () => void interruptCleanups.splice(interruptCleanups.indexOf(cleanup), 1);
}

/** Kills every child this bench started, then runs the owed clean-ups, each given a few seconds. */
export async function abandonRun(): Promise<void> {
  killLiveChildren();
  for (const cleanup of interruptCleanups.reverse()) {
    await Promise.race([cleanup().catch(() => {}), sleep(5_000)]);
  }
}
