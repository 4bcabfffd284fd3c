import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClockStepHandler } from '../deadlines/clock-step.handler.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { ClockStepWorker } from '../deadlines/jobs/clock-step.worker.js';
import { HttpMetricsInterceptor } from './http-metrics.interceptor.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsServer } from './metrics-server.js';
import { MetricsService } from './metrics.service.js';

/** `/metrics` (behind METRICS_TOKEN, or on METRICS_PORT): clock-step lateness and failures, clock gauges, HTTP durations, Node defaults. */
@Module({
  imports: [DeadlinesModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsServer, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
  exports: [MetricsService],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly handler: ClockStepHandler,
    private readonly worker: ClockStepWorker,
  ) {}

  onModuleInit(): void {
    this.handler.observe(this.metrics);
    this.worker.onFailure(this.metrics);
  }
}
