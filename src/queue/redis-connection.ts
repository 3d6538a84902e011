import { Redis } from 'ioredis';

/**
 * BullMQ wants `maxRetriesPerRequest: null` so a blocking call survives a Redis restart
 * instead of failing the worker; it duplicates this connection for its blocking clients.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
