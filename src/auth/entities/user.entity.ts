import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../../workflows/roles.js';

/** Roles a person can log in with; `system` and `public` never can. */
export const LOGIN_ROLES = [
  'prosecutor',
  'department_head',
  'chief_prosecutor',
  'upper_procuratorate',
  'supervisor',
] as const satisfies readonly Role[];
export type LoginRole = (typeof LOGIN_ROLES)[number];

/** A person who logs in: one procuratorate, one role (DOMAIN.md §1). */
@Entity({ name: 'users' })
@Index('users_procuratorate_idx', ['procuratorateId'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique case-insensitively (a unique index on lower(username)). */
  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** argon2id PHC string. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: LoginRole;

  @Column({ name: 'procuratorate_id', type: 'uuid' })
  procuratorateId!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
