import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

export type BackupStatus = 'succeeded' | 'failed';
export type VerifyStatus = 'ok' | 'failed' | 'skipped';

/** One backup attempt and its verification (the backup's own record; the work itself is not a business write). */
@NotAudited()
@Entity('backup_runs')
export class BackupRun {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) triggerKind!: 'scheduled' | 'manual';
  @Column({ type: 'varchar', length: 20 }) status!: BackupStatus;
  @Column({ type: 'varchar', length: 100, nullable: true }) name!: string | null;
  @Column({ type: 'varchar', length: 20 }) dbType!: string;
  @BigIntColumn({ nullable: true }) sizeBytes!: number | null;
  @Column({ type: 'int', nullable: true }) tableCount!: number | null;
  @BigIntColumn({ nullable: true }) rowCount!: number | null;
  @Column({ type: 'int', nullable: true }) fileCount!: number | null;
  @Column({ type: 'varchar', length: 20 }) verifyStatus!: VerifyStatus;
  @Column({ type: 'varchar', length: 1000, nullable: true }) message!: string | null;
  @Column({ default: 0 }) pruned!: number;
  @Column({ type: 'varchar', length: 60, nullable: true }) loginId!: string | null;
  @Column() startedAt!: Date;
  @Column() finishedAt!: Date;
}

/** A maintenance window: announced beforehand, read-only for everyone but administrators while it lasts. */
@Entity('maint_windows')
export class MaintenanceWindow extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() startsAt!: Date;
  @Column() endsAt!: Date;
  @Column({ type: 'varchar', length: 500 }) message!: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) createdBy!: string | null;
  @Column({ type: Date, nullable: true }) cancelledAt!: Date | null;
}
