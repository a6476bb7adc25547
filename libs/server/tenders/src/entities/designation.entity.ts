import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '@keiyaku/server/core';

/** The figures shown beside a candidate when the clerk chose (kept as they were then). */
export interface DesignationStats {
  designationsThisYear: number;
  awardsThisYear: number;
  contractsInProgress: number;
  lastDesignatedOn: string | null;
  totalScore: number | null;
  reasons: string[];
}

/** 指名: every eligible vendor of a tender, selected or not, with the reason. */
@Entity('tender_designations')
export class TenderDesignation extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) tenderId!: number;
  @Column({ type: 'int' }) vendorId!: number;
  @Column({ default: false }) selected!: boolean;
  @Column({ type: 'varchar', length: 600, nullable: true }) reason!: string | null;
  @Column({ type: 'varchar', length: 4, nullable: true }) rank!: string | null;
  @Column({ type: 'varchar', length: 12 }) locality!: string;
  @Column({ type: 'simple-json', nullable: true }) stats!: DesignationStats | null;
  @Column({ type: Date, nullable: true }) notifiedAt!: Date | null;
}
