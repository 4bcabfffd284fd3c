import type { CpuUsage } from './cpu.js';
import type { LatencySummary } from './stats.js';

/** What one timed phase did: how many operations, how long, how fast each was, what it cost. */
export interface PhaseResult {
  operations: number;
  errors: number;
  elapsedMs: number;
  latency: LatencySummary;
  cpu: CpuUsage;
}
