import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type Row } from '../database/sql.js';
import type { LoginRole } from './entities/user.entity.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: LoginRole;
  procuratorateId: string;
  active: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  role: LoginRole;
  procuratorateId: string;
}

const COLUMNS = `id, username, display_name, role, procuratorate_id, active`;

/** A `users` row (COLUMNS) as a User. */
export function toUser(r: Row): User {
  return {
    id: r['id'] as string,
    username: r['username'] as string,
    displayName: r['display_name'] as string,
    role: r['role'] as LoginRole,
    procuratorateId: r['procuratorate_id'] as string,
    active: r['active'] as boolean,
  };
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findForLogin(username: string): Promise<(User & { passwordHash: string }) | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return row ? { ...toUser(row), passwordHash: row['password_hash'] as string } : null;
  }

  async findById(id: string): Promise<User | null> {
    const [row] = await queryRows(this.db, `SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ? toUser(row) : null;
  }

  /** Creates the user, or updates name, password, role and procuratorate of the same username. */
  async upsert(u: NewUser, db: DataSource | EntityManager = this.db): Promise<User> {
    const [row] = await queryRows(
      db,
      `INSERT INTO users (username, display_name, password_hash, role, procuratorate_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lower(username)) DO UPDATE SET display_name = EXCLUDED.display_name,
         password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
         procuratorate_id = EXCLUDED.procuratorate_id, active = true, updated_at = now()
       RETURNING ${COLUMNS}`,
      [u.username, u.displayName, u.passwordHash, u.role, u.procuratorateId],
    );
    return toUser(row);
  }
}
