import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type Row } from '../database/sql.js';
import type { ProcuratorateLevel } from './entities/procuratorate.entity.js';

export interface Procuratorate {
  id: string;
  code: string;
  name: string;
  level: ProcuratorateLevel;
  parentId: string | null;
  path: string;
  lawsuitNeedsUpperApproval: boolean;
}

/** Where a case sits in the hierarchy: what visibility and jurisdiction are decided on. */
export interface CaseJurisdiction {
  caseId: string;
  procuratorateId: string;
  parentId: string | null;
  /** Ancestor ids, root first, ending with the case's procuratorate, each followed by '/'. */
  path: string;
  /** A lawsuit here also needs the upper procuratorate's approval (set on a province or above). */
  lawsuitNeedsUpperApproval: boolean;
}

export interface NewProcuratorate {
  code: string;
  name: string;
  level: ProcuratorateLevel;
  parentId: string | null;
  lawsuitNeedsUpperApproval?: boolean;
}

const COLUMNS = `id, code, name, level, parent_id, path, lawsuit_needs_upper_approval`;

function toProcuratorate(r: Row): Procuratorate {
  return {
    id: r['id'] as string,
    code: r['code'] as string,
    name: r['name'] as string,
    level: r['level'] as ProcuratorateLevel,
    parentId: r['parent_id'] as string | null,
    path: r['path'] as string,
    lawsuitNeedsUpperApproval: r['lawsuit_needs_upper_approval'] as boolean,
  };
}

/** Expected parent level of each level: 基层院 → 市级院 → 省级院 → 最高检. */
export const PARENT_LEVEL: Record<ProcuratorateLevel, ProcuratorateLevel | null> = {
  basic: 'city',
  city: 'provincial',
  provincial: 'supreme',
  supreme: null,
};

@Injectable()
export class ProcuratoratesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string): Promise<Procuratorate | null> {
    const [row] = await queryRows(this.db, `SELECT ${COLUMNS} FROM procuratorates WHERE id = $1`, [id]);
    return row ? toProcuratorate(row) : null;
  }

  async findByCode(code: string): Promise<Procuratorate | null> {
    const [row] = await queryRows(this.db, `SELECT ${COLUMNS} FROM procuratorates WHERE code = $1`, [code]);
    return row ? toProcuratorate(row) : null;
  }

  /** Inserts, or returns the existing one with the same code (seeding is repeatable). */
  async upsert(p: NewProcuratorate, db: DataSource | EntityManager = this.db): Promise<Procuratorate> {
    const [row] = await queryRows(
      db,
      `INSERT INTO procuratorates (code, name, level, parent_id, path, lawsuit_needs_upper_approval)
       VALUES ($1, $2, $3, $4, '', $5)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,
         lawsuit_needs_upper_approval = EXCLUDED.lawsuit_needs_upper_approval
       RETURNING ${COLUMNS}`,
      [p.code, p.name, p.level, p.parentId, p.lawsuitNeedsUpperApproval ?? false],
    );
    return toProcuratorate(row);
  }

  /** A procuratorate and everything below it, top-down. */
  async subtree(id: string): Promise<Procuratorate[]> {
    const rows = await queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM procuratorates
       WHERE path LIKE (SELECT path FROM procuratorates WHERE id = $1) || '%'
       ORDER BY length(path), name`,
      [id],
    );
    return rows.map(toProcuratorate);
  }

  /** The case's place in the hierarchy, or null if there is no such case. */
  async jurisdictionOfCase(caseId: string): Promise<CaseJurisdiction | null> {
    const [row] = await queryRows(
      this.db,
      `SELECT c.id AS case_id, p.id, p.parent_id, p.path,
         EXISTS (SELECT 1 FROM procuratorates a
                 WHERE a.lawsuit_needs_upper_approval AND p.path LIKE a.path || '%') AS lawsuit_upper
       FROM cases c JOIN procuratorates p ON p.id = c.procuratorate_id
       WHERE c.id = $1`,
      [caseId],
    );
    if (!row) return null;
    return {
      caseId: row['case_id'] as string,
      procuratorateId: row['id'] as string,
      parentId: row['parent_id'] as string | null,
      path: row['path'] as string,
      lawsuitNeedsUpperApproval: row['lawsuit_upper'] as boolean,
    };
  }
}
