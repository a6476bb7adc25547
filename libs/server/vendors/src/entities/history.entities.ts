import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';
import { VersionedEntity } from '@keiyaku/server/core';

/**
 * The vendor as a whole after each change. The audit trail already has every row's
 * before/after; this snapshot answers "how did this vendor look on that date" in one read.
 */
@NotAudited()
@Entity('vendor_versions')
export class VendorVersion {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column() versionNo!: number;
  @Column() changedAt!: Date;
  @Column({ type: 'varchar', length: 60, nullable: true }) changedBy!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) summary!: string | null;
  @Column({ type: 'simple-json' }) snapshot!: Record<string, unknown>;
}

export interface RankingRunRow {
  vendorId: number;
  vendorCode: string;
  vendorName: string;
  locality: string;
  tradeCode: string;
  qualificationId: number | null;
  p: number | null;
  subjectiveScore: number;
  total: number | null;
  before: string | null;
  after: string | null;
  reasons: string[];
}

/** A re-ranking of one term: its before/after table waits for a person to confirm it. */
@Entity('ranking_runs')
export class RankingRun extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 20 }) termCode!: string;
  @Column({ type: 'varchar', length: 12 }) status!: 'running' | 'preview' | 'confirmed' | 'discarded' | 'failed';
  @Column({ type: 'int', nullable: true }) jobId!: number | null;
  @Column({ type: 'simple-json', nullable: true, name: 'result_rows' }) rows!: RankingRunRow[] | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) createdBy!: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) confirmedBy!: string | null;
  @Column({ type: Date, nullable: true }) confirmedAt!: Date | null;
}
