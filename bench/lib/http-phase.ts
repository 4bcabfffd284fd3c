import { runConcurrently } from './concurrency.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { type CpuWatch, startCpuMeter } from './cpu.js';
import { createCaseRequest, FINAL_OUTCOME, FINAL_STATE, lifecycleRequests } from './lifecycle.js';
import type { PhaseResult } from './phase.js';
import { LatencyRecorder } from './stats.js';

const MAX_ERRORS_SHOWN = 5;

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

async function send(
  client: HttpClient,
  recorder: LatencyRecorder,
  path: string,
  request: { headers: Record<string, string>; body: string },
): Promise<HttpResponse | Error> {
  return recorder
    .time(() => client.postJson(path, request.body, request.headers))
    .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

/** Opens `count` cases over HTTP, `concurrency` at a time; a failed creation leaves an empty id. */
export async function createCases(
  client: HttpClient,
  count: number,
  concurrency: number,
  errors: ErrorLog,
  watch: CpuWatch,
) {
  const request = createCaseRequest();
  const recorder = new LatencyRecorder(count);
  const cpu = startCpuMeter(watch);
  const ids: string[] = new Array<string>(count).fill('');
  const elapsedMs = await runConcurrently(count, concurrency, async (i) => {
    const res = await send(client, recorder, '/api/cases', request);
    if (res instanceof Error || res.status !== 201) return errors.add(request.label, res);
    ids[i] = (JSON.parse(res.body) as { id: string }).id;
  });
  const result: PhaseResult = {
    operations: count,
    errors: errors.count,
    elapsedMs,
    latency: recorder.summary(),
    cpu: cpu(),
  };
  return { ids, result };
}

/**
 * Sends every lifecycle event to each case in order, `concurrency` cases in flight; a case stops
 * at its first failure. Times each POST and measures the CPU of the bench, server and database.
 */
export async function driveCases(
  client: HttpClient,
  ids: string[],
  concurrency: number,
  errors: ErrorLog,
  watch: CpuWatch,
): Promise<PhaseResult> {
  const requests = lifecycleRequests();
  const cpu = startCpuMeter(watch);
  const recorder = new LatencyRecorder(ids.length * requests.length);
  const before = errors.count;
  const elapsedMs = await runConcurrently(ids.length, concurrency, async (i) => {
    const path = `/api/cases/${ids[i]}/events`;
    for (const [step, request] of requests.entries()) {
      const res = await send(client, recorder, path, request);
      if (res instanceof Error || res.status !== 200) return errors.add(request.label, res);
      if (step === requests.length - 1) checkFinal(res, errors);
    }
  });
  const usage = cpu();
  const latency = recorder.summary();
  return { operations: latency.count, errors: errors.count - before, elapsedMs, latency, cpu: usage };
}

function checkFinal(res: HttpResponse, errors: ErrorLog): void {
  const body = JSON.parse(res.body) as { state?: string; outcome?: string };
  if (body.state !== FINAL_STATE || body.outcome !== FINAL_OUTCOME) {
    errors.add(`final state ${body.state}/${body.outcome}`, res);
  }
}
