import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

/** `/health`: PostgreSQL and Redis. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DeadlinesModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
