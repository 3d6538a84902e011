import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.js';
import type { HonoEnv } from '../env.js';

/**
 * A request with X-Forwarded-For while TRUST_PROXY is unset most likely came through a load
 * balancer we were not told about. The header is then rightly ignored (any client can write
 * it), but the socket's address is the balancer's: every visitor shares one IP, and with it one
 * signup budget and one login budget. Said once per process, since it is true of every request.
 */
export function warnOfUntrustedForwardedFor(trustProxyHops: number, logger: Logger): MiddlewareHandler<HonoEnv> {
  let warned = trustProxyHops > 0;
  return async (c, next) => {
    if (!warned && c.req.header('x-forwarded-for') !== undefined) {
      warned = true;
      logger.warn(
        'requests carry X-Forwarded-For but TRUST_PROXY is not set: the header is ignored, so every visitor counts as the address of the proxy in front of the app and shares one budget of signups and dashboard logins. If a load balancer of yours stands in front, set TRUST_PROXY=true (or the number of proxies).',
      );
    }
    await next();
  };
}
