import { setTimeout as sleep } from 'node:timers/promises';
import type { RoleHeaders } from './auth.js';
import { runConcurrently } from './concurrency.js';
import { type CpuWatch, startCpuMeter } from './cpu.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import {
  APPROVE,
  type CaseStatus,
  createCaseBody,
  eventBody,
  FINAL_OUTCOME,
  FINAL_STATE,
  LIFECYCLE,
  LIFECYCLE_EVENTS,
  type LifecycleStep,
} from './lifecycle.js';
import type { PhaseResult } from './phase.js';
import { type LatencySummary, LatencyRecorder } from './stats.js';

const MAX_ERRORS_SHOWN = 5;
/**
 * A case waiting for the clock worker is first looked at after FIRST_POLL_MS, then every POLL_MS
 * (each look is a full GET of the case, load on the server the lifecycle itself does not make),
 * and given up on after CLOCK_TIMEOUT_MS.
 */
const FIRST_POLL_MS = 1000;
const POLL_MS = 500;
const CLOCK_TIMEOUT_MS = 120_000;

/** Counts and keeps the first few unexpected responses. */
export class ErrorLog {
  count = 0;
  readonly samples: string[] = [];

  add(what: string, res: HttpResponse | Error): void {
    this.count++;
    if (this.samples.length >= MAX_ERRORS_SHOWN) return;
    this.samples.push(
      res instanceof Error ? `${what}: ${res.message}` : `${what}: ${res.status} ${res.body.slice(0, 300)}`,
    );
  }
}

/** Thrown to stop a case at its first unexpected answer (already counted in the ErrorLog). */
class CaseFailed extends Error {}

/** Latencies of the requests a lifecycle makes, by what they are for. */
class Recorders {
  /** Requests that apply an event: event POSTs and the chief's decisions. */
  readonly apply: LatencyRecorder;
  /** Proposals and reviews, which a reserved decision needs first. */
  readonly approval: LatencyRecorder;
  /** From the event recorded after the fact until the clock worker moved the case on. */
  readonly clockWait: LatencyRecorder;
  polls = 0;
  requests = 0;

  constructor(cases: number) {
    const per = (kind: LifecycleStep['kind']) => LIFECYCLE.filter((s) => s.kind === kind).length;
    this.apply = new LatencyRecorder(cases * (per('event') + per('decision')));
    this.approval = new LatencyRecorder(cases * 2 * per('decision'));
    this.clockWait = new LatencyRecorder(cases * per('clock'));
  }
}

/** Sends one request, times it, and fails the case unless the status is `expected`. */
async function call(
  recorder: LatencyRecorder | null,
  errors: ErrorLog,
  label: string,
  expected: number,
  send: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const res = await (recorder ? recorder.time(send) : send()).catch((e: unknown) =>
    e instanceof Error ? e : new Error(String(e)),
  );
  if (res instanceof Error || res.status !== expected) {
    errors.add(label, res);
    throw new CaseFailed();
  }
  return res;
}

export interface CreateResult {
  ids: string[];
  result: PhaseResult;
}

/** Opens `count` cases as the prosecutor, `concurrency` at a time; a failed creation leaves an empty id. */
export async function createCases(
  client: HttpClient,
  auth: RoleHeaders,
  count: number,
  concurrency: number,
  errors: ErrorLog,
  watch: CpuWatch,
): Promise<CreateResult> {
  const body = createCaseBody();
  const recorder = new LatencyRecorder(count);
  const cpu = startCpuMeter(watch);
  const before = errors.count;
  const ids: string[] = new Array<string>(count).fill('');
  const elapsedMs = await runConcurrently(count, concurrency, async (i) => {
    const res = await call(recorder, errors, 'create case', 201, () =>
      client.postJson('/api/cases', body, auth.prosecutor),
    ).catch(() => null);
    if (res) ids[i] = (JSON.parse(res.body) as { id: string }).id;
  });
  const latency = recorder.summary();
  return {
    ids,
    result: { operations: count, errors: errors.count - before, elapsedMs, latency, cpu: cpu() },
  };
}

/** Runs a lifecycle's steps for one case; returns the response of the last event. */
class CaseDriver {
  private readonly bodies = new Map<LifecycleStep, string>(
    LIFECYCLE.flatMap((s) =>
      s.kind === 'clock' ? [] : [[s, eventBody(s.type, s.kind === 'event' && s.recordedAfterTheFact)]],
    ),
  );

  constructor(
    private readonly client: HttpClient,
    private readonly auth: RoleHeaders,
    private readonly rec: Recorders,
    private readonly errors: ErrorLog,
  ) {}

  async drive(id: string): Promise<HttpResponse | undefined> {
    let last: HttpResponse | undefined;
    for (const step of LIFECYCLE) last = (await this.run(id, step)) ?? last;
    return last;
  }

