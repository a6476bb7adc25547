import { BeforeInsert, BeforeUpdate, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { searchTextOf } from '@keiyaku/domain';
import type { BuildingKind, OpeningOutcome, PriceControl, PriceResult, TenderMethod, TenderStatus } from '@keiyaku/domain';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

export interface LotRecord {
  round: number;
  winnerVendorId: number;
  tiedVendorIds: number[];
  drawnBy: string;
  note: string | null;
  recordedAt: string;
  recordedBy: string | null;
}

/** 入札案件: one procurement from draft to award (or 不調 / 中止). Prices are tax-excluded yen. */
@Entity('tenders')
export class Tender extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 30 }) tenderNumber!: string;
  @Column({ type: 'int' }) fiscalYear!: number;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) location!: string | null;
  @Column({ type: 'varchar', length: 20 }) category!: 'construction' | 'survey' | 'goods';
  @Column({ type: 'varchar', length: 10 }) tradeCode!: string;
  @Column({ type: 'int', nullable: true }) departmentId!: number | null;
  @Column({ type: 'varchar', length: 20 }) method!: TenderMethod;
  @Column({ default: false }) comprehensiveEval!: boolean;
  @Column({ type: 'varchar', length: 600, nullable: true }) negotiatedReason!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) budgetLineCode!: string | null;
  @BigIntColumn({ nullable: true }) designPrice!: number | null;
  @BigIntColumn({ nullable: true }) plannedPrice!: number | null;
  @Column({ type: 'simple-json', nullable: true }) priceComponents!: Record<string, number> | null;
  @Column({ type: 'varchar', length: 10, default: 'none' }) buildingKind!: BuildingKind;
  @Column({ type: 'varchar', length: 20, default: 'minimum' }) priceControl!: PriceControl;
  @Column({ type: 'varchar', length: 10, default: 'after' }) pricePublication!: 'before' | 'after';
  @Column({ type: 'int', nullable: true }) priceRuleSetId!: number | null;
  @Column({ type: 'simple-json', nullable: true }) priceCalc!: PriceResult | null;
  @BigIntColumn({ nullable: true }) minimumPrice!: number | null;
  @BigIntColumn({ nullable: true }) lowBidThreshold!: number | null;
  @BigIntColumn({ nullable: true }) disqualificationPrice!: number | null;
  /** The coefficient drawn at opening, as text (0.9981): exact on every database. */
  @Column({ type: 'varchar', length: 10, nullable: true }) randomCoeff!: string | null;
  @BigIntColumn({ nullable: true }) overridePrice!: number | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) overrideReason!: string | null;
  @Column({ type: 'date', nullable: true }) announcementDate!: string | null;
  @Column({ type: 'date', nullable: true }) designationDate!: string | null;
  @Column({ type: 'date', nullable: true }) questionDeadline!: string | null;
  @Column({ type: 'date', nullable: true }) bidDeadline!: string | null;
  @Column({ type: 'date', nullable: true }) openingDate!: string | null;
  @Column({ type: 'varchar', length: 20 }) status!: TenderStatus;
  @Column({ type: 'int', default: 1 }) currentRound!: number;
  @Column({ type: 'varchar', length: 20, nullable: true }) outcome!: OpeningOutcome | null;
  @Column({ type: 'int', nullable: true }) awardVendorId!: number | null;
  @BigIntColumn({ nullable: true }) awardAmount!: number | null;
  @Column({ type: 'simple-json', nullable: true }) lotRecord!: LotRecord | null;
  @Column({ type: 'int', nullable: true }) contractId!: number | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) cancelReason!: string | null;
  @Column({ type: 'varchar', length: 3000, nullable: true }) notes!: string | null;
  @Column({ type: 'varchar', length: 1200, nullable: true }) searchText!: string | null;

  /** Filled by the list and detail queries (leftJoinAndMapOne), never stored. */
  department?: { name: string } | null;
  awardVendor?: { name: string } | null;

  @BeforeInsert()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = searchTextOf(this.tenderNumber, this.title, this.location);
  }
}
