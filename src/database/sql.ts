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
  return run(db, sql, params);
}

/**
 * As `queryRows`, as a named prepared statement: each pooled connection parses and plans it once
 * and then only binds and executes it (for the statements every command or clock step runs).
 * `name` must be unique to `sql` across the application. TypeORM's query runner hands its query
 * argument to node-postgres unchanged, which takes a `{ name, text }` query config as well as a string.
 */
export async function preparedRows(
  db: DataSource | EntityManager,
  name: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  return run(db, { name, text: sql }, params);
}

type Statement = string | { name: string; text: string };

async function run(db: DataSource | EntityManager, statement: Statement, params: unknown[]): Promise<Row[]> {
  const own = 'queryRunner' in db ? db.queryRunner : undefined;
  if (own) return structured(own, statement, params);
  const runner = ('createQueryRunner' in db ? db : db.connection).createQueryRunner();
  try {
    return await structured(runner, statement, params);
  } finally {
    await runner.release();
  }
}

async function structured(runner: QueryRunner, statement: Statement, params: unknown[]): Promise<Row[]> {
  // The runner's signature says string; node-postgres, which it passes the query to, takes both.
  const result: { records: Row[] } = await runner.query(statement as string, params, true);
  return result.records;
}
