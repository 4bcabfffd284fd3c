import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import type { Clock, ClockStepJob } from '../deadlines/clock.types.js';
import type { StepObserver } from '../deadlines/clock-step.handler.js';
import { ClocksRepository } from '../deadlines/clocks.repository.js';
import type { PlannedStep } from '../deadlines/escalation/escalation-policy.js';
import type { JobFailureObserver } from '../deadlines/jobs/clock-step.worker.js';

/** Lateness of a clock step (fired minus due): 50 ms up to one hour. */
export const LATENESS_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600];
const HTTP_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several applications in one process (the tests) do not collide.
 */
@Injectable()
export class MetricsService implements StepObserver, JobFailureObserver {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly lateness = new Histogram({
    name: 'pil_clock_step_lateness_seconds',
    help: 'How late a clock step (reminder, expiry, escalation) was handled after its due instant',
    labelNames: ['step_kind', 'clock_kind'] as const,
    buckets: LATENESS_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  private readonly steps = new Counter({
    name: 'pil_clock_steps_total',
    help: 'Clock steps applied, by step kind (reminder, expiry, escalation)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly failures = new Counter({
    name: 'pil_clock_job_failures_total',
    help: 'Failed attempts of clock-step jobs (each retry that fails counts)',
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests handled by the API, by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  private readonly pending: Gauge = new Gauge({
    name: 'pil_clocks_pending',
    help: 'Clocks running (status pending); NaN when the database could not be read',
    registers: [this.registry],
    collect: async () => this.pending.set((await this.clockCounts())?.pending ?? NaN),
  });

  private readonly overdue: Gauge = new Gauge({
    name: 'pil_clocks_overdue',
    help: 'Clocks pending or expired past their due instant; NaN when the database could not be read',
    registers: [this.registry],
    collect: async () => this.overdue.set((await this.clockCounts())?.overdue ?? NaN),
  });

  /** One query per scrape feeds both clock gauges. */
  private counting: Promise<{ pending: number; overdue: number } | null> | null = null;

  constructor(
    private readonly clocks: ClocksRepository,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  stepHandled(clock: Clock, step: PlannedStep, lateByMs: number): void {
    this.steps.inc({ kind: step.kind });
    // Up to a second early is allowed by the handler; that is "on time", not negative lateness.
    this.lateness.observe({ step_kind: step.kind, clock_kind: clock.kind }, Math.max(0, lateByMs) / 1000);
  }

  jobFailed(_job: Job<ClockStepJob> | undefined, _error: Error): void {
    this.failures.inc();
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** The exposition text, with the content type to send it under. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private clockCounts(): Promise<{ pending: number; overdue: number } | null> {
    this.counting ??= this.clocks
      .countByState(this.time.now())
      .catch((e: unknown) => {
        this.logger.warn(`clock gauges not collected: ${String(e)}`);
        return null;
      })
      .finally(() => {
        this.counting = null;
      });
    return this.counting;
  }
}
