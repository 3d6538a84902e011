import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * An answer that goes out before the request body has finished arriving (a 413 on its
 * Content-Length, a 415 that never reads the body) leaves the rest of the upload on the wire.
 * @hono/node-server then drains it for at most 500 ms and destroys the socket, without telling
 * the client, which has meanwhile put the connection back in its keep-alive pool: its next
 * request fails with "socket hang up" / "other side closed". `Connection: close` says so up
 * front, so the client opens a fresh connection for the next request instead.
 */
export const closeUnfinishedUpload: MiddlewareHandler = async (c, next) => {
  await next();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.complete) c.res.headers.set('Connection', 'close');
};
