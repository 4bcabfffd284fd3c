import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service.js';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { CasesService } from '../../src/cases/cases.service.js';
import { ClocksRepository } from '../../src/deadlines/clocks.repository.js';
import { armClock, eventually, startClockApp } from '../support/clock-test-kit.js';
import { serviceActor, TEST_APPROVAL } from '../support/service-actors.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A clock worker process killed (SIGKILL) in the middle of a step: its transaction never commits,
 * its claim on the job lapses, a worker in another process takes the job up, and the step is
 * recorded exactly once. The in-process application runs no workers; it sets up and reads.
 */
const GATE = 424242; // advisory lock key: while the test holds it, clock steps stop mid-transaction
const LOCK_MS = 1500;

let db: TestDatabase;
let app: INestApplication;
let gate: pg.Client;
const workers: ChildProcess[] = [];
const get = <T>(token: { new (...args: never[]): T }): T => app.get(token as never);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startClockApp(db.config, { RUN_WORKERS: false });
  gate = new pg.Client({
    host: db.config.PGHOST,
    port: db.config.PGPORT,
    user: db.config.PGUSER,
    password: db.config.PGPASSWORD,
    database: db.config.PGDATABASE,
  });
  await gate.connect();
  // Every notification insert (the last write of a clock step) first waits for the gate.
  await gate.query(`CREATE FUNCTION wait_at_gate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_advisory_xact_lock_shared(${GATE}); RETURN NULL; END $$`);
  await gate.query(`CREATE TRIGGER wait_at_gate BEFORE INSERT ON notifications
    FOR EACH STATEMENT EXECUTE FUNCTION wait_at_gate()`);
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await gate.end();
  await app.close();
  await db.drop();
});

/** A clock worker in a process of its own (test/support/child/clock-worker.ts), once it is ready. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = fork('test/support/child/clock-worker.ts', [], {
    execArgv: ['--import', './test/support/child/register-ts.mjs'],
    env: {
      ...process.env,
      PGDATABASE: db.config.PGDATABASE,
      QUEUE_PREFIX: db.config.QUEUE_PREFIX,
      CLOCK_JOB_LOCK_MS: String(LOCK_MS),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  workers.push(child);
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error('the worker process exited before it was ready');
    }),
  ])) as unknown[];
  expect(message).toBe('ready');
  return child;
}

/** Backends of this database waiting for the gate: steps stopped mid-transaction. */
async function waitingAtGate(): Promise<number> {
  const { rows } = await gate.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
     WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [GATE],
  );
  return rows[0].n;
}

describe('a clock worker process killed in the middle of a step', () => {
  it('leaves nothing half-done, and another process applies the step exactly once', async () => {
    const prosecutor = serviceActor('prosecutor', 'p-1');
    const supervisor = serviceActor('supervisor', 's-1');
    const { id: caseId } = await get(CasesService).create(
      {
        track: 'administrative',
        domain: 'ecology_environment',
        title: '进程中止',
        clue: { source: 's', receivedAt: new Date(), summary: 's' },
      },
      prosecutor,
    );
    const chief = serviceActor('chief_prosecutor', 'c-1');
    await get(CasesService).applyEvent(
      caseId,
      { type: 'FILE_CASE', payload: {} },
      chief,
      undefined,
      undefined,
      TEST_APPROVAL,
    );
    const clock = (await get(ClocksRepository).listOfCase(caseId)).find(
      (c) => c.kind === 'FILING_DECISION_SERVICE',
    )!;
    const entriesBefore = (await get(CasesRepository).history(caseId)).length;

    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    const doomed = await startWorkerProcess();
    await armClock(app, clock, -10); // the expiry is due: the worker takes the job at once
    await eventually(async () => (await waitingAtGate()) > 0, 15_000);

    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    // Its backend now finishes the insert it was blocked in, finds the client gone and rolls back.
    await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
    await eventually(async () => (await waitingAtGate()) === 0, 5000);
    expect(await get(CasesRepository).history(caseId)).toHaveLength(entriesBefore);
    expect((await get(ClocksRepository).findById(clock.id))!.lastStep).toBeNull();

    await startWorkerProcess(); // takes the job up once the dead worker's claim lapses
    await eventually(
      async () => (await get(ClocksRepository).findById(clock.id))!.escalationLevel === 2,
      20_000,
    );
    const steps = (await get(CasesRepository).history(caseId)).slice(entriesBefore);
    expect(steps.map((e) => [e.type, e.payload['step']])).toEqual([
      ['CLOCK_EXPIRED', 'expiry'],
      ['CLOCK_ESCALATED', 'escalation-1'],
      ['CLOCK_ESCALATED', 'escalation-2'],
    ]);
    const notified = await get(DataSource).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE clock_id = $1`,
      [clock.id],
    );
    expect(notified[0].n).toBe(3);
    expect(await get(AuditService).verify(caseId, supervisor)).toMatchObject({ intact: true });
  }, 60_000);
});
