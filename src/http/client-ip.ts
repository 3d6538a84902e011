import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** What `app.request()` in tests has instead of a socket: every such request is one client. */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The address a limit should count against.
 *
 * Without trusted proxies it is the socket's peer: X-Forwarded-For is written by the client as
 * much as by anyone, so reading it would let a flood pick a fresh IP for every request.
 *
 * Each proxy appends the address it received the request from, so the list reads from the
 * client towards us, and only its right end was written by machines we trust. With one proxy
 * (a load balancer) the right-most entry is the client it saw; whatever is left of it came from
 * the client itself. With N proxies it is the N-th from the right. This is also what Express's
 * `trust proxy = N` picks.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  const socket = socketAddress(c) ?? UNKNOWN_CLIENT;
  if (trustedProxies === 0) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => withoutPort(entry.trim()))
    .filter((entry) => entry !== '');
  // Nearest first: the socket's peer is our last proxy, then each hop further out.
  const chain = [socket, ...forwarded.reverse()];
  const hop = chain[Math.min(trustedProxies, chain.length - 1)]!;
  return isIP(hop) ? hop : socket;
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // No Node socket behind this request (Hono's app.request()).
    return undefined;
  }
}

/** Some load balancers (Azure's) write `1.2.3.4:5678` or `[2001:db8::1]:5678`. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? v4[1]! : entry;
}
