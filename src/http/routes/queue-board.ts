import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import type { Queues } from '../../queue/queues.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over the dispatch and send queues, for seeing what Redis is moving right now.
 * It shows jobs, not the truth: pending work lives in Postgres. Outside development it is
 * only mounted behind a password.
 */
export function queueBoard(queues: Queues, password: string | null): Hono {
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.dispatch, { readOnlyMode: true }), new BullMQAdapter(queues.send, { readOnlyMode: true })],
    serverAdapter: adapter,
  });
  const board = new Hono();
  if (password) board.use('*', basicAuth({ username: 'admin', password }));
  board.route('/', adapter.registerPlugin());
  return board;
}
