/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { FALLBACK_TIMEZONE } from '../../settings/timezone.js';
import type { HonoEnv } from '../env.js';
import { HerZone } from './her-time.js';

/** A dashboard page as the answer, its times in her zone (see her-time.ts). */
export function dashboardHtml(c: Context<HonoEnv>, page: Child, status?: ContentfulStatusCode) {
  return c.html(<HerZone.Provider value={c.var.dashboardZone ?? FALLBACK_TIMEZONE}>{page}</HerZone.Provider>, status);
}
