import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EucQuery, EucSchedule, EucSharing } from '@keiyaku/domain';
import { VersionedEntity } from '@keiyaku/server/core';

/** A saved EUC query: its owner edits it; sharing opens it to the owner's department or everyone. */
@Entity('euc_queries')
export class EucSavedQuery extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 150 }) name!: string;
  @Column({ type: 'varchar', length: 600, nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 30 }) dataset!: string;
  @Column({ type: 'simple-json' }) definition!: EucQuery;
  @Column({ type: 'varchar', length: 12 }) sharing!: EucSharing;
  @Column({ type: 'int' }) ownerId!: number;
  @Column({ type: 'varchar', length: 60 }) ownerLoginId!: string;
  /** The owner's department when saved: "shared with the department" means this one. */
  @Column({ type: 'int', nullable: true }) departmentId!: number | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) schedule!: EucSchedule | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) scheduleFormat!: 'xlsx' | 'csv' | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) scheduleEncoding!: 'utf8' | 'sjis' | null;
  @Column({ type: Date, nullable: true }) lastScheduledAt!: Date | null;
}

/** お気に入り: a user's star on a saved query (own or shared). */
@Entity('euc_favorites')
export class EucFavorite {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) queryId!: number;
  @Column({ type: 'int' }) userId!: number;
  @Column() createdAt!: Date;
}
