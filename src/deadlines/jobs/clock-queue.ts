import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/env.js';
import { CLOCK_QUEUE, clockJobId, type ClockStepJob } from '../clock.types.js';
import { REDIS_CONNECTION } from '../deadlines.tokens.js';

const JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true, // a re-added id must not be swallowed by a kept, completed job
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The Redis copy of the clocks' next steps: one delayed job per step, rebuilt from PostgreSQL at will. */
@Injectable()
export class ClockQueue implements OnModuleDestroy {
  readonly queue: Queue<ClockStepJob>;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queue = new Queue<ClockStepJob>(CLOCK_QUEUE, { connection: redis, prefix: config.QUEUE_PREFIX });
  }

  async addMany(jobs: { job: ClockStepJob; runAt: Date }[], now: Date): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map(({ job, runAt }) => ({
        name: 'clock-step',
        data: job,
        opts: { ...JOB_OPTIONS, jobId: clockJobId(job), delay: Math.max(0, runAt.getTime() - now.getTime()) },
      })),
    );
  }

  async remove(jobId: string): Promise<void> {
    // A job that is running right now cannot be removed; its processor will find it stale.
    await this.queue.remove(jobId).catch(() => undefined);
  }

  /**
   * Which of these job ids Redis holds as still to run (delayed, waiting, running or retrying),
   * and which as failed for good (every attempt used; with the time it failed), in one round trip.
   */
  async states(jobIds: string[]): Promise<{ live: Set<string>; failed: Map<string, number> }> {
    const live = new Set<string>();
    const failed = new Map<string, number>();
    if (jobIds.length === 0) return { live, failed };
    const pipeline = this.redis.pipeline();
    // Every job hash has `timestamp`; `finishedOn` only once it has finished (completed ones are removed).
    for (const id of jobIds) pipeline.hmget(this.queue.toKey(id), 'timestamp', 'finishedOn');
    const results = (await pipeline.exec()) ?? [];
    jobIds.forEach((id, i) => {
      const [timestamp, finishedOn] = (results[i]?.[1] ?? []) as (string | null)[];
      if (!timestamp) return;
      if (finishedOn) failed.set(id, Number(finishedOn));
      else live.add(id);
    });
    return { live, failed };
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
