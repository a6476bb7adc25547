import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * Long work (imports, large exports, backups, re-ranking) with its progress. The work's own
 * writes are audited; this row is its progress bar, so it is not.
 */
@NotAudited()
@Entity('jobs')
export class Job {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40 }) kind!: string;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'varchar', length: 20 }) status!: JobStatus;
  @Column({ default: 0 }) progress!: number;
  @Column({ type: 'varchar', length: 500, nullable: true }) message!: string | null;
  @Column({ type: 'simple-json', nullable: true }) params!: unknown;
  @Column({ type: 'simple-json', nullable: true }) result!: unknown;
  @Column({ type: 'int', nullable: true }) resultFileId!: number | null;
  @Column({ type: 'int', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) loginId!: string | null;
  @Column() createdAt!: Date;
  @Column({ type: Date, nullable: true }) startedAt!: Date | null;
  @Column({ type: Date, nullable: true }) finishedAt!: Date | null;
}
