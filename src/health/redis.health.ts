import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS_CONNECTION } from '../deadlines/deadlines.tokens.js';

/** Redis (the clock queue) answers PING on the application's shared connection, within the timeout. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async pingCheck<Key extends string>(key: Key, timeoutMs: number): Promise<HealthIndicatorResult<Key>> {
    // A connection that is not ready would queue the PING until it reconnects: report it down at once.
    if (this.redis.status !== 'ready') {
      return this.indicators.check(key).down({ message: `connection ${this.redis.status}` });
    }
    return this.indicators
      .check(key)
      .attempt(async () => {
        const reply = await this.redis.ping();
        if (reply !== 'PONG') throw new Error(`unexpected PING reply ${String(reply)}`);
      })
      .withTimeout(timeoutMs);
  }
}
