import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '../../workflows/roles.js';
import type { Actor } from '../common/actor.js';
import { AppError, ValidationFailed } from '../common/app-error.js';
import { TIME_SOURCE, type TimeSource } from '../common/time-source.js';
import { chinaDateOf } from '../deadlines/clock-calculator.js';
import { scopeOf } from '../procuratorates/case-access.js';
import { type Procuratorate, ProcuratoratesRepository } from '../procuratorates/procuratorates.repository.js';
import { type DurationCell, FiguresRepository, type SummedCell } from './figures.repository.js';
import { METRIC_BY_CODE, METRICS, type MetricDefinition } from './metrics/catalogue.js';
import { rate } from './metrics/figures.js';
import { domainLabel, TRACK_LABELS, type Text } from './metrics/labels.js';
import { periodBounds, periodKey, type PeriodKind, periodRange } from './metrics/periods.js';
import { canListProsecutors, canReadFigures, canReadProsecutor } from './statistics-access.js';
import type {
  DrillDownQuery,
  DrillDownResponse,
  FiguresQuery,
  FiguresResponse,
  MetricFigures,
  ProsecutorsQuery,
  ProsecutorsResponse,
  Series,
} from './statistics.schemas.js';
import { StatisticsQueue } from './statistics.queue.js';

/** How many periods one request may span. */
const MAX_PERIODS = 60;
/** The periods shown when none are asked: five years, eight quarters, twelve months up to the last computation. */
const DEFAULT_SPAN: Record<PeriodKind, number> = { year: 5, quarter: 8, month: 12 };

const TOTAL_STATUTORY: Text = { zh: '合计（法定领域）', en: 'total (statutory domains)' };
const TOTAL: Text = { zh: '合计', en: 'total' };
const OTHER_DOMAINS: Text = { zh: '等外领域（另计）', en: 'other (等外) domains, counted apart' };

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

