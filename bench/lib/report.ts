import os from 'node:os';
import type { WriteCounts } from './db-writes.js';
import type { PhaseResult } from './phase.js';
import type { LatencySummary } from './stats.js';

export const TARGET_TRANSITIONS_PER_SECOND = 1000;
export const TARGET_BASELINE_RATIO = 0.5;

export const perSecond = (r: PhaseResult) => (r.operations === 0 ? 0 : r.operations / (r.elapsedMs / 1000));

const ms = (v: number) => v.toFixed(1).padStart(7);
const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** Percentiles of `l` (in ms), multiplied by `scale` (1/1000 for seconds). */
export function latencyLine(l: LatencySummary, label = 'latency ms', scale = 1): string {
  const v = (x: number) => ms(x * scale);
  const head = label.padEnd(12);
  if (l.count === 0) return `${head} no samples`;
  return `${head} p50 ${v(l.p50)}  p95 ${v(l.p95)}  p99 ${v(l.p99)}  max ${v(l.max)}  mean ${v(l.mean)}`;
}

/** The HTTP requests the lifecycle took, per case. */
export function requestsLine(d: { requests: number; polls: number }, cases: number): string {
  const per = (n: number) => (n / Math.max(1, cases)).toFixed(1);
  return `requests     ${int(d.requests)} over HTTP, ${per(d.requests)} per case (${per(d.polls)} of them polls for the clocks)`;
}

export function rateLine(what: string, r: PhaseResult): string {
  const seconds = (r.elapsedMs / 1000).toFixed(1);
  return `${what.padEnd(12)} ${int(r.operations)} in ${seconds} s = ${int(perSecond(r))}/s, errors ${r.errors}`;
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v)}%`);

/** CPU per operation in ms: contention on a shared machine slows a phase but barely changes this. */
function perOp(r: PhaseResult, percent: number | null): string {
  if (percent === null || r.operations === 0) return 'n/a';
  const msPerOp = ((percent / 100) * r.elapsedMs) / r.operations;
  return `${msPerOp.toFixed(2)} ms`;
}

export function cpuLines(r: PhaseResult): string[] {
  const { cpu } = r;
  const share = [`bench ${pct(cpu.bench)}`];
  const cost = [`bench ${perOp(r, cpu.bench)}`];
  if (cpu.server !== null) {
    share.push(`server ${pct(cpu.server)}`);
    cost.push(`server ${perOp(r, cpu.server)}`);
  }
  share.push(`postgres ${pct(cpu.postgres)}`, `other processes ${pct(cpu.others)}`);
  cost.push(`postgres ${perOp(r, cpu.postgres)}`);
  return [
    `cpu          ${share.join(', ')} of one core; machine ${pct(cpu.machineBusy)} busy of ${cpu.cores} cores`,
    `cpu per op   ${cost.join(', ')}`,
  ];
}

export function loadLine(): string {
  return `load average ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`;
}

export function printBlock(title: string, lines: string[]): void {
  console.log(`\n== ${title} ==`);
  for (const line of lines) console.log(`  ${line}`);
}

export interface Verdict {
  line: string;
  pass: boolean;
}

function verdict(name: string, value: string, target: string, pass: boolean): Verdict {
  return {
    pass,
    line: `${name.padEnd(22)} ${value.padStart(9)}   target ${target.padEnd(8)} ${pass ? 'PASS' : 'BELOW'}`,
  };
}

export function summaryLines(appRate: number, baselineRate: number | null): string[] {
  const verdicts = [
    verdict(
      'app transitions/s',
      int(appRate),
      `≥ ${int(TARGET_TRANSITIONS_PER_SECOND)}`,
      appRate >= TARGET_TRANSITIONS_PER_SECOND,
    ),
  ];
  if (baselineRate !== null) {
    const ratio = appRate / baselineRate;
    verdicts.push(
      verdict(
        'app / baseline',
        ratio.toFixed(2),
        `≥ ${TARGET_BASELINE_RATIO}`,
        ratio >= TARGET_BASELINE_RATIO,
      ),
    );
  }
  return verdicts.map((v) => v.line);
}

/** Rows written and transactions ended per operation, e.g. `case_events +1.00, cases ~1.00`. */
export function writesLines(writes: WriteCounts, operations: number): string[] {
  if (operations === 0) return [];
  const per = (n: number) => (n / operations).toFixed(2);
  const tables = [...writes.tables]
    .map(([name, c]) => {
      const parts = [
        c.inserted ? `+${per(c.inserted)}` : '',
        c.updated ? `~${per(c.updated)}` : '',
        c.deleted ? `-${per(c.deleted)}` : '',
      ].filter(Boolean);
      return parts.length ? `${name} ${parts.join(' ')}` : '';
    })
    .filter(Boolean)
    .sort();
  return [
    `rows per op  ${tables.join(', ') || 'none'}  (+ inserted, ~ updated, - deleted)`,
    `xact per op  ${per(writes.commits)} committed, ${per(writes.rollbacks)} rolled back`,
  ];
}
