import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { EventType } from '../../workflows/events.js';
import { CasesRepository } from '../../src/cases/cases.repository.js';
import { openCase, send, sendAll } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let db: DataSource;
beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: false });
  // A DBA's connection: the service's own role may not even try (test/medium/least-privilege.test.ts).
  db = await t.db.admin();
});
afterAll(async () => {
  await t.close();
});

const verify = async (id: string) =>
  (await t.as('supervisor').get(`/api/cases/${id}/audit/verify`).expect(200)).body;

/** A case with six history entries. */
async function caseWithHistory(): Promise<string> {
  const id = await openCase(t);
  await sendAll(t, id, [
    'FILE_CASE',
    'SERVE_FILING_DECISION',
    'RECORD_CONSULTATION',
    'CONCLUDE_INVESTIGATION',
  ]);
  await send(t, id, 'ADD_NOTE', { payload: { note: '补充材料已归档' } }).expect(200);
  return id;
}

/** What a DBA with superuser rights can do: switch the protecting trigger off, change history. */
async function asDba(...statements: [string, unknown[]][]): Promise<void> {
  await db.query(`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`);
  try {
    for (const [sql, params] of statements) await db.query(sql, params);
  } finally {
    await db.query(`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`);
  }
}

describe('the history is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of history entries, even to an administrator', async () => {
    const id = await caseWithHistory();
    await expect(db.query(`UPDATE case_events SET payload = '{}' WHERE case_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM case_events WHERE case_id = $1 AND seq = 6`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
    expect(await verify(id)).toMatchObject({ intact: true, entries: 6 });
  });

  it('refuses changes to the security log too', async () => {
    await t.as('supervisor').post('/api/cases').send({}).expect(400);
    await openCase(t).then((id) =>
      t
        .as('supervisor')
        .post(`/api/cases/${id}/events`)
        .send({ type: 'ADD_NOTE', payload: { note: 'x' } }),
    );
    await expect(db.query(`DELETE FROM security_log`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE security_log`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE security_log SET message = 'nothing happened'`)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('the sealed history shows tampering', () => {
  it('reports an untouched history as intact, with every entry sealed and chained', async () => {
    const id = await caseWithHistory();
    const report = await verify(id);
    expect(report).toMatchObject({
      caseId: id,
      intact: true,
      entries: 6,
      version: 6,
      firstBrokenSeq: null,
      problem: null,
    });
    const history = (await t.as('supervisor').get(`/api/cases/${id}/history`)).body.items;
    expect(history.every((e: { hash: string }) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(report.headHash).toBe(history.at(-1).hash);
  });

  it('finds a changed payload', async () => {
    const id = await caseWithHistory();
    await asDba([
      `UPDATE case_events SET payload = '{"summary":"另一份磋商记录"}' WHERE case_id = $1 AND seq = 4`,
      [id],
    ]);
    expect(await verify(id)).toMatchObject({ intact: false, problem: 'content_changed', firstBrokenSeq: 4 });
  });

  it('finds a changed actor or date', async () => {
    const id = await caseWithHistory();
    await asDba([
      `UPDATE case_events SET occurred_at = occurred_at - interval '1 day' WHERE case_id = $1 AND seq = 3`,
      [id],
    ]);
    expect(await verify(id)).toMatchObject({ intact: false, problem: 'content_changed', firstBrokenSeq: 3 });
  });

  it('finds a deleted entry', async () => {
    const id = await caseWithHistory();
    await asDba([`DELETE FROM case_events WHERE case_id = $1 AND seq = 3`, [id]]);
    expect(await verify(id)).toMatchObject({ intact: false, problem: 'missing_entry', firstBrokenSeq: 3 });
  });

  it('finds a deleted entry whose successors were renumbered to close the gap', async () => {
    const id = await caseWithHistory();
    await asDba(
      [`DELETE FROM case_events WHERE case_id = $1 AND seq = 3`, [id]],
      [`UPDATE case_events SET seq = seq - 1 WHERE case_id = $1 AND seq > 3`, [id]],
      [`UPDATE cases SET version = version - 1 WHERE id = $1`, [id]],
    );
    expect(await verify(id)).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('finds two swapped entries', async () => {
    const id = await caseWithHistory();
    await asDba(
      [`UPDATE case_events SET seq = -1 WHERE case_id = $1 AND seq = 3`, [id]],
      [`UPDATE case_events SET seq = 3 WHERE case_id = $1 AND seq = 4`, [id]],
      [`UPDATE case_events SET seq = 4 WHERE case_id = $1 AND seq = -1`, [id]],
    );
    expect(await verify(id)).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('finds two entries whose contents were swapped', async () => {
    const id = await caseWithHistory();
    await asDba([
      `UPDATE case_events a SET type = b.type, payload = b.payload, state_before = b.state_before,
         state_after = b.state_after, hash = b.hash, prev_hash = b.prev_hash
       FROM case_events b
       WHERE a.case_id = $1 AND b.case_id = $1 AND ((a.seq = 3 AND b.seq = 4) OR (a.seq = 4 AND b.seq = 3))`,
      [id],
    ]);
    expect(await verify(id)).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('finds the newest entries removed', async () => {
    const id = await caseWithHistory();
    await asDba([`DELETE FROM case_events WHERE case_id = $1 AND seq >= 5`, [id]]);
    expect(await verify(id)).toMatchObject({
      intact: false,
      problem: 'truncated',
      firstBrokenSeq: 5,
      entries: 4,
    });
  });

  it('finds the newest entries removed even when the case row was rewound to match', async () => {
    const id = await caseWithHistory();
    await asDba(
      [`DELETE FROM case_events WHERE case_id = $1 AND seq >= 5`, [id]],
      [
        `UPDATE cases SET version = 4, head_hash = (SELECT hash FROM case_events WHERE case_id = $1 AND seq = 4)
         WHERE id = $1`,
        [id],
      ],
    );
    expect(await verify(id)).toMatchObject({ intact: false, problem: 'anchor_invalid' });
  });

  it("finds a case whose stored state was changed behind its history's back", async () => {
    const id = await caseWithHistory();
    await db.query(
      `UPDATE cases SET state = 'closed', snapshot = jsonb_set(snapshot, '{value}', '"closed"') WHERE id = $1`,
      [id],
    );
    expect(await verify(id)).toMatchObject({ intact: false, problem: 'snapshot_mismatch' });
  });
});

describe('records written by the deadline jobs', () => {
  it('are sealed into the same chain (appendRecord goes through the one writer)', async () => {
    const id = await caseWithHistory();
    const repo = t.app.get(CasesRepository);
    await db.transaction(async (tx) => {
      await repo.lockCase(tx, id);
      await repo.appendRecord(tx, id, {
        type: 'CLOCK_REMINDER',
        payload: { clock: 'FILING_DECISION_SERVICE', step: 'reminder-1d' },
        actorId: 'system',
        actorRole: 'system',
        stateBefore: 'investigation_concluded',
        stateAfter: 'investigation_concluded',
        effects: [],
        occurredAt: new Date(),
        idempotencyKey: null,
      });
    });
    expect(await verify(id)).toMatchObject({ intact: true, entries: 7, version: 7 });
    const at = await t
      .as('supervisor')
      .get(`/api/cases/${id}?at=${encodeURIComponent(new Date().toISOString())}`);
    expect(at.body).toMatchObject({ version: 7, state: 'investigation_concluded' });
    await asDba([`UPDATE case_events SET payload = '{}' WHERE case_id = $1 AND seq = 7`, [id]]);
    expect(await verify(id)).toMatchObject({ problem: 'content_changed', firstBrokenSeq: 7 });
  });
});

describe('point-in-time reconstruction', () => {
  const LONG_CASE: EventType[] = [
    'FILE_CASE',
    'SERVE_FILING_DECISION',
    'RECORD_CONSULTATION',
    'CONCLUDE_INVESTIGATION',
    'DECIDE_RECOMMENDATION',
    'SERVE_RECOMMENDATION',
    'REPLY_PERIOD_ENDED',
    'RECTIFICATION_PERIOD_ENDED',
    'EXTEND_REVIEW_PERIOD',
    'SUSPEND_REVIEW',
    'RESUME_REVIEW',
    'ADD_NOTE',
    'FILE_LAWSUIT',
    'RECORD_COURT_ACCEPTANCE',
    'RECORD_HEARING_NOTICE',
    'RECORD_FIRST_INSTANCE_DECISION',
    'APPEAL_PERIOD_ENDED',
  ];
  const shape = (c: Record<string, unknown>) => ({
    state: c['state'],
    version: c['version'],
    outcome: c['outcome'],
    allowedEvents: c['allowedEvents'],
    context: c['context'],
    workflow: c['workflow'],
    title: c['title'],
    procuratorateId: c['procuratorateId'],
  });

  it('rebuilds the case as it stood after every event of a long case', async () => {
    const id = await openCase(t);
    const seen = new Map<number, ReturnType<typeof shape>>();
    const look = async () => {
      const c = (await t.as('supervisor').get(`/api/cases/${id}`).expect(200)).body;
      seen.set(c.version, shape(c));
    };
    await look();
    for (const type of LONG_CASE) {
      await send(t, id, type).expect(200);
      await look();
    }
    const history = (await t.as('supervisor').get(`/api/cases/${id}/history`)).body.items as {
      seq: number;
      recordedAt: string;
    }[];
    expect(history).toHaveLength(LONG_CASE.length + 1);
    for (const [i, entry] of history.entries()) {
      const at = await t
        .as('city_supervisor')
        .get(`/api/cases/${id}?at=${encodeURIComponent(entry.recordedAt)}`)
        .expect(200);
      expect({ seq: entry.seq, view: shape(at.body) }).toEqual({ seq: entry.seq, view: seen.get(entry.seq) });
      expect(at.body.asOf).toBe(entry.recordedAt);
      const next = history[i + 1];
      if (next && Date.parse(next.recordedAt) - Date.parse(entry.recordedAt) >= 2) {
        const between = new Date(Date.parse(entry.recordedAt) + 1).toISOString();
        const mid = await t
          .as('supervisor')
          .get(`/api/cases/${id}?at=${encodeURIComponent(between)}`)
          .expect(200);
        expect(mid.body.version).toBe(entry.seq);
      }
    }
  });

  it('has no case before it was opened, and refuses a malformed moment', async () => {
    const id = await openCase(t);
    const res = await t.as('supervisor').get(`/api/cases/${id}?at=2020-01-01T00:00:00Z`).expect(404);
    expect(res.body.code).toBe('CASE_NOT_FOUND');
    await t.as('supervisor').get(`/api/cases/${id}?at=yesterday`).expect(400);
    await t.as('supervisor').get(`/api/cases/${id}?other=1`).expect(400);
  });
});
