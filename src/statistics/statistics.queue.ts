import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { createRedis } from '../deadlines/jobs/redis.js';
import {
  type RefreshMode,
  type RefreshProgress,
  type RefreshResult,
  StatisticsRefresh,
} from './statistics-refresh.service.js';

export const STATISTICS_QUEUE = 'statistics';
const NIGHTLY = 'statistics-nightly';

export interface RefreshJob {
  mode: RefreshMode;
}

export interface RefreshJobStatus {
  jobId: string;
  mode: RefreshMode;
  state: 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'unknown';
  progress: RefreshProgress | null;
  result: RefreshResult | null;
  error: string | null;
  queuedAt: string;
  finishedAt: string | null;
}

/**
 * The statistics job (BullMQ, keys under QUEUE_PREFIX): a repeatable nightly run, and runs asked
 * for on demand whose progress can be polled. Runs one at a time (one worker per process, and the
 * refresh takes a database lock across processes).
 */
@Injectable()
export class StatisticsQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StatisticsQueue.name);
  private readonly connection: Redis;
  private readonly queue: Queue<RefreshJob, RefreshResult>;
  private worker: Worker<RefreshJob, RefreshResult> | undefined;
  private workerConnection: Redis | undefined;

  constructor(
    private readonly refresh: StatisticsRefresh,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.connection = createRedis(config.REDIS_URL);
    this.queue = new Queue<RefreshJob, RefreshResult>(STATISTICS_QUEUE, {
      connection: this.connection,
      prefix: config.QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 60_000 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 200 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.RUN_WORKERS) return;
    await this.queue.upsertJobScheduler(
      NIGHTLY,
      { pattern: this.config.STATISTICS_REFRESH_CRON, tz: 'Asia/Shanghai' },
      { name: 'refresh', data: { mode: 'incremental' } },
    );
    this.workerConnection = createRedis(this.config.REDIS_URL);
    this.worker = new Worker<RefreshJob, RefreshResult>(STATISTICS_QUEUE, (job) => this.process(job), {
      connection: this.workerConnection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
      // A rebuild holds the job for minutes: its lock is renewed meanwhile.
      lockDuration: 120_000,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`statistics refresh ${job?.id ?? '?'} failed: ${error.message}`),
    );
    this.worker.on('error', (error) => this.logger.warn(`statistics worker error: ${error.message}`));
  }

  private process(job: Job<RefreshJob, RefreshResult>): Promise<RefreshResult> {
    return this.refresh.run(job.data.mode, {
      jobId: job.id,
      onProgress: (p) => job.updateProgress({ ...p }),
    });
  }

  /** Queues a run; answers its id to poll. */
  async request(mode: RefreshMode): Promise<RefreshJobStatus> {
    const job = await this.queue.add('refresh', { mode });
    return this.describe(job);
  }

  async status(jobId: string): Promise<RefreshJobStatus | null> {
    const job = await this.queue.getJob(jobId);
    return job ? this.describe(job) : null;
  }

  private async describe(job: Job<RefreshJob, RefreshResult>): Promise<RefreshJobStatus> {
    const state = await job.getState();
    const known = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const;
    const progress = job.progress;
    return {
      jobId: job.id ?? '',
      mode: job.data.mode,
      state: (known as readonly string[]).includes(state) ? (state as RefreshJobStatus['state']) : 'unknown',
      progress:
        typeof progress === 'object' && progress !== null ? (progress as unknown as RefreshProgress) : null,
      result: job.returnvalue ?? null,
      error: job.failedReason ?? null,
      queuedAt: new Date(job.timestamp).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.workerConnection?.quit().catch(() => undefined);
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}
