import { Redis } from 'ioredis';

/** BullMQ needs connections that never give up on a command (`maxRetriesPerRequest: null`). */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
