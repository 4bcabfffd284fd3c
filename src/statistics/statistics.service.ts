import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '../../workflows/roles.js';
import type { Actor } from '../common/actor.js';
import { AppError, ValidationFailed } from '../common/app-error.js';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import { chinaDateOf } from '../deadlines/clock-calculator.js';
import { scopeOf } from '../procuratorates/case-access.js';
import { type Procuratorate, ProcuratoratesRepository } from '../procuratorates/procuratorates.repository.js';
import { currentFigures, describeMetric, periodFigures } from './assemble.js';
import { type FigureRow, FiguresRepository } from './figures.repository.js';
import { METRIC_BY_CODE, METRICS } from './metrics/catalogue.js';
import { rate } from './metrics/figures.js';
import { periodBounds, periodKey, type PeriodKind, periodRange } from './metrics/periods.js';
import { canListProsecutors, canReadFigures, canReadProsecutor } from './statistics-access.js';
import type {
  DrillDownQuery,
  DrillDownResponse,
  FiguresQuery,
  FiguresResponse,
  ProsecutorsQuery,
  ProsecutorsResponse,
} from './statistics.schemas.js';
import { STATUTORY } from './figure-sql.js';
import { StatisticsQueue } from './statistics.queue.js';

/** How many periods one request may span. */
const MAX_PERIODS = 60;
/** The periods shown when none are asked: five years, eight quarters, twelve months up to the last computation. */
const DEFAULT_SPAN: Record<PeriodKind, number> = { year: 5, quarter: 8, month: 12 };

/** Who may ask for a refresh of the reporting tables. */
const REFRESHERS: readonly Role[] = ['supervisor', 'chief_prosecutor'];

/** The per-prosecutor figures (PRODUCT.md §5.2: load). */
const PROSECUTOR_METRICS = [
  'cases_in_progress',
  'clocks_overdue',
  'cases_filed',
  'cases_closed',
  'clock_on_time_rate',
];

