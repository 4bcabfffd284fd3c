/**
 * Runs `task(0) … task(count - 1)` with at most `concurrency` in flight: each worker takes the
 * next index as soon as its previous task settles. Resolves with the elapsed wall time in ms.
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
  return performance.now() - start;
}
