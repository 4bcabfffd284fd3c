import { describe, expect, it } from '@jest/globals';
import { Batcher } from './batcher.js';

/** A `run` that records its batches and answers each item with its double, or throws on `bad`. */
function recorder(bad?: number) {
  const batches: number[][] = [];
  const concurrency = { now: 0, most: 0 };
  const run = async (items: number[]) => {
    batches.push(items);
    concurrency.now += 1;
    concurrency.most = Math.max(concurrency.most, concurrency.now);
    await new Promise((r) => setTimeout(r, 5));
    concurrency.now -= 1;
    if (bad !== undefined && items.includes(bad)) throw new Error(`bad item ${bad}`);
    return items.map((i) => i * 2);
  };
  return { batches, run, concurrency };
}

describe('Batcher', () => {
  it('runs items submitted together as one batch and answers each in order', async () => {
    const { batches, run } = recorder();
    const batcher = new Batcher(run, { maxBatch: 10, maxInFlight: 1 });
    const results = await Promise.all([1, 2, 3].map((i) => batcher.submit(i)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('caps a batch at maxBatch and holds later items until a batch is free', async () => {
    const { batches, run } = recorder();
    const batcher = new Batcher(run, { maxBatch: 2, maxInFlight: 1 });
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r)); // 1 starts alone: nothing else was waiting
    const rest = [2, 3, 4, 5, 6].map((i) => batcher.submit(i));
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('runs up to maxInFlight batches at once', async () => {
    let running = 0;
    let most = 0;
    const batcher = new Batcher(
      async (items: number[]) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 10));
        running -= 1;
        return items;
      },
      { maxBatch: 1, maxInFlight: 3 },
    );
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => batcher.submit(i)));
    expect(most).toBe(3);
  });

  it('fails only the bad item of a failed batch: the others are run again alone, in turn', async () => {
    const { batches, run, concurrency } = recorder(2);
    const told: [string, number][] = [];
    const batcher = new Batcher(run, {
      maxBatch: 10,
      maxInFlight: 1,
      onBatchError: (error, size) => told.push([(error as Error).message, size]),
    });
    const settled = await Promise.allSettled([1, 2, 3].map((i) => batcher.submit(i)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      2,
      'bad item 2',
      6,
    ]);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(told).toEqual([['bad item 2', 3]]);
    expect(concurrency.most).toBe(1); // in the failed batch's place, not beside it
  });

  it('refuses every item when the batch answers a different number of results', async () => {
    const batcher = new Batcher((items: number[]) => Promise.resolve(items.slice(1)), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    const settled = await Promise.allSettled([1, 2].map((i) => batcher.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses options that could never run a batch', () => {
    const run = (items: number[]) => Promise.resolve(items);
    expect(() => new Batcher(run, { maxBatch: 0, maxInFlight: 1 })).toThrow(/at least 1/);
    expect(() => new Batcher(run, { maxBatch: 1, maxInFlight: 0 })).toThrow(/at least 1/);
  });
});
