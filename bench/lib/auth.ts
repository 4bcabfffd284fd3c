import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import { SUPREME_PROCURATORATE_ID } from '../../src/database/migrations/1764300000000-CreateProcuratoratesAndUsers.js';
import type { HttpClient } from './http-client.js';

/** The roles the lifecycle needs people for: proposals, reviews and decisions included. */
export const BENCH_ROLES = ['prosecutor', 'department_head', 'chief_prosecutor'] as const;
export type BenchRole = (typeof BENCH_ROLES)[number];

/** `Authorization` headers of one logged-in user per role. */
export type RoleHeaders = Record<BenchRole, Record<string, string>>;

/**
 * A basic procuratorate of its own under the root, with one user per role, written straight into
 * the freshly migrated database (there is no sign-up API). Returns the usernames and password.
 */
export async function createBenchUsers(
  db: pg.ClientBase,
): Promise<{ usernames: Record<BenchRole, string>; password: string }> {
  const password = randomBytes(18).toString('base64url');
  const hash = await new PasswordHasher().hash(password);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO procuratorates (code, name, level, parent_id, path)
     VALUES ('BENCH', '压测区人民检察院', 'basic', $1, '') RETURNING id`,
    [SUPREME_PROCURATORATE_ID],
  );
  const usernames = {} as Record<BenchRole, string>;
  for (const role of BENCH_ROLES) {
    usernames[role] = `bench.${role}`;
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, procuratorate_id) VALUES ($1, $2, $3, $4, $5)`,
      [usernames[role], `bench ${role}`, hash, role, rows[0].id],
    );
  }
  return { usernames, password };
}

/** Logs every bench user in over HTTP and returns their bearer headers. */
export async function logIn(
  client: HttpClient,
  users: { usernames: Record<BenchRole, string>; password: string },
): Promise<RoleHeaders> {
  const headers = {} as RoleHeaders;
  for (const role of BENCH_ROLES) {
    const body = JSON.stringify({ username: users.usernames[role], password: users.password });
    const res = await client.postJson('/api/auth/login', body, {});
    if (res.status !== 200) throw new Error(`login as ${role}: ${res.status} ${res.body.slice(0, 300)}`);
    const { accessToken } = JSON.parse(res.body) as { accessToken: string };
    headers[role] = { authorization: `Bearer ${accessToken}` };
  }
  return headers;
}
