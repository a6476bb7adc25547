import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BidVerdict } from '@keiyaku/domain';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

/** 入札書: one vendor's bid in one round, with the opening's verdict and why. */
@Entity('bids')
export class Bid extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) tenderId!: number;
  @Column({ type: 'int' }) round!: number;
  @Column({ type: 'int' }) vendorId!: number;
  @BigIntColumn({ nullable: true }) amount!: number | null;
  @Column({ default: false }) declined!: boolean;
  @Column({ type: 'varchar', length: 300, nullable: true }) invalidReason!: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) lotNumber!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) verdict!: BidVerdict | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) verdictReason!: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) investigation!: 'accepted' | 'rejected' | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) investigationNote!: string | null;
}
