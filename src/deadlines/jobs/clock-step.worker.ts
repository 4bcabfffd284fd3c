import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/env.js';
import { CLOCK_QUEUE, type ClockStepJob } from '../clock.types.js';
import { ClockStepHandler, type StepOutcome } from '../clock-step.handler.js';
import { Batcher } from './batcher.js';
import { createRedis } from './redis.js';

/** Listeners for failed jobs (metrics). */
export interface JobFailureObserver {
  jobFailed(job: Job<ClockStepJob> | undefined, error: Error): void;
}

/**
 * Runs clock steps from Redis, in batches. Several workers (processes) may run: the handler makes
 * each step happen once.
 */
@Injectable()
export class ClockStepWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClockStepWorker.name);
  private worker: Worker<ClockStepJob> | undefined;
  private connection: Redis | undefined;
  private failureObserver: JobFailureObserver | undefined;

  constructor(
    private readonly handler: ClockStepHandler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onFailure(observer: JobFailureObserver): void {
    this.failureObserver = observer;
  }

  onApplicationBootstrap(): void {
    if (!this.config.RUN_WORKERS) return;
    this.connection = createRedis(this.config.REDIS_URL);
    const { CLOCK_WORKER_CONCURRENCY: concurrency, CLOCK_STEP_BATCH_SIZE: maxBatch } = this.config;
    // Steps due together are handled together: one transaction per batch, not per step.
    const batcher = new Batcher<ClockStepJob, StepOutcome>((jobs) => this.handler.handleMany(jobs), {
      maxBatch,
      maxInFlight: Math.max(1, Math.ceil(concurrency / maxBatch)),
      onBatchError: (error, size) =>
        this.logger.warn(`a batch of ${size} clock steps failed, each is tried alone: ${String(error)}`),
    });
    this.worker = new Worker<ClockStepJob>(CLOCK_QUEUE, (job) => batcher.submit(job.data), {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency,
      // A worker that dies mid-step stops renewing its claim: another takes the job up once it lapses.
      lockDuration: this.config.CLOCK_JOB_LOCK_MS,
      stalledInterval: this.config.CLOCK_JOB_LOCK_MS,
    });
    this.worker.on('failed', (job, error) => {
      this.logger.warn(
        `clock step ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? 0}): ${error.message}`,
      );
      this.failureObserver?.jobFailed(job, error);
    });
    this.worker.on('error', (error) => this.logger.warn(`clock worker error: ${error.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    // A connection handed to BullMQ stays open after close(): it is ours to quit.
    await this.connection?.quit().catch(() => undefined);
  }
}
