import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { APP_REDIS, redisKey } from '../redis/redis.module.js';
import { type SecurityLogRecord, SecurityLogRepository } from './security-log.repository.js';

export interface RefusalContext {
  actor?: Actor | undefined;
  caseId?: string | undefined;
  proposalId?: string | undefined;
  action: string;
}

/** Aggregation window of anonymous refusals. */
const WINDOW_MS = 60_000;
/** Distinct sources of one kind recorded one by one per window; beyond, they share one record. */
const SOURCES_PER_WINDOW = 50;

/**
 * Counts a refusal of a source in this window. Answers {1, which} when it is the first of its counter
 * (write it now), {0, which} otherwise; `which` is the counter that holds it: its own, or the kind's
 * shared one once the kind has more than SOURCES_PER_WINDOW sources in the window.
 */
const AGGREGATE = `
local own, sources, shared, over = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local cap, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local function bump(k) local n = redis.call('INCR', k); redis.call('PEXPIRE', k, ttl); return n end
local n = bump(own)
if n == 1 then
  if bump(sources) <= cap then return {1, 'own'} end
  redis.call('SET', over, '1', 'PX', ttl)
  return {bump(shared) == 1 and 1 or 0, 'shared'}
end
if redis.call('EXISTS', over) == 1 then bump(shared); return {0, 'shared'} end
return {0, 'own'}`;

/**
 * Records refused and suspicious attempts, in the `security_log` table and as a structured log
 * line. Writing the record never hides the refusal itself: a failure to log is logged.
 *
 * Anonymous refusals (failed logins, rejected tokens, rate limits: anything a client without an
 * account can cause at will) are aggregated, so a flood cannot grow the append-only table without
 * bound: per minute, the first refusal of each source (kind, code, address, user) is written at
 * once, and, when the minute ends, one more row counting those that followed. Past 50 sources of a
 * kind in a minute, the rest share one source. At most about 2 × 51 rows per kind and minute.
 */
@Injectable()
export class SecurityLog implements OnModuleDestroy {
  private readonly logger = new Logger('SecurityLog');
  /** Refusals already recorded, so a refusal passing through nested guards is recorded once. */
  private readonly recorded = new WeakSet<object>();
  /** Summaries this process owes at the end of a window. */
  private readonly summaries = new Map<string, { timer: NodeJS.Timeout; write: () => Promise<void> }>();

  constructor(
    private readonly repo: SecurityLogRepository,
    @Inject(APP_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(entry: SecurityLogRecord): Promise<void> {
    if (entry.anonymous === true) return this.aggregate(entry);
    await this.write(entry);
  }

  /**
   * Runs a command; if it is refused (403), records the refusal and rethrows it. Refusals are
   * thrown before anything is written, and the command's transaction is rolled back.
   */
  async guard<T>(ctx: RefusalContext, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof AppError && error.status === 403 && !this.recorded.has(error)) {
        this.recorded.add(error);
        await this.record({
          kind: 'refused',
          code: error.code,
          message: error.message,
          actorId: ctx.actor?.id ?? null,
          actorRole: ctx.actor?.role ?? null,
          actorProcuratorateId: ctx.actor?.procuratorateId ?? null,
          caseId: ctx.caseId ?? null,
          proposalId: ctx.proposalId ?? null,
          action: ctx.action,
          details: (error.details ?? {}) as Record<string, unknown>,
        });
      }
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushSummaries();
  }

  /** Writes the summaries owed now (at shutdown), with the counts reached so far. */
  async flushSummaries(): Promise<void> {
    const owed = [...this.summaries.values()];
    this.summaries.clear();
    for (const s of owed) clearTimeout(s.timer);
    await Promise.all(owed.map((s) => s.write()));
  }

  private async write(entry: SecurityLogRecord): Promise<void> {
    const row = { ...entry };
    delete row.anonymous;
    this.logger.warn({ security: { ...row } }, `security ${row.kind} ${row.code}: ${row.message}`);
    try {
      await this.repo.insert(row);
    } catch (error) {
      this.logger.error(`security log write failed: ${String(error)}`);
    }
  }

  private async aggregate(entry: SecurityLogRecord): Promise<void> {
    const window = Math.floor(Date.now() / WINDOW_MS);
    const key = (...parts: string[]) => redisKey(this.config, 'seclog', String(window), ...parts);
    const source = [entry.kind, entry.code, entry.ip ?? '-', entry.actorId ?? '-'].join('|');
    const own = key('n', source);
    const shared = key('n', `${entry.kind}|*`);
    try {
      const [first, which] = (await this.redis.eval(
        AGGREGATE,
        4,
        own,
        key('sources', entry.kind),
        shared,
        key('over', source),
        SOURCES_PER_WINDOW,
        3 * WINDOW_MS,
      )) as [number, 'own' | 'shared'];
      if (first !== 1) return;
      const windowStart = new Date(window * WINDOW_MS);
      const isShared = which === 'shared';
      await this.write(
        isShared
          ? { ...entry, ip: null, actorId: null, message: `${entry.message} (and others from many sources)` }
          : entry,
      );
      this.owe(isShared ? shared : own, entry, isShared, windowStart);
    } catch (error) {
      // Redis unreachable: the request fails with 503 anyway; do not write one row per attempt.
      this.logger.error(`security log aggregation failed, not recorded: ${String(error)}`);
    }
  }

  /** After the window, one row counting the refusals of this source that were not written. */
  private owe(counter: string, entry: SecurityLogRecord, shared: boolean, windowStart: Date): void {
    const write = async () => {
      this.summaries.delete(counter);
      const total = Number((await this.redis.get(counter).catch(() => null)) ?? 1);
      if (total <= 1) return;
      await this.write({
        kind: entry.kind,
        code: entry.code,
        message: `${total - 1} more ${entry.kind} ${entry.code} in the minute from ${windowStart.toISOString()} 同类记录合计`,
        actorId: shared ? null : (entry.actorId ?? null),
        actorRole: shared ? null : (entry.actorRole ?? null),
        actorProcuratorateId: shared ? null : (entry.actorProcuratorateId ?? null),
        action: entry.action ?? null,
        ip: shared ? null : (entry.ip ?? null),
        details: {
          aggregated: total - 1,
          windowStart: windowStart.toISOString(),
          windowSeconds: WINDOW_MS / 1000,
        },
      });
    };
    const due = windowStart.getTime() + WINDOW_MS + 500 - Date.now();
    const timer = setTimeout(() => void write(), Math.max(0, due));
    timer.unref();
    this.summaries.set(counter, { timer, write });
  }
}
