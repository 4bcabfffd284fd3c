import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { type SecurityLogRecord, SecurityLogRepository } from './security-log.repository.js';

export interface RefusalContext {
  actor?: Actor | undefined;
  caseId?: string | undefined;
  proposalId?: string | undefined;
  action: string;
}

/**
 * Records refused and suspicious attempts, in the `security_log` table and as a structured log
 * line. Writing the record never hides the refusal itself: a failure to log is logged.
 */
@Injectable()
export class SecurityLog {
  private readonly logger = new Logger('SecurityLog');
  /** Refusals already recorded, so a refusal passing through nested guards is recorded once. */
  private readonly recorded = new WeakSet<object>();

  constructor(private readonly repo: SecurityLogRepository) {}

  failedLogins(username: string, since: Date): Promise<number> {
    return this.repo.countFailedLogins(username, since);
  }

  async record(entry: SecurityLogRecord): Promise<void> {
    this.logger.warn({ security: { ...entry } }, `security ${entry.kind} ${entry.code}: ${entry.message}`);
    try {
      await this.repo.insert(entry);
    } catch (error) {
      this.logger.error(`security log write failed: ${String(error)}`);
    }
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
}