/**
 * The internal statistics API (PRODUCT.md §5.2): figures read from the reporting tables, shaped as
 * series per period for charts, with each metric's definition; the cases behind a figure; the
 * per-prosecutor figures, only to those who may see them.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly figures: FiguresRepository,
    private readonly procuratorates: ProcuratoratesRepository,
    private readonly queue: StatisticsQueue,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  metrics() {
    return { items: METRICS.map(describeMetric) };
  }

  async target(actor: Actor, procuratorateId: string | undefined): Promise<Procuratorate> {
    const id = procuratorateId ?? actor.procuratorateId;
    const found = id ? await this.procuratorates.findById(id) : null;
    if (!found) throw new AppError('NOT_FOUND', `No procuratorate ${id ?? ''} 检察院不存在`);
    if (!canReadFigures(actor, found)) {
      throw new AppError(
        'OUT_OF_JURISDICTION',
        'Figures only of your own procuratorate and those below it 仅可查看本院及下级院的统计数据',
        { procuratorateId: found.id },
      );
    }
    return found;
  }

  async figuresFor(q: FiguresQuery, actor: Actor): Promise<FiguresResponse> {
    const target = await this.target(actor, q.procuratorateId);
    const state = await this.figures.state();
    const asOf = state?.asOf ?? chinaDateOf(this.time.now());
    const periods = this.periods(q.periodKind, q.from, q.to, asOf);
    const metrics = q.metrics ? METRICS.filter((m) => q.metrics?.includes(m.code)) : METRICS;
    const shape = { track: q.track, domain: q.domain, breakdown: q.breakdown };
    const [rows, today] = await Promise.all([
      this.figures.rows(target, asOf, {
        kind: q.periodKind,
        keys: periods,
        from: periodBounds(periods[0]).from,
        to: periodBounds(periods[periods.length - 1]).to,
      }),
      metrics.some((m) => m.kind === 'current')
        ? this.figures.rows(target, asOf, 'now')
        : Promise.resolve([]),
    ]);
    return {
      procuratorate: { id: target.id, name: target.name, level: target.level },
      periodKind: q.periodKind,
      periods,
      filters: { track: q.track ?? null, domain: q.domain ?? null, breakdown: q.breakdown ?? null },
      asOf: state?.asOf ?? null,
      refreshedAt: state?.refreshedAt.toISOString() ?? null,
      metrics: metrics.map((m) =>
        m.kind === 'current' ? currentFigures(m, today, shape) : periodFigures(m, periods, rows, shape),
      ),
    };
  }

  /** The cases behind one figure, as far as the caller may open them. */
  async drillDown(q: DrillDownQuery, actor: Actor): Promise<DrillDownResponse> {
    const target = await this.target(actor, q.procuratorateId);
    const m = METRIC_BY_CODE.get(q.metric);
    if (!m) throw new AppError('NOT_FOUND', `No metric ${q.metric}`);
    if ((m.kind === 'current') !== (q.period === 'now')) {
      throw new ValidationFailed([
        {
          field: 'period',
          problem: m.kind === 'current' ? 'must be now (a current metric)' : 'must be a period key',
        },
      ]);
    }
    if (q.handlerId !== undefined) await this.prosecutorVisible(actor, q.handlerId);
    const state = await this.figures.state();
    const asOf = state?.asOf ?? chinaDateOf(this.time.now());
    const bounds = q.period === 'now' ? null : periodBounds(q.period);
    const found = await this.figures.drillDown({
      metric: q.metric,
      subtreePath: target.path,
      asOf,
      ...(bounds ? { from: bounds.from, to: bounds.to } : {}),
      track: q.track,
      domain: q.domain,
      domainGroup: q.domainGroup,
      dim: q.dim,
      part: q.part,
      handlerId: q.handlerId,
      // The handler's own cases are theirs to open; otherwise the case-access rules.
      scope: q.handlerId !== undefined && q.handlerId === actor.id ? { kind: 'all' } : scopeOf(actor),
      limit: q.limit,
      offset: q.offset,
    });
    return {
      metric: q.metric,
      period: q.period,
      asOf: state?.asOf ?? null,
      total: found.total,
      hidden: found.total - found.visible,
      limit: q.limit,
      offset: q.offset,
      items: found.items.map((r) => ({
        caseId: r['case_id'] as string,
        title: r['title'] as string,
        track: r['track'] as string,
        domain: r['domain'] as string,
        state: r['state'] as string,
        procuratorate: { id: r['procuratorate_id'] as string, name: r['procuratorate_name'] as string },
        date: r['fact_date'] as string,
        dim: r['dim'] as string,
        inNumerator: (r['num'] as number) > 0,
        value: r['value'] as number | null,
      })),
    };
  }

  /** The per-prosecutor load of a procuratorate, to those who may see it. */
  async prosecutors(q: ProsecutorsQuery, actor: Actor): Promise<ProsecutorsResponse> {
    const target = await this.target(actor, q.procuratorateId);
    const state = await this.figures.state();
    const asOf = state?.asOf ?? chinaDateOf(this.time.now());
    const period = q.period ?? periodKey('year', asOf);
    const how = canListProsecutors(actor, target);
    let users: { id: string; name: string; role: string; procuratorateId: string }[];
    if (how) users = await this.figures.handlersIn(target.path, target.id, how === 'exact');
    else if (actor.role === 'prosecutor' && actor.procuratorateId === target.id) {
      const self = await this.figures.user(actor.id);
      users = self ? [self] : [];
    } else {
      throw new AppError(
        'ROLE_NOT_PERMITTED',
        'Per-prosecutor figures are for the prosecutor, their department head, chief and the supervisors above 个人办案统计仅本人、部门负责人、检察长及上级案件管理部门可见',
      );
    }
    const cells = await this.figures.prosecutorCells(
      users.map((u) => u.id),
      ['now', period],
      PROSECUTOR_METRICS,
    );
    const sum = (userId: string, metric: string, field: 'count' | 'total') =>
      cells.filter((c) => c.handlerId === userId && c.metric === metric).reduce((s, c) => s + c[field], 0);
    return {
      procuratorate: { id: target.id, name: target.name, level: target.level },
      period,
      asOf: state?.asOf ?? null,
      items: users.map((user) => {
        const due = sum(user.id, 'clock_on_time_rate', 'total');
        const onTime = sum(user.id, 'clock_on_time_rate', 'count');
        return {
          user,
          figures: {
            casesInProgress: sum(user.id, 'cases_in_progress', 'count'),
            clocksOverdue: sum(user.id, 'clocks_overdue', 'count'),
            casesFiled: sum(user.id, 'cases_filed', 'count'),
            casesClosed: sum(user.id, 'cases_closed', 'count'),
            clocksDue: due,
            clocksOnTime: onTime,
            onTimeRate: rate(onTime, due),
          },
        };
      }),
    };
  }

  /** One prosecutor's figures as series per period. */
  async prosecutorSeries(
    userId: string,
    q: { periodKind: PeriodKind; from?: string | undefined; to?: string | undefined },
    actor: Actor,
  ) {
    const user = await this.prosecutorVisible(actor, userId);
    const state = await this.figures.state();
    const asOf = state?.asOf ?? chinaDateOf(this.time.now());
    const periods = this.periods(q.periodKind, q.from, q.to, asOf);
    const metrics = METRICS.filter((m) => m.perProsecutor);
    const cells = await this.figures.prosecutorCells(
      [user.id],
      [...periods, 'now'],
      metrics.map((m) => m.code),
    );
    // One handler's figures: every domain and track together, breakdown values as they are.
    const rows: FigureRow[] = cells.flatMap((c) => {
      const base = {
        period: c.period,
        metric: c.metric,
        track: '',
        count: c.count,
        total: c.total,
        n: 0,
        median: null,
        p90: null,
      };
      return [
        { ...base, dim: '*', domain: '' },
        ...(c.dim === '' ? [] : [{ ...base, dim: c.dim, domain: STATUTORY }]),
      ];
    });
    const shape = { allDomains: true };
    return {
      user,
      periodKind: q.periodKind,
      periods,
      asOf: state?.asOf ?? null,
      metrics: metrics.map((m) =>
        m.kind === 'current'
          ? currentFigures(
              m,
              rows.filter((r) => r.period === 'now'),
              shape,
            )
          : periodFigures(m, periods, rows, shape),
      ),
    };
  }

  async requestRefresh(mode: 'incremental' | 'full', actor: Actor) {
    this.mayRefresh(actor);
    return this.queue.request(mode);
  }

  async refreshStatus(jobId: string, actor: Actor) {
    this.mayRefresh(actor);
    const found = await this.queue.status(jobId);
    if (!found) throw new AppError('NOT_FOUND', `No statistics job ${jobId} 统计任务不存在`);
    return found;
  }

  private mayRefresh(actor: Actor): void {
    if (!REFRESHERS.includes(actor.role)) {
      throw new AppError(
        'ROLE_NOT_PERMITTED',
        'Only supervisors and chief prosecutors refresh the statistics 仅案件管理部门和检察长可以更新统计',
      );
    }
  }

  /** A handler the caller may see the figures of; otherwise 404, as for one that does not exist. */
  private async prosecutorVisible(actor: Actor, userId: string) {
    const user = await this.figures.user(userId);
    const where = user ? await this.procuratorates.findById(user.procuratorateId) : null;
    if (
      !user ||
      !where ||
      !canReadProsecutor(actor, { id: user.id, procuratorateId: where.id, path: where.path })
    ) {
      throw new AppError(
        'NOT_FOUND',
        `No figures of prosecutor ${userId} for you 无权查看该检察官的办案统计`,
      );
    }
    return user;
  }

  private periods(
    kind: PeriodKind,
    from: string | undefined,
    to: string | undefined,
    asOf: string,
  ): string[] {
    const last = to ?? periodKey(kind, asOf);
    const first = from ?? periodRange(kind, shiftBack(kind, last, DEFAULT_SPAN[kind] - 1), last)[0];
    const periods = periodRange(kind, first, last);
    if (periods.length > MAX_PERIODS) {
      throw new ValidationFailed([
        { field: 'from', problem: `at most ${MAX_PERIODS} ${kind}s from from to to` },
      ]);
    }
    return periods;
  }
}

/** The key `n` periods of a kind before `key`. */
function shiftBack(kind: PeriodKind, key: string, n: number): string {
  const year = Number(key.slice(0, 4));
  switch (kind) {
    case 'year':
      return String(year - n);
    case 'quarter': {
      const index = year * 4 + Number(key.slice(6)) - 1 - n;
      return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
    }
    case 'month': {
      const index = year * 12 + Number(key.slice(5)) - 1 - n;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    }
  }
}
