import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type Row = Record<string, unknown>;

/**
 * Runs raw SQL and returns its rows, whatever the statement: TypeORM's plain `query()` answers
 * UPDATE/DELETE ... RETURNING with `[rows, count]`, so the query runner's structured result is used.
 * Inside a transaction that is the transaction's runner; otherwise one borrowed from the pool.
 */
export async function queryRows(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const own = 'queryRunner' in db ? db.queryRunner : undefined;
  if (own) return structured(own, sql, params);
  const runner = ('createQueryRunner' in db ? db : db.connection).createQueryRunner();
  try {
    return await structured(runner, sql, params);
  } finally {
    await runner.release();
  }
}

async function structured(runner: QueryRunner, sql: string, params: unknown[]): Promise<Row[]> {
  const result: { records: Row[] } = await runner.query(sql, params, true);
  return result.records;
}
