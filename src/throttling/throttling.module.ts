import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module.js';
import { LoginThrottle } from './login-throttle.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimiter } from './rate-limiter.js';

/** Rate limits and login delays, kept in Redis and shared by every process. */
@Module({
  imports: [RedisModule],
  providers: [RateLimiter, LoginThrottle, RateLimitGuard],
  exports: [RateLimiter, LoginThrottle, RateLimitGuard],
})
export class ThrottlingModule {}
