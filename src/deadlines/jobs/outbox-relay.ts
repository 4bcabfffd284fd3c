import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { TIME_SOURCE, type TimeSource } from '../../common/time-source.js';
import { clockJobId, parseClockJobId } from '../clock.types.js';
import { ClocksRepository } from '../clocks.repository.js';
import { ClockQueue } from './clock-queue.js';

const BATCH = 1000;
const POLL_MS = 250;

/**
 * Moves committed clock schedules from the PostgreSQL outbox into Redis. An entry is deleted only
 * in the transaction that saw Redis accept it, so a crash between commit and enqueue loses nothing
 * (the entry is simply relayed again; job ids make that harmless).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly clocks: ClocksRepository,
    private readonly queue: ClockQueue,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Relays soon; called after a commit that wrote outbox entries, and on a timer. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((e: unknown) => this.logger.warn(`outbox relay failed, will retry: ${String(e)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Relays until the outbox is empty. Returns how many entries were relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch();
      total += relayed;
      if (relayed < BATCH) return total;
    }
  }

  private relayBatch(): Promise<number> {
    return this.clocks.transaction(async (tx) => {
      const entries = await this.clocks.lockOutboxBatch(tx, BATCH);
      // Keep the order of adds and removes: consecutive adds go to Redis as one bulk.
      let adds: { job: { clockId: string; revision: number; step: string }; runAt: Date }[] = [];
      const flush = async () => {
        await this.queue.addMany(adds, this.time.now());
        adds = [];
      };
      for (const e of entries) {
        const job = parseClockJobId(e.jobId);
        if (!job) {
          // Would block the outbox for good; the row is the truth and the reconciler recreates its job.
          this.logger.error(`outbox entry ${e.id} names no clock job (${e.jobId}): dropped`);
          continue;
        }
        if (e.action === 'add') {
          adds.push({ job, runAt: e.runAt! });
        } else {
          await flush();
          await this.queue.remove(clockJobId(job));
        }
      }
      await flush();
      if (entries.length)
        await this.clocks.deleteOutbox(
          tx,
          entries.map((e) => e.id),
        );
      return entries.length;
    });
  }
}
