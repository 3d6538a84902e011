import type { AppContext } from '../context.js';
import type { SignupGuard } from '../subscribers/signup-guard.js';

/** Hono's typed environment: every route reads its dependencies from `c.var`. */
export interface HonoEnv {
  Variables: {
    ctx: AppContext;
    /** One per app, so its per-process fallback counts are shared by every signup route. */
    signupGuard: SignupGuard;
    /** Her dashboard's timezone, read once per dashboard request (dashboard/dashboard.tsx). */
    dashboardZone?: string;
  };
}