export function describeMetric(m: MetricDefinition) {
  return {
    code: m.code,
    kind: m.kind,
    published: m.published,
    perProsecutor: m.perProsecutor,
    label: m.label,
    unit: m.unit,
    definition: m.definition,
    dimension: m.dimension ? { name: m.dimension.name } : null,
  };
}

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
    const filter = { track: q.track, domain: q.domain, breakdown: q.breakdown };
    const codes = (kinds: string[]) => metrics.filter((m) => kinds.includes(m.kind)).map((m) => m.code);
    const [summed, current, durations] = await Promise.all([
      this.figures.summed(target.id, q.periodKind, periods, codes(['count', 'ratio']), filter),
      this.figures.summed(target.id, 'now', ['now'], codes(['current']), filter),
      this.figures.durations(target.id, q.periodKind, periods, codes(['duration']), {
        track: q.track,
        domain: q.domain,
      }),
    ]);
    return {
      procuratorate: { id: target.id, name: target.name, level: target.level },
      periodKind: q.periodKind,
      periods,
      filters: { track: q.track ?? null, domain: q.domain ?? null, breakdown: q.breakdown ?? null },
      asOf: state?.asOf ?? null,
      refreshedAt: state?.refreshedAt.toISOString() ?? null,
      metrics: metrics.map((m) => {
        switch (m.kind) {
          case 'count':
          case 'ratio':
            return countFigures(m, periods, summed, q.domain !== undefined, q.breakdown);
          case 'current':
            return currentFigures(m, current, q.domain !== undefined, q.breakdown);
          case 'duration':
            return durationFigures(m, periods, durations);
        }
      }),
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
    const summed: SummedCell[] = cells.map((c) => ({ ...c, part: '', statutory: true }));
    return {
      user,
      periodKind: q.periodKind,
      periods,
      asOf: state?.asOf ?? null,
      metrics: metrics.map((m) =>
        m.kind === 'current'
          ? currentFigures(
              m,
              summed.filter((c) => c.period === 'now'),
              true,
              undefined,
            )
          : countFigures(m, periods, summed, true, undefined),
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

type Acc = { count: number; total: number };

function accumulate(
  rows: readonly SummedCell[],
  periods: readonly string[],
  keyOf: (r: SummedCell) => string | null,
) {
  const index = new Map(periods.map((p, i) => [p, i]));
  const series = new Map<string, Acc[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const i = index.get(r.period);
    if (key === null || i === undefined) continue;
    let values = series.get(key);
    if (!values) series.set(key, (values = periods.map(() => ({ count: 0, total: 0 }))));
    values[i].count += r.count;
    values[i].total += r.total;
  }
  return series;
}

function toSeries(m: MetricDefinition, key: string, label: Text, values: Acc[]): Series {
  if (m.kind === 'ratio') {
    return {
      key,
      label,
      values: values.map((v) => rate(v.count, v.total)),
      numerators: values.map((v) => v.count),
      denominators: values.map((v) => v.total),
    };
  }
  return { key, label, values: values.map((v) => v.count) };
}

const empty = (periods: readonly string[]): Acc[] => periods.map(() => ({ count: 0, total: 0 }));

function partLabel(part: string): Text {
  return TRACK_LABELS[part] ?? domainLabel(part);
}

/** Series of a count or ratio: the total (statutory domains), 等外 apart, each breakdown value, each track or domain. */
function countFigures(
  m: MetricDefinition,
  periods: readonly string[],
  all: readonly SummedCell[],
  domainGiven: boolean,
  breakdown: 'track' | 'domain' | undefined,
): MetricFigures {
  const rows = all.filter((r) => r.metric === m.code);
  const inTotal = (r: SummedCell) => domainGiven || r.statutory;
  const series: Series[] = [];
  const totals = accumulate(rows, periods, (r) => (inTotal(r) ? 'total' : 'other_domains'));
  series.push(
    toSeries(m, 'total', domainGiven ? TOTAL : TOTAL_STATUTORY, totals.get('total') ?? empty(periods)),
  );
  if (!domainGiven)
    series.push(toSeries(m, 'other_domains', OTHER_DOMAINS, totals.get('other_domains') ?? empty(periods)));
  if (m.dimension) {
    const dims = accumulate(rows, periods, (r) => (inTotal(r) ? r.dim : null));
    for (const [dim, values] of ordered(dims))
      series.push(toSeries(m, `dim:${dim}`, m.dimension.label(dim), values));
  }
  if (breakdown) {
    const parts = accumulate(rows, periods, (r) => r.part);
    for (const [part, values] of ordered(parts))
      series.push(toSeries(m, `${breakdown}:${part}`, partLabel(part), values));
  }
  return { ...describeMetric(m), series };
}

/** Biggest first, so a chart's legend starts with what matters. */
function ordered(series: Map<string, Acc[]>): [string, Acc[]][] {
  const weight = (values: Acc[]) => values.reduce((s, v) => s + v.count + v.total, 0);
  return [...series.entries()].sort((a, b) => weight(b[1]) - weight(a[1]) || a[0].localeCompare(b[0]));
}

function currentFigures(
  m: MetricDefinition,
  all: readonly SummedCell[],
  domainGiven: boolean,
  breakdown: 'track' | 'domain' | undefined,
): MetricFigures {
  const rows = all.filter((r) => r.metric === m.code);
  const sum = (pick: (r: SummedCell) => boolean) => rows.filter(pick).reduce((s, r) => s + r.count, 0);
  const inTotal = (r: SummedCell) => domainGiven || r.statutory;
  const current = [{ key: 'total', label: domainGiven ? TOTAL : TOTAL_STATUTORY, value: sum(inTotal) }];
  if (!domainGiven)
    current.push({ key: 'other_domains', label: OTHER_DOMAINS, value: sum((r) => !r.statutory) });
  const byKey = new Map<string, number>();
  for (const r of rows) {
    if (m.dimension && inTotal(r)) byKey.set(`dim:${r.dim}`, (byKey.get(`dim:${r.dim}`) ?? 0) + r.count);
    if (breakdown) {
      const key = `${breakdown}:${r.part}`;
      byKey.set(key, (byKey.get(key) ?? 0) + r.count);
    }
  }
  for (const [key, value] of [...byKey.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const [kind, value_] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const label = kind === 'dim' && m.dimension ? m.dimension.label(value_) : partLabel(value_);
    current.push({ key, label, value });
  }
  return { ...describeMetric(m), series: [], current };
}

function durationFigures(
  m: MetricDefinition,
  periods: readonly string[],
  all: readonly DurationCell[],
): MetricFigures {
  const index = new Map(periods.map((p, i) => [p, i]));
  const byDim = new Map<string, Series>();
  for (const r of all) {
    if (r.metric !== m.code) continue;
    const i = index.get(r.period);
    if (i === undefined) continue;
    let s = byDim.get(r.dim);
    if (!s) {
      s = {
        key: `dim:${r.dim}`,
        label: m.dimension ? m.dimension.label(r.dim) : TOTAL,
        values: periods.map(() => null),
        p90: periods.map(() => null),
        n: periods.map(() => 0),
      };
      byDim.set(r.dim, s);
    }
    s.values[i] = r.median;
    s.p90![i] = r.p90;
    s.n![i] = r.n;
  }
  const series = [...byDim.values()].sort((a, b) => sumOf(b.n) - sumOf(a.n) || a.key.localeCompare(b.key));
  return { ...describeMetric(m), series };
}

const sumOf = (values: readonly (number | null)[] | undefined) =>
  (values ?? []).reduce<number>((s, v) => s + (v ?? 0), 0);
