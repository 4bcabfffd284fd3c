import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CasesRepository } from '../cases/cases.repository.js';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { recomputeProvisional } from './clock-calculator.js';
import { clockRecord } from './clock-record.js';
import { ClockScheduler } from './clock-scheduler.js';
import { ClocksRepository } from './clocks.repository.js';
import { HOLIDAY_CALENDAR } from './deadlines.tokens.js';
import type { HolidayCalendar } from './period/calendar.js';

const PAGE = 1000;

export interface RecomputeReport {
  checked: number;
  recomputed: number;
}

/**
 * A clock whose period ends in a year without a loaded State Council holiday notice runs on a
 * provisional due date (weekends only). Once the calendar covers that year, the clock is computed
 * again: its due date moves off the new holidays (its steps are planned anew) or is confirmed, and
 * the case history records it (CLOCK_RECOMPUTED). The calendar is read at start, so this runs at
 * start in the processes that run the workers; each clock in its case's transaction.
 */
@Injectable()
export class ProvisionalClocks implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProvisionalClocks.name);
  private running: Promise<void> | undefined;

  constructor(
    private readonly clocks: ClocksRepository,
    private readonly cases: CasesRepository,
    private readonly scheduler: ClockScheduler,
    @Inject(HOLIDAY_CALENDAR) private readonly calendar: HolidayCalendar,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.RUN_WORKERS) return;
    this.running = this.recompute().then(
      (r) => {
        if (r.recomputed) this.logger.log(`recomputed ${r.recomputed} of ${r.checked} provisional clocks`);
      },
      (e: unknown) => this.logger.warn(`recomputing provisional clocks failed: ${String(e)}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
  }

  /** Recomputes what the calendar now allows; clocks it still cannot settle cost no transaction. */
  async recompute(): Promise<RecomputeReport> {
    let checked = 0;
    let recomputed = 0;
    for (let after: string | null = null; ;) {
      const page = await this.clocks.provisionalPendingPage(after, PAGE);
      if (page.length === 0) break;
      checked += page.length;
      for (const clock of page) {
        if (recomputeProvisional(clock, this.calendar) && (await this.recomputeOne(clock.id)))
          recomputed += 1;
      }
      after = page[page.length - 1].id;
    }
    return { checked, recomputed };
  }

  private recomputeOne(clockId: string): Promise<boolean> {
    return this.clocks.transaction(async (tx) => {
      const cases = await this.clocks.lockCasesOfClocks(tx, [clockId]);
      const clock = (await this.clocks.lockByIds(tx, [clockId])).get(clockId);
      const caseRow = clock && cases.get(clock.caseId);
      if (!clock || !caseRow || clock.status !== 'pending') return false;
      const r = recomputeProvisional(clock, this.calendar);
      if (!r) return false;
      const moved = r.dueDate !== clock.dueDate;
      if (moved) await this.scheduler.unschedule(tx, clock);
      const updated = await this.clocks.update(tx, clock.id, {
        dueDate: r.dueDate,
        dueAt: r.dueAt,
        strictDueDate: r.strictDueDate,
        provisional: r.provisional,
        derivation: r.derivation,
        // A new revision gives the re-planned steps new job ids; the steps already done stay done.
        ...(moved ? { revision: clock.revision + 1 } : {}),
      });
      if (moved) await this.scheduler.scheduleNext(tx, updated);
      const payload = {
        clockId: clock.id,
        clock: clock.kind,
        from: clock.dueDate,
        to: r.dueDate,
        provisional: r.provisional,
        reason: 'holiday calendar now covers the period 节假日安排已公布，期限重新计算',
      };
      await this.cases.appendRecord(
        tx,
        clock.caseId,
        clockRecord(caseRow, 'CLOCK_RECOMPUTED', payload, this.time.now()),
        caseRow,
      );
      return true;
    });
  }
}
