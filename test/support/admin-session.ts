import type { Hono } from 'hono';
import type { HonoEnv } from '../../src/http/env.js';

/**
 * Logs in to the dashboard as the login form does and returns the `Cookie` header to send with
 * the next requests (the session cookie, as a browser would keep it).
 */
export async function logIn(app: Hono<HonoEnv>, password: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await app.request('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ password }).toString(),
  });
  if (res.status !== 303) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('login set no cookie');
  return cookie.split(';')[0]!;
}
