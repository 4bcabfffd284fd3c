import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { APP_REDIS, redisKey } from '../redis/redis.module.js';

export interface Limit {
  count: number;
  windowSeconds: number;
}

/**
 * Sliding-window log: at most `count` accepted requests in any `window` milliseconds. A refused
 * request is not added (retrying early does not extend the wait). Answers 0 when accepted, or the
 * milliseconds until the oldest accepted request leaves the window. One round trip, atomic and on
 * Redis's clock, so the limit holds across every process sharing the Redis.
 */
const SLIDING_WINDOW = `
local key, window, count, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= count then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, window)
return 0`;

/** A short stable name for a client address or username in a Redis key (not the value itself). */
export const keyPart = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/** Rate limits kept in Redis under `${QUEUE_PREFIX}:rl:`, shared by all processes. */
@Injectable()
export class RateLimiter {
  private sequence = 0;

  constructor(
    @Inject(APP_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Takes one request of `subject` under `name`; throws 429 RATE_LIMITED with Retry-After past the limit. */
  async take(name: string, subject: string, limit: Limit): Promise<void> {
    const waitMs = await this.tryTake(name, subject, limit);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'RATE_LIMITED',
        `Too many requests; retry in ${retryAfterSeconds} s 请求过于频繁，请稍后再试`,
        { limit: name, retryAfterSeconds },
      );
    }
  }

  /** 0 when accepted, else the milliseconds to wait. */
  async tryTake(name: string, subject: string, limit: Limit): Promise<number> {
    const member = `${process.pid}:${++this.sequence}:${Math.random()}`;
    const result = await this.redis.eval(
      SLIDING_WINDOW,
      1,
      redisKey(this.config, 'rl', name, keyPart(subject)),
      limit.windowSeconds * 1000,
      limit.count,
      member,
    );
    return Number(result);
  }
}
