import { Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE, isEventType } from '../../workflows/events.js';
import type { Role } from '../../workflows/roles.js';
import { replayHistory } from '../cases/case-replay.js';
import { CasesRepository } from '../cases/cases.repository.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { scopeOf } from '../procuratorates/case-access.js';
import { CaseAccess } from '../procuratorates/case-access.service.js';
import { WorkflowRegistry } from '../workflows/workflow-registry.js';
import { AuditEventsRepository, type AuditEventRow } from './audit-events.repository.js';
import type { AuditEventsQuery } from './audit.schemas.js';
import { toCsv } from './csv.js';
import { canonicalJson, HistorySeal } from './history-seal.js';
import type { ChainReport } from './history-verifier.js';
import { SecurityLog } from './security-log.service.js';
import type { SecurityLogQuery } from './security-log.repository.js';
import { SecurityLogRepository } from './security-log.repository.js';

/** Who may search histories across cases (within what they may see). */
const AUDITORS: readonly Role[] = ['supervisor', 'chief_prosecutor', 'upper_procuratorate'];

const CSV_HEADER = [
  'caseId',
  'caseTitle',
  'procuratorateId',
  'seq',
  'type',
  'label',
  'actorId',
  'actorName',
  'actorRole',
  'stateBefore',
  'stateAfter',
  'occurredAt',
  'recordedAt',
  'proposedBy',
  'reviewedBy',
  'decidedBy',
  'upperApprovedBy',
  'payload',
  'hash',
] as const;

type Person = { userId?: string; name?: string; at?: string } | null | undefined;
const who = (p: Person) => (p ? `${p.name ?? ''} (${p.userId ?? ''}) ${p.at ?? ''}`.trim() : '');

@Injectable()
export class AuditService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly workflows: WorkflowRegistry,
    private readonly access: CaseAccess,
    private readonly seal: HistorySeal,
    private readonly events: AuditEventsRepository,
    private readonly securityLogs: SecurityLogRepository,
    private readonly security: SecurityLog,
  ) {}

  /** Checks the case's history chain and its anchor; reports the first entry where it breaks. */
  async verify(caseId: string, actor: Actor): Promise<ChainReport & { verifiedAt: string }> {
    await this.access.visible(actor, caseId, 'VERIFY_HISTORY');
    const read = await this.cases.withHistory(caseId);
    if (!read) throw new AppError('CASE_NOT_FOUND', `Case ${caseId} not found 案件不存在`);
    const { case: found, history: entries } = read;
    const report = this.seal.verify(found, entries, () => {
      try {
        const steppers = (version: number) => this.workflows.stepper(found.workflowName, version);
        return canonicalJson(replayHistory(steppers, entries)) === canonicalJson(found.snapshot);
      } catch {
        return false;
      }
    });
    return { ...report, verifiedAt: new Date().toISOString() };
  }

  async search(q: AuditEventsQuery, actor: Actor) {
    return this.security.guard({ actor, action: 'AUDIT_EVENTS' }, async () => {
      this.requireAuditor(actor);
      const { items, total } = await this.events.search(q, scopeOf(actor));
      return { items: items.map(toAuditEventView), total, limit: q.limit, offset: q.offset };
    });
  }

  async searchCsv(q: AuditEventsQuery, actor: Actor): Promise<string> {
    const { items } = await this.search(q, actor);
    return toCsv(
      CSV_HEADER,
      items.map((e) => [
        e.caseId,
        e.caseTitle,
        e.procuratorateId,
        e.seq,
        e.type,
        e.label,
        e.actor.id,
        e.actor.name,
        e.actor.role,
        e.stateBefore,
        e.stateAfter,
        e.occurredAt,
        e.recordedAt,
        who(e.approval?.['proposed'] as Person),
        who(e.approval?.['reviewed'] as Person),
        who(e.approval?.['decided'] as Person),
        who(e.approval?.['upperApproved'] as Person),
        e.payload,
        e.hash,
      ]),
    );
  }

  async securityLog(q: SecurityLogQuery, actor: Actor) {
    return this.security.guard({ actor, action: 'READ_SECURITY_LOG' }, async () => {
      if (actor.role !== 'supervisor' || !actor.procuratorateId) {
        throw new AppError('ROLE_NOT_PERMITTED', 'Only supervisors read the security log 仅监督人员可查阅', {
          allowedRoles: ['supervisor'],
          role: actor.role,
        });
      }
      return {
        ...(await this.securityLogs.list(q, actor.procuratorateId)),
        limit: q.limit,
        offset: q.offset,
      };
    });
  }

  private requireAuditor(actor: Actor): void {
    if (!AUDITORS.includes(actor.role)) {
      throw new AppError('ROLE_NOT_PERMITTED', 'Role may not search case histories 无权查阅审计记录', {
        allowedRoles: AUDITORS,
        role: actor.role,
      });
    }
  }
}

function toAuditEventView(e: AuditEventRow) {
  return {
    caseId: e.caseId,
    caseTitle: e.caseTitle,
    procuratorateId: e.procuratorateId,
    seq: e.seq,
    type: e.type,
    label: isEventType(e.type) ? EVENT_CATALOGUE[e.type].label : null,
    actor: { id: e.actorId, role: e.actorRole, name: e.actorName },
    stateBefore: e.stateBefore,
    stateAfter: e.stateAfter,
    occurredAt: new Date(e.occurredAt).toISOString(),
    recordedAt: new Date(e.recordedAt).toISOString(),
    payload: e.payload,
    approval: e.approval,
    hash: e.hash,
  };
}
