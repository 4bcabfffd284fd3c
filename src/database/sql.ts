import type { DataSource, EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

/**
 * Runs raw SQL and returns its rows. Inside a transaction the query runner's structured result
 * is used, because TypeORM returns `[rows, count]` for UPDATE ... RETURNING otherwise.
 */
export async function queryRows(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const runner = 'queryRunner' in db ? db.queryRunner : undefined;
  if (!runner) return db.query<Row[]>(sql, params);
  const result: { records: Row[] } = await runner.query(sql, params, true);
  return result.records;
}
