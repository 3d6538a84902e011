import { readLocalControl } from '../runtime/local-control.js';
import type { Config } from '../config.js';
import { CommandError } from './open-database.js';

/**
 * The running `npm start`, when it holds the embedded database: commands call its admin API
 * (the same use cases) instead of opening the database themselves. Null when it is not running
 * or when DATABASE_URL is set (a real Postgres serves the command directly).
 */
export function runningApp(config: Config) {
  if (config.databaseUrl) return null;
  const control = readLocalControl(config.dataDir);
  if (!control) return null;
  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${control.url}/api/admin${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${control.token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new CommandError(`The app (process ${control.pid}) did not answer at ${control.url}. If it is stuck, stop it and run this command again.`);
    }
    const answer = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (!response.ok) throw new CommandError(answer?.error?.message ?? `The app answered ${response.status}.`);
    return answer as T;
  };
  return {
    pid: control.pid,
    post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
    get: <T>(path: string) => request<T>('GET', path),
  };
}