  private run(id: string, step: LifecycleStep): Promise<HttpResponse | undefined> {
    switch (step.kind) {
      case 'event':
        return this.post(
          this.rec.apply,
          step.type,
          200,
          `/api/cases/${id}/events`,
          this.bodies.get(step)!,
          step.role,
        );
      case 'decision':
        return this.decide(id, step);
      case 'clock':
        return this.awaitClocks(id, step).then(() => undefined);
    }
  }

  private post(
    recorder: LatencyRecorder,
    label: string,
    expected: number,
    path: string,
    body: string,
    role: keyof RoleHeaders,
  ): Promise<HttpResponse> {
    this.rec.requests++;
    return call(recorder, this.errors, label, expected, () =>
      this.client.postJson(path, body, this.auth[role]),
    );
  }

  /** Proposal → review → decision; the decision applies the event. */
  private async decide(id: string, step: LifecycleStep & { kind: 'decision' }): Promise<undefined> {
    const body = this.bodies.get(step)!;
    const proposed = await this.post(
      this.rec.approval,
      `propose ${step.type}`,
      201,
      `/api/cases/${id}/proposals`,
      body,
      'prosecutor',
    );
    const proposal = `/api/proposals/${(JSON.parse(proposed.body) as { id: string }).id}`;
    await this.post(
      this.rec.approval,
      `review ${step.type}`,
      200,
      `${proposal}/review`,
      APPROVE.review,
      'department_head',
    );
    const decided = await this.post(
      this.rec.apply,
      `decide ${step.type}`,
      200,
      `${proposal}/decide`,
      APPROVE.decide,
      'chief_prosecutor',
    );
    const { status } = JSON.parse(decided.body) as { status?: string };
    if (status !== 'applied') {
      this.errors.add(`decide ${step.type}: proposal ${status}`, decided);
      throw new CaseFailed();
    }
    return undefined;
  }

  /** Looks at the case until the clock worker has recorded the step's system events. */
  private async awaitClocks(id: string, step: LifecycleStep & { kind: 'clock' }): Promise<void> {
    const start = performance.now();
    await this.rec.clockWait.time(async () => {
      await sleep(FIRST_POLL_MS);
      for (;;) {
        this.rec.polls++;
        this.rec.requests++;
        const res = await call(null, this.errors, `GET case for ${step.types.join('+')}`, 200, () =>
          this.client.get(`/api/cases/${id}`, this.auth.prosecutor),
        );
        if (step.reached(JSON.parse(res.body) as CaseStatus)) return;
        if (performance.now() - start > CLOCK_TIMEOUT_MS) {
          this.errors.add(`${step.types.join('+')} not recorded within ${CLOCK_TIMEOUT_MS / 1000} s`, res);
          throw new CaseFailed();
        }
        await sleep(POLL_MS);
      }
    });
  }
}

export interface DriveResult {
  /** Transitions (12 per case, the clocks' included) per second; latency of the requests applying one. */
  transitions: PhaseResult;
  approvals: LatencySummary;
  clockWaits: LatencySummary;
  requests: number;
  polls: number;
}

/**
 * Drives each case through the lifecycle, `concurrency` cases in flight; a case stops at its
 * first failure. Measures the CPU of the bench, server and database meanwhile.
 */
export async function driveCases(
  client: HttpClient,
  auth: RoleHeaders,
  ids: string[],
  concurrency: number,
  errors: ErrorLog,
  watch: CpuWatch,
): Promise<DriveResult> {
  const rec = new Recorders(ids.length);
  const driver = new CaseDriver(client, auth, rec, errors);
  const before = errors.count;
  let completed = 0;
  const cpu = startCpuMeter(watch);
  const elapsedMs = await runConcurrently(ids.length, concurrency, async (i) => {
    const last = await driver.drive(ids[i]).catch((e: unknown) => {
      if (e instanceof CaseFailed) return undefined;
      throw e;
    });
    if (last && isFinal(last, errors)) completed++;
  });
  const usage = cpu();
  return {
    transitions: {
      operations: completed * LIFECYCLE_EVENTS.length,
      errors: errors.count - before,
      elapsedMs,
      latency: rec.apply.summary(),
      cpu: usage,
    },
    approvals: rec.approval.summary(),
    clockWaits: rec.clockWait.summary(),
    requests: rec.requests,
    polls: rec.polls,
  };
}

function isFinal(res: HttpResponse, errors: ErrorLog): boolean {
  const body = JSON.parse(res.body) as { state?: string; outcome?: string };
  if (body.state === FINAL_STATE && body.outcome === FINAL_OUTCOME) return true;
  errors.add(`final state ${body.state}/${body.outcome}`, res);
  return false;
}
