import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { SecurityLog } from '../audit/security-log.service.js';
import { canSee, inJurisdiction } from './case-access.js';
import { type CaseJurisdiction, ProcuratoratesRepository } from './procuratorates.repository.js';

/** Applies the visibility and jurisdiction rules (./case-access.ts) to a stored case. */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly procuratorates: ProcuratoratesRepository,
    private readonly security: SecurityLog,
  ) {}

  /**
   * The case's jurisdiction if the actor may see it; otherwise the same 404 as for a case that
   * does not exist, so nobody learns another branch's case ids. The attempt is logged.
   */
  async visible(actor: Actor, caseId: string, action: string): Promise<CaseJurisdiction> {
    const where = await this.procuratorates.jurisdictionOfCase(caseId);
    if (where && canSee(actor, where)) return where;
    return this.notFound(actor, caseId, action, where);
  }

  /** As `visible`, and the actor may act on it there (403 OUT_OF_JURISDICTION otherwise). */
  async actionable(actor: Actor, caseId: string, action: string): Promise<CaseJurisdiction> {
    const where = await this.visible(actor, caseId, action);
    this.checkJurisdiction(actor, where);
    return where;
  }

  /**
   * `actionable`'s rules on a jurisdiction the caller has read already (a command's locked case
   * row), without touching the database: throws the 403 itself, and for a case the actor may not
   * see a `CaseNotVisible`, which the caller turns into the 404 with `notFound` once its
   * transaction has ended (recording it needs a connection of its own).
   */
  judge(actor: Actor, where: CaseLocation): void {
    if (!canSee(actor, where)) throw new CaseNotVisible(where);
    this.checkJurisdiction(actor, where);
  }

  /** The 404 for a case the actor may not see (or that does not exist); the attempt is logged. */
  async notFound(
    actor: Actor,
    caseId: string,
    action: string,
    where: Pick<CaseJurisdiction, 'procuratorateId'> | null,
  ): Promise<never> {
    if (where) {
      await this.security.record({
        kind: 'not_visible',
        code: 'CASE_NOT_FOUND',
        message: `case of another procuratorate asked for (${action})`,
        actorId: actor.id,
        actorRole: actor.role,
        actorProcuratorateId: actor.procuratorateId ?? null,
        caseId,
        action,
        details: { caseProcuratorateId: where.procuratorateId },
      });
    }
    throw new AppError('CASE_NOT_FOUND', `Case ${caseId} not found 案件不存在`);
  }

  private checkJurisdiction(actor: Actor, where: CaseLocation): void {
    if (!inJurisdiction(actor, where)) {
      throw new AppError(
        'OUT_OF_JURISDICTION',
        'Only the procuratorate directly above may act on this case 仅上一级院可以办理',
        { role: actor.role, caseProcuratorateId: where.procuratorateId },
      );
    }
  }
}

/** What visibility and jurisdiction are decided on. */
export type CaseLocation = Pick<CaseJurisdiction, 'procuratorateId' | 'parentId' | 'path'>;

/** Thrown by `judge` for a case the actor may not see; never reaches a client (see `notFound`). */
export class CaseNotVisible extends Error {
  constructor(readonly where: CaseLocation) {
    super('case not visible to the actor');
  }
}
