import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import type { LoginRole } from '../../src/auth/entities/user.entity.js';
import { UsersRepository } from '../../src/auth/users.repository.js';
import { SUPREME_PROCURATORATE_ID } from '../../src/database/migrations/1764300000000-CreateProcuratoratesAndUsers.js';
import type { ProcuratorateLevel } from '../../src/procuratorates/entities/procuratorate.entity.js';
import { ProcuratoratesRepository } from '../../src/procuratorates/procuratorates.repository.js';

/** Every test user's password. */
export const TEST_PASSWORD = 'test-password-Ω-1';

export interface TestUser {
  id: string;
  username: string;
  role: LoginRole;
  procuratorateId: string;
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

/**
 * A small hierarchy of its own for one test file (or one test), with a logged-in user per role:
 *
 *   最高检 (root) ─ province ─ city ─ basic      ← the home procuratorate of the default users
 *                                  └ sibling     ← another branch of the same city
 *               └ otherProvince ─ otherCity ─ otherBasic
 *
 * `users` by key; `as(role)` gives the home user of that role (the upper procuratorate's is the
 * city's, directly above home).
 */
export interface TestOrg {
  tag: string;
  procuratorates: Record<OrgUnit, string>;
  users: Record<UserKey, TestUser>;
  /** The user of a key; a role's key is its home user (`upper_procuratorate` is the city's). */
  as(key: UserKey): TestUser;
}

type OrgUnit =
  'root' | 'province' | 'city' | 'basic' | 'sibling' | 'otherProvince' | 'otherCity' | 'otherBasic';

const UNITS: {
  key: Exclude<OrgUnit, 'root'>;
  level: ProcuratorateLevel;
  parent: OrgUnit | null;
  name: string;
}[] = [
  { key: 'province', level: 'provincial', parent: null, name: '测试省人民检察院' },
  { key: 'city', level: 'city', parent: 'province', name: '测试市人民检察院' },
  { key: 'basic', level: 'basic', parent: 'city', name: '测试区人民检察院' },
  { key: 'sibling', level: 'basic', parent: 'city', name: '兄弟区人民检察院' },
  { key: 'otherProvince', level: 'provincial', parent: null, name: '他省人民检察院' },
  { key: 'otherCity', level: 'city', parent: 'otherProvince', name: '他市人民检察院' },
  { key: 'otherBasic', level: 'basic', parent: 'otherCity', name: '他区人民检察院' },
];

const USERS = {
  prosecutor: { role: 'prosecutor', unit: 'basic' },
  prosecutor2: { role: 'prosecutor', unit: 'basic' },
  department_head: { role: 'department_head', unit: 'basic' },
  department_head2: { role: 'department_head', unit: 'basic' },
  chief_prosecutor: { role: 'chief_prosecutor', unit: 'basic' },
  chief_prosecutor2: { role: 'chief_prosecutor', unit: 'basic' },
  supervisor: { role: 'supervisor', unit: 'basic' },
  upper_procuratorate: { role: 'upper_procuratorate', unit: 'city' },
  city_supervisor: { role: 'supervisor', unit: 'city' },
  city_prosecutor: { role: 'prosecutor', unit: 'city' },
  province_upper: { role: 'upper_procuratorate', unit: 'province' },
  province_supervisor: { role: 'supervisor', unit: 'province' },
  sibling_prosecutor: { role: 'prosecutor', unit: 'sibling' },
  sibling_department_head: { role: 'department_head', unit: 'sibling' },
  sibling_chief: { role: 'chief_prosecutor', unit: 'sibling' },
  sibling_supervisor: { role: 'supervisor', unit: 'sibling' },
  other_prosecutor: { role: 'prosecutor', unit: 'otherBasic' },
  other_chief: { role: 'chief_prosecutor', unit: 'otherBasic' },
  other_upper: { role: 'upper_procuratorate', unit: 'otherCity' },
  other_supervisor: { role: 'supervisor', unit: 'otherProvince' },
  /** At 最高检 (shared by every org in the database): sees everything, anonymous attempts included. */
  root_supervisor: { role: 'supervisor', unit: 'root' },
} as const satisfies Record<string, { role: LoginRole; unit: OrgUnit }>;
export type UserKey = keyof typeof USERS;

let passwordHash: Promise<string> | undefined;

export interface OrgOptions {
  /** Provincial setting: a lawsuit in `province` also needs the upper procuratorate's approval. */
  lawsuitNeedsUpperApproval?: boolean;
}

/** Creates the hierarchy and its users, and logs every user in over HTTP. */
export async function createOrg(app: INestApplication, options: OrgOptions = {}): Promise<TestOrg> {
  const tag = randomBytes(4).toString('hex');
  const procuratorates = app.get(ProcuratoratesRepository);
  const ids = { root: SUPREME_PROCURATORATE_ID } as Record<OrgUnit, string>;
  for (const u of UNITS) {
    const created = await procuratorates.upsert({
      code: `T-${tag}-${u.key}`,
      name: `${u.name} ${tag}`,
      level: u.level,
      parentId: u.parent ? ids[u.parent] : SUPREME_PROCURATORATE_ID,
      lawsuitNeedsUpperApproval: u.key === 'province' && options.lawsuitNeedsUpperApproval === true,
    });
    ids[u.key] = created.id;
  }
  passwordHash ??= app.get(PasswordHasher).hash(TEST_PASSWORD);
  const hash = await passwordHash;
  const server = app.getHttpServer() as App;
  const users = {} as Record<UserKey, TestUser>;
  await Promise.all(
    (Object.entries(USERS) as [UserKey, (typeof USERS)[UserKey]][]).map(async ([key, spec]) => {
      const username = `${key}.${tag}`;
      const user = await app.get(UsersRepository).upsert({
        username,
        displayName: `${key} ${tag}`,
        passwordHash: hash,
        role: spec.role,
        procuratorateId: ids[spec.unit],
      });
      const res = await request(server).post('/api/auth/login').send({ username, password: TEST_PASSWORD });
      if (res.status !== 200)
        throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const body = res.body as { accessToken: string; refreshToken: string };
      users[key] = {
        id: user.id,
        username,
        role: spec.role,
        procuratorateId: ids[spec.unit],
        accessToken: body.accessToken,
        refreshToken: body.refreshToken,
        auth: { Authorization: `Bearer ${body.accessToken}` },
      };
    }),
  );
  return { tag, procuratorates: ids, users, as: (role) => users[role] };
}
