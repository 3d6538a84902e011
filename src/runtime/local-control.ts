import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How a command reaches `npm start` on the embedded database, which serves one process at a
 * time: the running app writes its address and a fresh token to DATA_DIR (readable by this
 * user only), and a command that finds the database in use asks the app instead.
 */
export interface LocalControl {
  pid: number;
  url: string;
  token: string;
  /** The app's APP_URL, for the addresses a command prints (its dev mailbox): the command's own environment may differ. */
  appUrl?: string;
}

const FILE = 'app.json';

export function newLocalToken(): string {
  return randomBytes(24).toString('base64url');
}

export function writeLocalControl(dataDir: string, control: LocalControl): () => void {
  const path = join(dataDir, FILE);
  writeFileSync(path, JSON.stringify(control), { mode: 0o600 });
  return () => {
    // Only our own file: a second app may have replaced it after a crash of this one.
    if (readLocalControl(dataDir)?.pid === control.pid) rmSync(path, { force: true });
  };
}

/** The running app's address, or null when there is none (or the file is from a dead process). */
export function readLocalControl(dataDir: string): LocalControl | null {
  try {
    const control = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as LocalControl;
    process.kill(control.pid, 0);
    return control;
  } catch {
    return null;
  }
}
