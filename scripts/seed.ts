/**
 * Creates the demo procuratorates and one user per role in each (src/procuratorates/demo-directory.ts),
 * all with the demo password. Repeatable: existing rows (same code or username) are updated.
 * Refused when NODE_ENV=production: demo passwords do not belong there.
 *
 *   npm run seed
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../src/auth/password-hasher.js';
import { UsersRepository } from '../src/auth/users.repository.js';
import { InvalidConfigError, loadServiceConfig } from '../src/config/env.js';
import { databaseOptions } from '../src/database/database-options.js';
import { prepareDatabase } from '../src/database/database-setup.js';
import { DEMO_PASSWORD, DEMO_PROCURATORATES, DEMO_USERS } from '../src/procuratorates/demo-directory.js';
import { ProcuratoratesRepository } from '../src/procuratorates/procuratorates.repository.js';

async function main(): Promise<void> {
  const { config, notices } = loadServiceConfig();
  for (const notice of notices) console.warn(notice);
  if (config.NODE_ENV === 'production') {
    throw new Error('npm run seed creates demo users with a published password: refused in production');
  }
  await prepareDatabase(config);
  const db = new DataSource(databaseOptions(config));
  await db.initialize();
  try {
    const procuratorates = new ProcuratoratesRepository(db);
    const users = new UsersRepository(db);
    const hash = await new PasswordHasher().hash(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      const ids = new Map<string, string>();
      const root = await procuratorates.findByCode('SPP');
      if (!root) throw new Error('the root procuratorate (SPP) is missing: are the migrations applied?');
      ids.set('SPP', root.id);
      for (const p of DEMO_PROCURATORATES) {
        const parentId = ids.get(p.parent);
        if (!parentId) throw new Error(`${p.code}: parent ${p.parent} not seeded before it`);
        const saved = await procuratorates.upsert({ ...p, parentId }, tx);
        ids.set(p.code, saved.id);
      }
      for (const u of DEMO_USERS) {
        await users.upsert(
          {
            username: u.username,
            displayName: u.displayName,
            passwordHash: hash,
            role: u.role,
            procuratorateId: ids.get(u.procuratorate)!,
          },
          tx,
        );
      }
    });
    console.log(`Seeded ${DEMO_PROCURATORATES.length} procuratorates and ${DEMO_USERS.length} users.`);
    console.log(`Password of every demo user: ${DEMO_PASSWORD}\n`);
    for (const u of DEMO_USERS)
      console.log(`  ${u.username.padEnd(16)} ${u.role.padEnd(20)} ${u.displayName}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
