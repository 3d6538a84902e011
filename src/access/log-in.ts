import type { AppContext } from '../context.js';
import type { LoginGuard } from './login-guard.js';
import type { PasswordChecks } from './password-checks.js';
import { verifyAdminPassword } from './password.js';
import { startSession } from './sessions.js';

export interface LogInContext extends Pick<AppContext, 'sql' | 'clock'> {
  loginGuard: LoginGuard;
  passwordChecks: PasswordChecks;
  /** The scrypt hash of ADMIN_PASSWORD in force. */
  passwordHash: string;
}

export type LogInResult =
  | { kind: 'session'; token: string }
  | { kind: 'wrong-password' }
  /** This client has used its tries; nothing was checked. */
  | { kind: 'limited'; retryAfterSeconds: number }
  /** Too many checks in flight in this process; nothing was checked, and the try is given back. */
  | { kind: 'busy'; retryAfterSeconds: number };

/**
 * A dashboard login: the client's try is spent first, then the password is checked in one of a
 * few turns, then the try is refunded if it was right and a session starts. Spending before the
 * check is what makes the budget hold under requests sent all at once.
 */
export async function logIn(ctx: LogInContext, input: { ip: string; password: string }): Promise<LogInResult> {
  const wait = await ctx.loginGuard.spend(input.ip);
  if (wait !== null) return { kind: 'limited', retryAfterSeconds: wait };
  const checked = await ctx.passwordChecks.run(() => verifyAdminPassword(ctx.passwordHash, input.password));
  if (checked.kind === 'busy') {
    await ctx.loginGuard.refund(input.ip);
    return { kind: 'busy', retryAfterSeconds: 1 };
  }
  if (!checked.value) return { kind: 'wrong-password' };
  await ctx.loginGuard.refund(input.ip);
  return { kind: 'session', token: await startSession(ctx, ctx.passwordHash) };
}
