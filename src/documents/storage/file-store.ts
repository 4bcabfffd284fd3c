import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../database/sql.js';

/**
 * Where the bytes of documents live. The engine keeps each file's SHA-256, size and media type
 * itself (`document_files`) and asks the store only for the bytes under a key, so a deployment can
 * back this with an object store (S3, MinIO, OSS: write under the key, read it back) by providing
 * another FILE_STORE. A write may join the caller's transaction (`tx`): the PostgreSQL store's
 * does, so a file and the history entry that names it commit together; an object store writes
 * before the transaction and leaves an unreferenced object if it rolls back.
 */
export interface FileStore {
  /** Stores the bytes; returns the key to read them back with. */
  put(bytes: Buffer, tx?: EntityManager): Promise<string>;
  /** The bytes stored under the key, or null if there are none. */
  get(key: string): Promise<Buffer | null>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The default store: the bytes in PostgreSQL (`stored_files.content`, bytea). */
@Injectable()
export class PostgresFileStore implements FileStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async put(bytes: Buffer, tx?: EntityManager): Promise<string> {
    const key = randomUUID();
    await (tx ?? this.db).query(`INSERT INTO stored_files (key, content) VALUES ($1, $2)`, [key, bytes]);
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    const [row] = await queryRows(this.db, `SELECT content FROM stored_files WHERE key = $1`, [key]);
    return row ? (row['content'] as Buffer) : null;
  }
}
