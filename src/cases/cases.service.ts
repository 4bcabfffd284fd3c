import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isReservedDecision } from '../../workflows/approval-policy.js';
import { allowedRoles } from '../../workflows/authority.js';
import type { CaseContext } from '../../workflows/case-setup.js';
import { EVENT_CATALOGUE, type EventType, type WorkflowEvent } from '../../workflows/events.js';
import type { Role } from '../../workflows/roles.js';
import { stateValueToString } from '../../workflows/step.js';
import { SecurityLog } from '../audit/security-log.service.js';
import type { Actor } from '../common/actor.js';
import { AppError, ValidationFailed } from '../common/app-error.js';
import { parseInput } from '../common/validation.js';
import { domainProblem } from '../domains/domains.js';
import { scopeOf } from '../procuratorates/case-access.js';
import { CaseAccess, type CaseLocation, CaseNotVisible } from '../procuratorates/case-access.service.js';
import { DocumentIssuer } from '../documents/document-issuer.js';
import { WorkflowRegistry } from '../workflows/workflow-registry.js';
import { CaseDetails } from './case-details.js';
import { replayHistory, WORKFLOW_MIGRATED, type WorkflowMigratedPayload } from './case-replay.js';
import { type CaseFilter, CasesRepository, type Decision } from './cases.repository.js';
import type { CreateCaseInput, EventCommandInput } from './case.schemas.js';
import { type CaseView, type HistoryEntryView, toCaseView, toHistoryEntryView } from './case.view.js';
import type { CaseEntity } from './entities/case.entity.js';

/** Roles that may open a case from a clue (线索受理). */
const CASE_OPENERS: readonly Role[] = ['prosecutor', 'department_head', 'chief_prosecutor', 'public'];

