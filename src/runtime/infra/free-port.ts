import { createServer } from 'node:net';

/**
 * Asks the OS for a port that is free right now. There is a window between closing this
 * probe and the caller binding the port in which another process could take it; callers
 * that cannot bind port 0 themselves (redis-server) accept that race and fail loudly if lost.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('The OS did not assign a port'))));
    });
  });
}
