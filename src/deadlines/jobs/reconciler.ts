import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/env.js';
import { TIME_SOURCE, type TimeSource } from '../../common/time-source.js';
import { clockJobId, type ClockStepJob } from '../clock.types.js';
import { ClocksRepository } from '../clocks.repository.js';
import { REDIS_CONNECTION } from '../deadlines.tokens.js';
import { ClockQueue } from './clock-queue.js';
import { OutboxRelay } from './outbox-relay.js';

const PAGE = 5000;
/** The periodic pass checks steps due within this window; a full pass runs at start and after Redis lost data. */
const WINDOW_MS = 24 * 3600_000;
/** A step whose job failed for good is queued again after this long (then gets all its attempts again). */
export const FAILED_REQUEUE_AFTER_MS = 15 * 60_000;

type ScheduledJob = { job: ClockStepJob; runAt: Date };

export interface ReconcileReport {
  checked: number;
  recreated: number;
  full: boolean;
}

/**
 * PostgreSQL is the truth, Redis a copy: compares open clocks' next steps with the jobs Redis
 * holds and recreates the missing ones, oldest due first. A sentinel key tells when Redis has
 * lost its data (restart without persistence, flush), which triggers a full pass.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileReport> | null = null;

  constructor(
    private readonly clocks: ClocksRepository,
    private readonly queue: ClockQueue,
    private readonly relay: OutboxRelay,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  private get sentinelKey(): string {
    return `${this.config.QUEUE_PREFIX}:clock-steps:reconciler-sentinel`;
  }

  onApplicationBootstrap(): void {
    if (!this.config.RUN_WORKERS) return;
    void this.run(true);
    this.timer = setInterval(() => void this.run(false), this.config.RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  run(full: boolean): Promise<ReconcileReport> {
    this.running ??= this.pass(full)
      .catch((e: unknown) => {
        this.logger.warn(`reconcile failed: ${String(e)}`);
        return { checked: 0, recreated: 0, full };
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async pass(requestedFull: boolean): Promise<ReconcileReport> {
    await this.relay.drain(); // what is committed but not yet relayed is not "missing"
    const full = requestedFull || (await this.redis.exists(this.sentinelKey)) === 0;
    const now = this.time.now();
    const horizon = full ? null : new Date(now.getTime() + WINDOW_MS);
    let checked = 0;
    const missing: ScheduledJob[] = [];
    for (let after: string | null = null; ;) {
      const page = await this.clocks.scheduledPage(after, PAGE, horizon);
      if (page.length === 0) break;
      const jobs = page.map((c) => ({
        job: { clockId: c.id, revision: c.revision, step: c.nextStep! },
        runAt: c.nextStepAt!,
      }));
      const { live } = await this.queue.states(jobs.map((j) => clockJobId(j.job)));
      const candidates = jobs.filter((j) => !live.has(clockJobId(j.job)));
      missing.push(...(await this.stillMissing(candidates, now)));
      checked += page.length;
      after = page[page.length - 1].id;
    }
    // Oldest first: steps that came due while everything was down fire in due order.
    missing.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
    for (let i = 0; i < missing.length; i += PAGE) await this.queue.addMany(missing.slice(i, i + PAGE), now);
    await this.redis.set(this.sentinelKey, now.toISOString());
    if (missing.length)
      this.logger.warn(`reconciler recreated ${missing.length} missing clock jobs (full=${full})`);
    return { checked, recreated: missing.length, full };
  }

  /**
   * The page was read while workers kept stepping clocks: a step taken meanwhile removed its job
   * and queued the next one through the outbox. Only what is still a clock's next step, and still
   * absent once the outbox is relayed, is missing; so is a job that used up all its attempts, at
   * most every FAILED_REQUEUE_AFTER_MS, so a step that keeps failing does not keep failing others.
   */
  private async stillMissing(candidates: ScheduledJob[], now: Date): Promise<ScheduledJob[]> {
    if (candidates.length === 0) return [];
    await this.relay.drain();
    const current = await this.clocks.nextStepsOf(candidates.map((c) => c.job.clockId));
    const unchanged = candidates.filter((c) => {
      const row = current.get(c.job.clockId);
      return row !== undefined && row.revision === c.job.revision && row.nextStep === c.job.step;
    });
    const { live, failed } = await this.queue.states(unchanged.map((c) => clockJobId(c.job)));
    const requeue = new Set(
      [...failed]
        .filter(([, finishedAt]) => now.getTime() - finishedAt >= FAILED_REQUEUE_AFTER_MS)
        .map(([id]) => id),
    );
    // The failed job keeps its id taken until it goes; then the step is queued anew.
    await Promise.all([...requeue].map((id) => this.queue.remove(id)));
    if (requeue.size)
      this.logger.warn(`reconciler re-queues ${requeue.size} clock steps whose jobs had failed for good`);
    return unchanged.filter((c) => {
      const id = clockJobId(c.job);
      return !live.has(id) && (!failed.has(id) || requeue.has(id));
    });
  }
}
