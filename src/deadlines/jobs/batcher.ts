export interface BatcherOptions {
  /** Most items one batch takes. */
  maxBatch: number;
  /** Most batches running at once. */
  maxInFlight: number;
  /** Told when a batch of several items failed, before its items are run again one by one. */
  onBatchError?: (error: unknown, size: number) => void;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns items submitted one at a time into batches. A batch starts as soon as fewer than
 * `maxInFlight` are running, so under light load an item runs alone without waiting, and under
 * load the items that arrive while batches run go together into the next one.
 *
 * `run` answers each item of a batch, in order. When a batch fails, its items are run again alone,
 * one after the other in the batch's place, so one bad item fails only itself.
 */
export class Batcher<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: BatcherOptions,
  ) {
    if (options.maxBatch < 1 || options.maxInFlight < 1)
      throw new Error('Batcher: maxBatch and maxInFlight must be at least 1');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items submitted in the same turn of the event loop are seen together. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.runBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async runBatch(batch: Waiting<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.run(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      this.options.onBatchError?.(error, batch.length);
      for (const w of batch) await this.runBatch([w]);
      return;
    }
    if (results.length !== batch.length) {
      const error = new Error(`Batcher: ${results.length} results for ${batch.length} items`);
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]));
  }
}
