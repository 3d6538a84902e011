import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Queues } from '../../queue/queues.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over the dispatch and send queues, for seeing what Redis is moving right now.
 * It shows jobs, not the truth: pending work lives in Postgres. It is mounted inside the
 * dashboard, behind its login (http/dashboard/dashboard.tsx).
 */
export function queueBoard(queues: Queues): Hono {
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.dispatch, { readOnlyMode: true }), new BullMQAdapter(queues.send, { readOnlyMode: true })],
    serverAdapter: adapter,
  });
  const board = new Hono();
  board.route('/', adapter.registerPlugin());
  return board;
}
