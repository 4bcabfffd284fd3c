/** Latency samples in milliseconds, summarised by nearest-rank percentiles. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array (`q` in 0..100). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const v of sorted) total += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
}

/** A fixed-size sample buffer shared by concurrent workers. */
export class LatencyRecorder {
  private readonly samples: Float64Array;
  private size = 0;

  constructor(capacity: number) {
    this.samples = new Float64Array(capacity);
  }

  /** Times `fn` and records its duration, whether it succeeds or not. */
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      if (this.size < this.samples.length) this.samples[this.size++] = performance.now() - start;
    }
  }

  summary(): LatencySummary {
    return summarise(this.samples.subarray(0, this.size));
  }
}
