import { readLocalControl } from '../runtime/local-control.js';
import type { Config } from '../config.js';
import { appErrorFromAnswer } from './error-words.js';
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

  async function request(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${control!.url}/api/admin${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${control!.token}` },
      });
    } catch {
      throw new CommandError(`The app (process ${control!.pid}) did not answer at ${control!.url}. If it is stuck, stop it and run this command again.`);
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw appErrorFromAnswer(answer) ?? new CommandError(answer?.error?.message ?? `The app answered ${response.status}.`);
    }
    return response;
  }

  return {
    pid: control.pid,
    /** Where the running app says it is (its APP_URL), for the addresses a command prints. */
    appUrl: control.appUrl ?? config.appUrl,
    async get<T>(path: string): Promise<T> {
      const response = await request(path, { method: 'GET' });
      return (await response.json()) as T;
    },
    async post<T>(path: string, body: unknown): Promise<T> {
      const response = await request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as T;
    },
    /** Streams `body` as the request (a file, as it is read); the answer is JSON. */
    async upload<T>(path: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<T> {
      const response = await request(path, { method: 'POST', headers: { 'content-type': contentType }, body, duplex: 'half' } as RequestInit);
      return (await response.json()) as T;
    },
    /** The answer as a stream (an export), once the app has said yes. */
    async download(path: string): Promise<ReadableStream<Uint8Array>> {
      const response = await request(path, { method: 'GET' });
      return response.body!;
    },
  };
}
