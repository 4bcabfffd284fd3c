import type pg from 'pg';

const SAMPLE_MS = 100;

/**
 * Samples what the database's backends are doing (pg_stat_activity) every 100 ms: running on
 * CPU, waiting for a row lock (Lock), for the client (ClientRead: the app is between two
 * statements of a transaction), for WAL flush at commit (IO/WALSync, LWLock/WALWrite)...
 * The result says where the time goes without a profiler.
 */
export function startWaitSampler(pool: pg.Pool, database: string): () => Promise<string[]> {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      const { rows } = await pool.query<{ what: string; n: number }>(
        `SELECT CASE WHEN state = 'active' AND wait_event IS NULL THEN 'active (on CPU)'
                     WHEN state = 'idle in transaction' THEN 'idle in transaction: ' || coalesce(wait_event, '')
                     ELSE state || ': ' || coalesce(wait_event_type || '/' || wait_event, '') END AS what,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND state <> 'idle'
          GROUP BY 1`,
        [database],
      );
      samples++;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, Math.max(0, SAMPLE_MS - (Date.now() - started))));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    if (samples === 0) return [];
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([what, n]) => `${(n / samples).toFixed(1).padStart(5)} ${what}`);
  };
}
