import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { allowedRoles } from '../../workflows/authority.js';
import type { CaseContext } from '../../workflows/case-setup.js';
import { EVENT_CATALOGUE, type EventType, type WorkflowEvent } from '../../workflows/events.js';
import type { Role } from '../../workflows/roles.js';
import type { Actor } from '../common/actor.js';
import { AppError, ValidationFailed } from '../common/app-error.js';
import { parseInput } from '../common/validation.js';
import { domainProblem } from '../domains/domains.js';
import { WorkflowRegistry } from '../workflows/workflow-registry.js';
import { CaseDetails } from './case-details.js';
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
  ) {}

  async create(input: CreateCaseInput, actor: Actor): Promise<CaseView> {
    if (!CASE_OPENERS.includes(actor.role)) {
      throw new AppError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not open a case 无权受理线索`);
    }
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

  /** One case with the sections other modules add (its clocks). */
  async get(id: string): Promise<CaseView & Record<string, unknown>> {
    const found = await this.load(id);
    return { ...this.view(found), ...(await this.details.load(id)) };
  }

  async list(filter: CaseFilter, limit: number, offset: number) {
    const { items, total } = await this.cases.list(filter, limit, offset);
    return { items: items.map((c) => this.view(c)), total, limit, offset };
  }

  async history(id: string): Promise<{ caseId: string; items: HistoryEntryView[] }> {
    await this.load(id);
    return { caseId: id, items: (await this.cases.history(id)).map(toHistoryEntryView) };
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
  ): Promise<CaseView> {
    const type = command.type as EventType;
    const payload = parseInput(EVENT_CATALOGUE[type].payload, command.payload, 'payload') as Record<
      string,
      unknown
    >;
    const event = { ...payload, type } as WorkflowEvent;
    const occurredAt = command.occurredAt ?? new Date();

    const result = await this.cases.applyEvent(
      id,
      idempotencyKey
        ? { key: idempotencyKey, requestHash: requestHash(command, actor), response: (c) => this.view(c) }
        : null,
      (locked) => this.decide(locked, event, command.expectedVersion, actor, occurredAt, idempotencyKey),
      tx,
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
  ): Decision {
    if (expectedVersion !== undefined && expectedVersion !== locked.version) {
      throw new AppError(
        'VERSION_CONFLICT',
        `Case is at version ${locked.version}, not ${expectedVersion} 案件已被他人更新`,
        { currentVersion: locked.version, expectedVersion },
      );
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
