import type { AppContext } from '../context.js';

/** Hono's typed environment: every route reads its dependencies from `c.var.ctx`. */
export interface HonoEnv {
  Variables: { ctx: AppContext };
}
