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

  /** As `visible`, and the actor may act on it there (403 OUT_OF_JURISDICTION otherwise). */
  async actionable(actor: Actor, caseId: string, action: string): Promise<CaseJurisdiction> {
    const where = await this.visible(actor, caseId, action);
    if (!inJurisdiction(actor, where)) {
      throw new AppError(
        'OUT_OF_JURISDICTION',
        'Only the procuratorate directly above may act on this case 仅上一级院可以办理',
        { role: actor.role, caseProcuratorateId: where.procuratorateId },
      );
    }
    return where;
  }
}
