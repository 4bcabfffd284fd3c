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
 * Clock workers in processes of their own. One killed (SIGKILL) in the middle of a step: its
 * transaction never commits, its claim on the job lapses, a worker in another process takes the
 * job up, and the step is recorded exactly once. One frozen (SIGSTOP) in the middle of a step long
 * enough for another process to be handed the same job: when it wakes, the two meet at the case's
 * lock and the step is still recorded once. The in-process application runs no workers; it sets
 * up and reads.
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

/**
 * A clock worker in a process of its own (test/support/child/clock-worker.ts), once it is ready;
 * its database sessions carry `name` as their application_name.
 */
async function startWorkerProcess(name: string): Promise<ChildProcess> {
  const child = fork('test/support/child/clock-worker.ts', [], {
    execArgv: ['--import', './test/support/child/register-ts.mjs'],
    env: {
      ...process.env,
      PGDATABASE: db.config.PGDATABASE,
      QUEUE_PREFIX: db.config.QUEUE_PREFIX,
      CLOCK_JOB_LOCK_MS: String(LOCK_MS),
      PGAPPNAME: name,
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

/** Names of the worker processes whose database sessions wait for the gate: stopped mid-step. */
async function waitingAtGate(): Promise<string[]> {
  const { rows } = await gate.query<{ name: string }>(
    `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [GATE],
  );
  return rows.map((r) => r.name);
}

/** Whether the named worker's session waits for a row lock (another transaction holds the case). */
async function waitingForRow(name: string): Promise<boolean> {
  const { rows } = await gate.query(
    `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'
       AND wait_event IN ('transactionid', 'tuple')`,
    [name],
  );
  return rows.length > 0;
}

const prosecutor = serviceActor('prosecutor', 'p-1');
const chief = serviceActor('chief_prosecutor', 'c-1');
const supervisor = serviceActor('supervisor', 's-1');

/** A filed case, its filing-decision service clock, and how many history entries it has. */
async function filedCase(title: string) {
  const { id } = await get(CasesService).create(
    {
      track: 'administrative',
      domain: 'ecology_environment',
      title,
      clue: { source: 's', receivedAt: new Date(), summary: 's' },
    },
    prosecutor,
  );
  await get(CasesService).applyEvent(
    id,
    { type: 'FILE_CASE', payload: {} },
    chief,
    undefined,
    undefined,
    TEST_APPROVAL,
  );
  const clock = (await get(ClocksRepository).listOfCase(id)).find(
    (c) => c.kind === 'FILING_DECISION_SERVICE',
  )!;
  return { caseId: id, clock, entriesBefore: (await get(CasesRepository).history(id)).length };
}

/** Waits for the clock to climb its whole (compressed) ladder, then checks each step was recorded once. */
async function expectLadderRecordedOnce(caseId: string, clockId: string, entriesBefore: number) {
  await eventually(
    async () => (await get(ClocksRepository).findById(clockId))!.escalationLevel === 2,
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
    [clockId],
  );
  expect(notified[0].n).toBe(3);
  expect(await get(AuditService).verify(caseId, supervisor)).toMatchObject({ intact: true });
}

describe('clock worker processes', () => {
  it('killed in the middle of a step: nothing half-done, another process applies it once', async () => {
    const { caseId, clock, entriesBefore } = await filedCase('进程中止');

    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    const doomed = await startWorkerProcess('doomed');
    await armClock(app, clock, -10); // the expiry is due: the worker takes the job at once
    await eventually(async () => (await waitingAtGate()).includes('doomed'), 15_000);

    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    // Its backend now finishes the insert it was blocked in, finds the client gone and rolls back.
    await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
    await eventually(async () => (await waitingAtGate()).length === 0, 5000);
    expect(await get(CasesRepository).history(caseId)).toHaveLength(entriesBefore);
    expect((await get(ClocksRepository).findById(clock.id))!.lastStep).toBeNull();

    const survivor = await startWorkerProcess('survivor'); // takes the job up once the claim lapses
    await expectLadderRecordedOnce(caseId, clock.id, entriesBefore);
    survivor.kill('SIGKILL');
    await once(survivor, 'exit');
  }, 180_000);

  it('frozen in the middle of a step while another process is handed the same job: applied once', async () => {
    const { caseId, clock, entriesBefore } = await filedCase('进程冻结');
    await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
    const processes = { one: await startWorkerProcess('one'), two: await startWorkerProcess('two') };
    await armClock(app, clock, -10);
    const [first] = await eventually(async () => {
      const names = await waitingAtGate();
      return names.length > 0 ? names : undefined;
    }, 15_000);
    const frozen = first as keyof typeof processes;
    const other = frozen === 'one' ? 'two' : 'one';

    // Frozen, it stops renewing its claim: the other process is handed the job and waits for the case.
    processes[frozen].kill('SIGSTOP');
    await eventually(() => waitingForRow(other), 15_000);
    await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
    processes[frozen].kill('SIGCONT'); // it commits the step; the other then finds it done

    await expectLadderRecordedOnce(caseId, clock.id, entriesBefore);
  }, 180_000);
});
