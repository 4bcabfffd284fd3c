import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { AuditService } from '../../src/audit/audit.service.js';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { CasesService } from '../../src/cases/cases.service.js';
import type { Actor } from '../../src/common/actor.js';
import { clockJobId } from '../../src/deadlines/clock.types.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { ClockQueue } from '../../src/deadlines/jobs/clock-queue.js';
import { OutboxRelay } from '../../src/deadlines/jobs/outbox-relay.js';
import { calendarsAround2027Notice } from '../../src/deadlines/period/__fixtures__/calendars.js';
import { ProvisionalClocks } from '../../src/deadlines/provisional-clocks.js';
import { EVENT_EXAMPLES, type EventType } from '../../workflows/events.js';
import { eventually, startClockApp } from '../support/clock-test-kit.js';
import { serviceActor, TEST_APPROVAL } from '../support/service-actors.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A reply period ending in 2027, recorded while the calendar had no 2027 notice, runs on a
 * provisional due date; once the service starts with the notice loaded, the clock is recomputed
 * in its case's transaction, its job re-planned and the history told.
 */
const { before, after } = calendarsAround2027Notice(); // the latter makes 2027-01-20..22 a holiday

const prosecutor: Actor = serviceActor('prosecutor', 'p-1');
const chief: Actor = serviceActor('chief_prosecutor', 'c-1');
const supervisor: Actor = serviceActor('supervisor', 's-1');

let db: TestDatabase;
const apps: INestApplication[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await db.drop();
});

/** A case whose recommendation was served on 2026-11-20: its reply period ends 2027-01-20 (a Wednesday). */
async function servedOn20November(app: INestApplication): Promise<string> {
  const cases = app.get(CasesService);
  const at = (day: string) => new Date(`2026-11-${day}T02:00:00Z`);
  const { id } = await cases.create(
    {
      track: 'administrative',
      domain: 'ecology_environment',
      title: '跨年期限',
      respondent: '某区生态环境局', // the agency a recommendation is addressed to
      clue: { source: 's', receivedAt: at('02'), summary: 's' },
    },
    prosecutor,
  );
  const steps: [EventType, Actor, string, Record<string, unknown>][] = [
    ['FILE_CASE', chief, '05', {}],
    ['CONCLUDE_INVESTIGATION', prosecutor, '10', {}],
    ['DECIDE_RECOMMENDATION', chief, '15', { ...EVENT_EXAMPLES.DECIDE_RECOMMENDATION, urgent: false }],
    ['SERVE_RECOMMENDATION', prosecutor, '20', {}],
  ];
  for (const [type, actor, day, payload] of steps) {
    const approval = actor === chief ? TEST_APPROVAL : undefined;
    await cases.applyEvent(id, { type, payload, occurredAt: at(day) }, actor, undefined, undefined, approval);
  }
  return id;
}

describe('provisional clocks', () => {
  it('are recomputed when the service starts with the missing year loaded', async () => {
    const first = await startClockApp(db.config, { RUN_WORKERS: false }, before);
    apps.push(first);
    const caseId = await servedOn20November(first);
    const replyOf = async (app: INestApplication) =>
      (await app.get(ClocksRepository).listOfCase(caseId)).find((c) => c.kind === 'AGENCY_REPLY')!;
    const provisional = await replyOf(first);
    expect(provisional).toMatchObject({ dueDate: '2027-01-20', provisional: true });
    await first.close();
    apps.pop();

    const second = await startClockApp(db.config, { RUN_WORKERS: true }, after);
    apps.push(second);
    // Both periods that ran from the service (reply and rectification) are recomputed at start.
    await eventually(async () => {
      const clocks = await second.get(ClocksRepository).listOfCase(caseId);
      return clocks.every((c) => !c.provisional);
    });
    const recomputed = await replyOf(second);
    expect(recomputed).toMatchObject({
      dueDate: '2027-01-25',
      strictDueDate: '2027-01-20',
      revision: provisional.revision + 1,
      nextStep: 'reminder-1',
    });
    expect(recomputed.nextStepAt!.toISOString()).toBe('2027-01-18T16:00:00.000Z'); // T−7 of the new due

    await second.get(OutboxRelay).drain();
    const job = (revision: number) => clockJobId({ clockId: recomputed.id, revision, step: 'reminder-1' });
    const { live } = await second
      .get(ClockQueue)
      .states([job(provisional.revision), job(recomputed.revision)]);
    expect([...live]).toEqual([job(recomputed.revision)]);

    const entries = (await second.get(CasesRepository).history(caseId)).filter(
      (e) => e.type === 'CLOCK_RECOMPUTED',
    );
    // The rectification period runs from the same service: it moved the same way.
    const recorded = entries.map((e) => [
      e.payload['clock'],
      e.payload['from'],
      e.payload['to'],
      e.actorRole,
    ]);
    expect(recorded.sort()).toEqual([
      ['AGENCY_REPLY', '2027-01-20', '2027-01-25', 'system'],
      ['RECTIFICATION', '2027-01-20', '2027-01-25', 'system'],
    ]);
    expect(await second.get(AuditService).verify(caseId, supervisor)).toMatchObject({ intact: true });

    // Done once: a second pass finds nothing left to recompute.
    expect(await second.get(ProvisionalClocks).recompute()).toMatchObject({ recomputed: 0 });
  }, 30_000);
});
