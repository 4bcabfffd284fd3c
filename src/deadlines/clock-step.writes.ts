import type { EntityManager } from 'typeorm';
import { CasesRepository, type NewEvent, type RecordToAppend } from '../cases/cases.repository.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import type { ClockStepJob } from './clock.types.js';
import { type ClockProgress, ClocksRepository } from './clocks.repository.js';
import { type NewNotification, NotificationsRepository } from './notifications/notifications.repository.js';

/**
 * What the clock steps of one transaction write, gathered so that a batch of steps costs a few
 * multi-row statements instead of a handful of statements per step. `flush` writes everything
 * gathered so far (before anything that reads those rows back, and at the end).
 */
export class StepWrites {
  private progress = new Map<string, ClockProgress>();
  private jobs: { job: ClockStepJob; runAt: Date }[] = [];
  private records: RecordToAppend[] = [];
  private notifications: NewNotification[] = [];

  constructor(
    private readonly clocks: ClocksRepository,
    private readonly cases: CasesRepository,
    private readonly notificationRows: NotificationsRepository,
  ) {}

  /** The clock's row after a step; a later step of the same clock in the batch replaces it. */
  clock(progress: ClockProgress): void {
    this.progress.set(progress.id, progress);
  }

  /** The job of the clock's next step, queued by the outbox relay after commit. */
  job(job: ClockStepJob, runAt: Date): void {
    this.jobs.push({ job, runAt });
  }

  /** A history entry of the case, sealed at flush after the entries gathered before it. */
  record(locked: CaseEntity, entry: NewEvent): void {
    this.records.push({ locked, entry });
  }

  notify(notification: NewNotification): void {
    this.notifications.push(notification);
  }

  async flush(tx: EntityManager): Promise<void> {
    await this.clocks.recordProgress(tx, [...this.progress.values()]);
    await this.clocks.outboxAddMany(tx, this.jobs);
    await this.cases.appendRecords(tx, this.records);
    await this.notificationRows.insertMany(tx, this.notifications);
    this.progress = new Map();
    this.jobs = [];
    this.records = [];
    this.notifications = [];
  }
}