/** The first history entry of every case: the clue was received. */
export const CASE_OPENED = 'CASE_OPENED';

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly workflows: WorkflowRegistry,
    private readonly details: CaseDetails,
    private readonly access: CaseAccess,
    private readonly security: SecurityLog,
    private readonly documents: DocumentIssuer,
  ) {}

  /** Opens a case in the creating user's procuratorate. */
  create(input: CreateCaseInput, actor: Actor): Promise<CaseView> {
    return this.security.guard({ actor, action: 'CREATE_CASE' }, () => this.open(input, actor));
  }

  private async open(input: CreateCaseInput, actor: Actor): Promise<CaseView> {
    if (!CASE_OPENERS.includes(actor.role) || !actor.procuratorateId) {
      throw new AppError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not open a case 无权受理线索`);
    }
    const procuratorateId = actor.procuratorateId;
    const clueDate = chinaDate(input.clue.receivedAt);
    const problem = domainProblem(input.domain, input.track, clueDate);
    if (problem) throw new ValidationFailed([{ field: 'domain', problem }]);
    const criminalCaseProblem = criminalCaseNumberProblem(input);
    if (criminalCaseProblem) throw new ValidationFailed([criminalCaseProblem]);
    const workflow = this.workflows.currentFor(input.track);
    if (!workflow) {
      throw new ValidationFailed([
        { field: 'track', problem: `no workflow serves ${input.track} cases yet` },
      ]);
    }
    const stepper = this.workflows.stepper(workflow.name, workflow.version);
    const criminalCase = input.criminalCaseNumber ? { criminalCaseNumber: input.criminalCaseNumber } : {};
    const started = stepper.start({ domain: input.domain, ...criminalCase });
    const clue = {
      source: input.clue.source,
      receivedAt: input.clue.receivedAt.toISOString(),
      summary: input.clue.summary,
    };
    const created = await this.cases.create(
      {
        track: input.track,
        workflowName: workflow.name,
        workflowVersion: workflow.version,
        snapshot: started.snapshot,
        state: started.state,
        domain: input.domain,
        title: input.title,
        respondent: input.respondent ?? null,
        clue,
        procuratorateId,
        handlingProsecutorId: actor.role === 'prosecutor' ? actor.id : null,
      },
      {
        type: CASE_OPENED,
        payload: {
          track: input.track,
          domain: input.domain,
          title: input.title,
          respondent: input.respondent ?? null,
          ...criminalCase,
          clue,
        },
        actorId: actor.id,
        actorRole: actor.role,
        stateBefore: null,
        stateAfter: started.state,
        effects: [],
        occurredAt: input.clue.receivedAt,
        idempotencyKey: null,
      },
    );
    return this.view(created);
  }

  /** One case with the sections other modules add (its clocks), if the actor may see it. */
  async get(id: string, actor: Actor): Promise<CaseView & Record<string, unknown>> {
    await this.access.visible(actor, id, 'READ_CASE');
    const found = await this.load(id);
    return { ...this.view(found), ...(await this.details.load(id)) };
  }

  /**
   * The case as it stood at a moment, rebuilt from the history entries recorded by then (a
   * supervisor's audit view). The machine is pure, so replaying them gives the snapshot then.
   */
  async getAt(id: string, at: Date, actor: Actor): Promise<CaseView & { asOf: string }> {
    await this.access.visible(actor, id, 'READ_CASE_AT');
    const found = await this.load(id);
    // The entries recorded by then: a prefix of the history (recording follows the sequence).
    const known = [];
    for (const entry of await this.cases.history(id)) {
      if (entry.seq !== known.length + 1 || new Date(entry.recordedAt) > at) break;
      known.push(entry);
    }
    const last = known.at(-1);
    if (!last) {
      throw new AppError(
        'CASE_NOT_FOUND',
        `Case ${id} was not opened yet at ${at.toISOString()} 该时间点案件尚未受理`,
      );
    }
    // A migrated case replays with the version each part of its history was recorded under.
    const snapshot = replayHistory((v) => this.workflows.stepper(found.workflowName, v), known);
    const version = known.reduce(
      (v, e) =>
        e.type === WORKFLOW_MIGRATED ? (e.payload as unknown as WorkflowMigratedPayload).toVersion : v,
      known[0].workflowVersion,
    );
    const context = (snapshot['context'] ?? {}) as Record<string, unknown>;
    const then: CaseEntity = {
      ...found,
      workflowVersion: version,
      snapshot,
      state: stateValueToString(snapshot['value']),
      version: last.seq,
      outcome: (context['outcome'] as string | null | undefined) ?? null,
      updatedAt: last.recordedAt,
    };
    return { ...this.view(then), asOf: at.toISOString() };
  }

  async list(filter: CaseFilter, limit: number, offset: number, actor: Actor) {
    const { items, total } = await this.cases.list({ ...filter, scope: scopeOf(actor) }, limit, offset);
    return { items: items.map((c) => this.view(c)), total, limit, offset };
  }

  async history(id: string, actor: Actor): Promise<{ caseId: string; items: HistoryEntryView[] }> {
    await this.access.visible(actor, id, 'READ_HISTORY');
    await this.load(id);
    const entries = await this.cases.history(id);
    const names = await this.cases.actorNames(entries.map((e) => e.actorId));
    return { caseId: id, items: entries.map((e) => toHistoryEntryView(e, names.get(e.actorId) ?? null)) };
  }

  /**
   * The command path every event takes, whether a person or a deadline job sends it: validate the
   * payload, then in one transaction check role, version and state, step the machine and record.
   * A deadline job passes its own transaction (`tx`) so the clock and the event commit together.
   */
  async applyEvent(
    id: string,
    command: EventCommandInput,
    actor: Actor,
    idempotencyKey?: string,
    tx?: EntityManager,
    approval?: Record<string, unknown>,
  ): Promise<CaseView> {
    return this.security.guard({ actor, caseId: id, action: command.type }, async () => {
      // Jobs act everywhere; a person only on the cases within their jurisdiction (404 / 403).
      // A caller passing its transaction (a deadline job, a decided proposal) has checked that
      // already; checking again here would take a second pooled connection inside the transaction.
      if (actor.role === 'system' || tx)
        return this.command(id, command, actor, idempotencyKey, tx, approval);
      // A person's command is checked on the case row it locks, read with its procuratorate: no
      // separate query. The refusal of a case they may not see is logged once the transaction has
      // ended, and, as before, comes before any check of the payload.
      try {
        return await this.command(id, command, actor, idempotencyKey, tx, approval, (where) =>
          this.access.judge(actor, where),
        );
      } catch (error) {
        if (error instanceof CaseNotVisible)
          return this.access.notFound(actor, id, command.type, error.where);
        throw error;
      }
    });
  }

  private async command(
    id: string,
    command: EventCommandInput,
    actor: Actor,
    idempotencyKey: string | undefined,
    tx: EntityManager | undefined,
    approval: Record<string, unknown> | undefined,
    admit?: (where: CaseLocation) => void,
  ): Promise<CaseView> {
    const type = command.type as EventType;
    const parse = () => {
      const payload = parseInput(EVENT_CATALOGUE[type].payload, command.payload, 'payload') as Record<
        string,
        unknown
      >;
      return { ...payload, type } as WorkflowEvent;
    };
    // With an access check, the payload is checked after it (a 404/403 comes before a 400).
    let event = admit ? undefined : parse();
    const occurredAt = command.occurredAt ?? new Date();

    const result = await this.cases.applyEvent(
      id,
      idempotencyKey
        ? { key: idempotencyKey, requestHash: requestHash(command, actor), response: (c) => this.view(c) }
        : null,
      async (locked, tx) => {
        const decision = this.decide(
          locked,
          event ?? parse(),
          command.expectedVersion,
          actor,
          occurredAt,
          idempotencyKey,
          approval,
        );
        // The document the event issues or serves (src/documents), in this transaction, before
        // the entry is sealed: its 文号 and draft (or signed final) are sealed with the entry.
        decision.event.document = await this.documents.onCommand(tx, {
          case: { ...locked, clue: locked.clue },
          seq: locked.version + 1,
          type: decision.event.type,
          payload: decision.event.payload,
          occurredAt,
          approval: approval ?? null,
          actorId: actor.id,
        });
        return decision;
      },
      tx,
      admit &&
        ((where) => {
          admit(where);
          event = parse();
        }),
    );
    if (result.kind === 'replayed') return result.response as CaseView;
    return (result.response as CaseView | undefined) ?? this.view(result.case);
  }

  private decide(
    locked: CaseEntity,
    event: WorkflowEvent,
    expectedVersion: number | undefined,
    actor: Actor,
    occurredAt: Date,
    idempotencyKey: string | undefined,
    approval: Record<string, unknown> | undefined,
  ): Decision {
    if (expectedVersion !== undefined && expectedVersion !== locked.version) {
      throw new AppError(
        'VERSION_CONFLICT',
        `Case is at version ${locked.version}, not ${expectedVersion} 案件已被他人更新`,
        { currentVersion: locked.version, expectedVersion },
      );
    }
    // A legal act on a case cannot predate the clue that opened it (compared as dates in China).
    const clueDate = chinaDate(new Date(locked.clue.receivedAt));
    if (chinaDate(occurredAt) < clueDate) {
      throw new ValidationFailed([
        {
          field: 'occurredAt',
          problem: `must not be before the clue was received (${clueDate}) 不得早于线索受理日期`,
        },
      ]);
    }
    const context = locked.snapshot['context'] as CaseContext;
    const roles = allowedRoles(event.type, context);
    if (!roles.includes(actor.role)) {
      throw new AppError(
        'ROLE_NOT_PERMITTED',
        `${event.type} may be sent only by ${roles.join(', ')} 无权执行此操作`,
        {
          event: event.type,
          allowedRoles: roles,
          role: actor.role,
        },
      );
    }
    // 权力清单: a decision reserved to the chief (or the upper procuratorate) is made through a
    // proposal, reviewed and decided (src/approvals), never sent directly; jobs never send one.
    if (isReservedDecision(event.type, context) && !approval) {
      throw new AppError(
        'APPROVAL_REQUIRED',
        `${event.type} is a reserved decision: propose it (POST /api/cases/${locked.id}/proposals) for review and decision 须经审核、决定程序`,
        { event: event.type, proposals: `/api/cases/${locked.id}/proposals` },
      );
    }
    const stepper = this.workflows.stepper(locked.workflowName, locked.workflowVersion);
    const step = stepper.step(locked.snapshot, event);
    if (!step.ok) {
      const why =
        step.reason === 'not_accepted'
          ? `state ${step.state} does not accept ${event.type}`
          : `${event.type} is not allowed in state ${step.state} with this case's facts or payload`;
      throw new AppError('EVENT_NOT_ALLOWED', `${why} 当前阶段不允许此操作`, {
        state: step.state,
        event: event.type,
        reason: step.reason,
        allowedEvents: step.allowedEvents,
      });
    }
    const { type, ...payload } = event;
    return {
      snapshot: step.snapshot,
      state: step.stateAfter,
      outcome: (step.context['outcome'] as string | null) ?? null,
      event: {
        type,
        payload,
        actorId: actor.id,
        actorRole: actor.role,
        stateBefore: step.stateBefore,
        stateAfter: step.stateAfter,
        effects: step.effects,
        occurredAt,
        idempotencyKey: idempotencyKey ?? null,
        approval: approval ?? null,
      },
    };
  }

  private async load(id: string): Promise<CaseEntity> {
    const found = await this.cases.findById(id);
    if (!found) throw new AppError('CASE_NOT_FOUND', `Case ${id} not found 案件不存在`);
    return found;
  }

  private view(c: CaseEntity): CaseView {
    return toCaseView(c, this.workflows.stepper(c.workflowName, c.workflowVersion).allowedEvents(c.snapshot));
  }
}

/**
 * 刑事附带民事公益诉讼 goes with a criminal case: its number is required for that track and
 * means nothing for the others. (It is kept in the case's context and its CASE_OPENED entry.)
 */
function criminalCaseNumberProblem(input: CreateCaseInput): { field: string; problem: string } | null {
  if (input.track === 'criminal_incidental' && input.criminalCaseNumber === undefined) {
    return {
      field: 'criminalCaseNumber',
      problem: 'required for criminal_incidental cases 须填写刑事案件案号',
    };
  }
  if (input.track !== 'criminal_incidental' && input.criminalCaseNumber !== undefined) {
    return {
      field: 'criminalCaseNumber',
      problem: `only criminal_incidental cases have one, not ${input.track}`,
    };
  }
  return null;
}

/** The calendar date in China (UTC+8) of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function requestHash(command: EventCommandInput, actor: Actor): string {
  const canonical = JSON.stringify([
    actor.id,
    actor.role,
    command.type,
    command.payload,
    command.occurredAt?.toISOString() ?? null,
    command.expectedVersion ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
