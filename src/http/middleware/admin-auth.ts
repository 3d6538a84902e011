import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../errors.js';
import type { HonoEnv } from '../env.js';

/**
 * Bearer-token guard for /api/admin/*. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither their content nor their length leaks through timing.
 */
export function adminAuth(tokens: string[]) {
  const digests = tokens.map(digest);
  return createMiddleware<HonoEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/.exec(header)?.[1];
    const ok = given !== undefined && digests.some((d) => timingSafeEqual(d, digest(given)));
    if (!ok) throw new AppError('unauthorized', 'This needs the admin token: send it as "Authorization: Bearer <token>".');
    await next();
  });
}

const digest = (value: string) => createHash('sha256').update(value).digest();
