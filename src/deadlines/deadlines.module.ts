import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CLOCK_KINDS } from '../../workflows/clocks.js';
import { CasesModule } from '../cases/cases.module.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { systemTime, TIME_SOURCE } from '../common/time-source.js';
import { ClockEffectsHook } from './clock-effects.hook.js';
import { ClockScheduler } from './clock-scheduler.js';
import { ClockStepHandler } from './clock-step.handler.js';
import { CaseClocksDetails } from './case-clocks.details.js';
import { ClocksController } from './clocks.controller.js';
import { ClocksRepository } from './clocks.repository.js';
import { ESCALATION_POLICY, HOLIDAY_CALENDAR, REDIS_CONNECTION } from './deadlines.tokens.js';
import { defaultEscalationPolicy } from './escalation/escalation-policy.js';
import { ClockQueue } from './jobs/clock-queue.js';
import { ClockStepWorker } from './jobs/clock-step.worker.js';
import { OutboxRelay } from './jobs/outbox-relay.js';
import { Reconciler } from './jobs/reconciler.js';
import { createRedis } from './jobs/redis.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { NotificationsRepository } from './notifications/notifications.repository.js';
import { loadHolidayCalendar } from './period/calendar-source.js';
import { ProvisionalClocks } from './provisional-clocks.js';

/**
 * Statutory clocks: rows in PostgreSQL started and stopped by case events, woken up by BullMQ
 * delayed jobs (a rebuildable copy), reminded, expired and escalated by the step handler.
 */
@Module({
  imports: [CasesModule],
  controllers: [ClocksController, NotificationsController],
  providers: [
    { provide: TIME_SOURCE, useValue: systemTime },
    { provide: ESCALATION_POLICY, useValue: defaultEscalationPolicy(CLOCK_KINDS) },
    { provide: HOLIDAY_CALENDAR, useFactory: () => loadHolidayCalendar() },
    {
      provide: REDIS_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => createRedis(c.REDIS_URL),
    },
    ClocksRepository,
    NotificationsRepository,
    ClockScheduler,
    ClockEffectsHook,
    ClockStepHandler,
    ClockQueue,
    OutboxRelay,
    ClockStepWorker,
    Reconciler,
    CaseClocksDetails,
    ProvisionalClocks,
  ],
  exports: [
    ClocksRepository,
    ClockQueue,
    OutboxRelay,
    Reconciler,
    ClockStepHandler,
    ClockStepWorker,
    ProvisionalClocks,
    REDIS_CONNECTION,
    TIME_SOURCE,
  ],
})
export class DeadlinesModule implements OnModuleDestroy {
  constructor(@Inject(REDIS_CONNECTION) private readonly redis: Redis) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
