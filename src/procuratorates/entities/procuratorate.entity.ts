import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PROCURATORATE_LEVELS = ['basic', 'city', 'provincial', 'supreme'] as const;
export type ProcuratorateLevel = (typeof PROCURATORATE_LEVELS)[number];

/** A procuratorate (人民检察院): 基层院 → 市级院 → 省级院 → 最高检, linked to its parent. */
@Entity({ name: 'procuratorates' })
@Index('procuratorates_parent_idx', ['parentId'])
export class ProcuratorateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: ProcuratorateLevel;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** Ancestor ids, root first, each followed by '/', ending with this one's (set by a trigger). */
  @Column({ type: 'text' })
  path!: string;

  /** Provincial setting: a lawsuit (FILE_LAWSUIT) also needs the upper procuratorate's approval. */
  @Column({ name: 'lawsuit_needs_upper_approval', type: 'boolean', default: false })
  lawsuitNeedsUpperApproval!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
