import { Inject, Injectable, Logger } from '@nestjs/common';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { chinaDateOf } from '../deadlines/clock-calculator.js';
import type { IsoDate } from '../deadlines/period/iso-date.js';
import { caseFacts } from './metrics/figures.js';
import { periodKeys } from './metrics/periods.js';
import { ReportingRepository } from './reporting.repository.js';

export type RefreshMode = 'incremental' | 'full';

export interface RefreshProgress {
  phase: 'cases' | 'figures' | 'done';
  casesDone: number;
  casesTotal: number;
}

export interface RefreshResult {
  mode: RefreshMode;
  asOf: IsoDate;
  casesRecomputed: number;
  factsWritten: number;
  periodsRecomputed: number;
  cellsWritten: number;
  ms: number;
  /** Where the time went: reading cases, computing their facts, writing them, aggregating the figures. */
  phases: { readMs: number; computeMs: number; writeMs: number; figuresMs: number };
}

export interface RefreshOptions {
  jobId?: string;
  /** The day of computation (default: today in China). */
  asOf?: IsoDate;
  /** Subtrees with this many facts keep pre-aggregated figures (default: STATISTICS_ROLLUP_MIN_FACTS). */
  minFacts?: number;
  onProgress?: (p: RefreshProgress) => Promise<void> | void;
}

/** Cases read and computed per round trip. */
const BATCH = 1000;

/**
 * Brings the reporting tables up to date with the history (the statistics job's work).
 *
 * Incremental, and sound: a case's facts depend only on its own history, clocks, proposals and
 * handler, so only cases whose fingerprint changed are computed again; the figures of a period
 * depend only on the facts dated in it, so only the periods of the facts removed or added, and
 * those with facts that became visible since the last run (a period that has since ended), are
 * aggregated again; the current figures every time. A full rebuild starts from nothing and gives
 * the same figures (test/medium/statistics-refresh.test.ts).
 */
@Injectable()
export class StatisticsRefresh {
  private readonly logger = new Logger(StatisticsRefresh.name);

  constructor(
    private readonly reporting: ReportingRepository,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  run(mode: RefreshMode, options: RefreshOptions = {}): Promise<RefreshResult> {
    return this.reporting.exclusively(() => this.refresh(mode, options));
  }

  private async refresh(mode: RefreshMode, options: RefreshOptions): Promise<RefreshResult> {
    const started = Date.now();
    const asOf = options.asOf ?? chinaDateOf(this.time.now());
    const runId = await this.reporting.startRun(options.jobId ?? null, mode, asOf);
    try {
      const last = mode === 'full' ? null : await this.reporting.lastState();
      const full = mode === 'full' || last === null;
      if (full) await this.reporting.clearFacts();
      const ids = await this.reporting.casesToRecompute(full);
      const dates = new Set<IsoDate>();
      let factsWritten = 0;
      const progress = (phase: RefreshProgress['phase'], casesDone: number) =>
        options.onProgress?.({ phase, casesDone, casesTotal: ids.length });
      const phases = { readMs: 0, computeMs: 0, writeMs: 0, figuresMs: 0 };
      const timed = async <T>(phase: keyof typeof phases, work: () => Promise<T> | T): Promise<T> => {
        const t0 = performance.now();
        try {
          return await work();
        } finally {
          phases[phase] += performance.now() - t0;
        }
      };
      await progress('cases', 0);
      for (let i = 0; i < ids.length; i += BATCH) {
        const loaded = await timed('readMs', () => this.reporting.load(ids.slice(i, i + BATCH)));
        const facts = await timed('computeMs', () => loaded.flatMap((c) => caseFacts(c.record)));
        for (const d of await timed('writeMs', () => this.reporting.replaceFacts(loaded, facts)))
          dates.add(d);
        factsWritten += facts.length;
        await progress('cases', Math.min(i + BATCH, ids.length));
      }
      if (last) for (const d of await this.reporting.datesBecomingVisible(last.asOf, asOf)) dates.add(d);
      const periods = new Set<string>();
      for (const d of dates) for (const key of Object.values(periodKeys(d))) periods.add(key);
      await progress('figures', ids.length);
      const cellsWritten = await timed('figuresMs', () =>
        this.reporting.recomputeCells(
          asOf,
          full ? 'all' : [...periods],
          options.minFacts ?? this.config.STATISTICS_ROLLUP_MIN_FACTS,
        ),
      );
      const result: RefreshResult = {
        mode: full ? 'full' : 'incremental',
        asOf,
        casesRecomputed: ids.length,
        factsWritten,
        periodsRecomputed: periods.size,
        cellsWritten,
        ms: Date.now() - started,
        phases: {
          readMs: Math.round(phases.readMs),
          computeMs: Math.round(phases.computeMs),
          writeMs: Math.round(phases.writeMs),
          figuresMs: Math.round(phases.figuresMs),
        },
      };
      await this.reporting.finishRun(runId, result);
      await progress('done', ids.length);
      this.logger.log(
        `statistics ${result.mode} refresh as of ${asOf}: ${ids.length} cases, ${factsWritten} facts, ${cellsWritten} cells in ${result.ms} ms`,
      );
      return result;
    } catch (error) {
      await this.reporting.finishRun(runId, { error: String(error) }).catch(() => undefined);
      throw error;
    }
  }
}
