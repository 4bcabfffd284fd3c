import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/env.js';

/**
 * The Redis connection of the request path (rate limits, security-log aggregation, token
 * revocation). Unlike the queues' connection, it fails fast: with Redis unreachable a command is
 * refused at once (no offline queue, one retry), so a request answers 503 instead of hanging.
 */
export const APP_REDIS = Symbol('APP_REDIS');

/** A Redis key of this deployment: every key the app writes lives under `${QUEUE_PREFIX}:`. */
export function redisKey(config: Pick<AppConfig, 'QUEUE_PREFIX'>, ...parts: string[]): string {
  return [config.QUEUE_PREFIX, ...parts].join(':');
}

export function createFailFastRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    // Reconnect steadily while Redis is away; requests meanwhile get 503.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
}

@Module({
  providers: [
    {
      provide: APP_REDIS,
      inject: [APP_CONFIG],
      // Wait (a little) for the connection, so the first requests after start do not get 503.
      useFactory: async (c: AppConfig) => {
        const redis = createFailFastRedis(c.REDIS_URL);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5000);
          redis.once('ready', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return redis;
      },
    },
  ],
  exports: [APP_REDIS],
})
export class RedisModule implements OnModuleDestroy {
  constructor(@Inject(APP_REDIS) private readonly redis: Redis) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
