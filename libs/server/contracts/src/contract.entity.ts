import { BeforeInsert, BeforeUpdate, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { searchTextOf } from '@keiyaku/domain';
import type { ApprovalStatus, BondKind, ContractStatus } from '@keiyaku/domain';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

/** 契約: amounts are tax-included with their tax portion (rate by contract date). */
@Entity('contracts')
export class Contract extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 30, nullable: true }) contractNumber!: string | null;
  @Column({ type: 'int', nullable: true }) tenderId!: number | null;
  @Column({ type: 'int' }) vendorId!: number;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) location!: string | null;
  @Column({ type: 'int', nullable: true }) departmentId!: number | null;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) tradeCode!: string | null;
  @Column({ type: 'varchar', length: 20 }) method!: string;
  @BigIntColumn() amount!: number;
  @BigIntColumn() taxAmount!: number;
  @Column({ type: 'int' }) taxRate!: number;
  @Column({ type: 'date', nullable: true }) contractDate!: string | null;
  @Column({ type: 'date', nullable: true }) periodFrom!: string | null;
  @Column({ type: 'date', nullable: true }) periodTo!: string | null;
  @Column({ type: 'varchar', length: 20 }) status!: ContractStatus;
  @Column({ type: 'int', nullable: true }) fiscalYear!: number | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) negotiatedReason!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) smallContractKind!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) budgetLineCode!: string | null;
  /** The amount at conclusion; `amount` is the current one (after approved changes). */
  @BigIntColumn({ nullable: true }) originalAmount!: number | null;
  @Column({ type: 'date', nullable: true }) originalPeriodTo!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) bondKind!: BondKind | null;
  @BigIntColumn({ nullable: true }) bondAmount!: number | null;
  @Column({ type: 'int', nullable: true }) advanceRate!: number | null;
  @Column({ type: 'int', nullable: true }) supervisorId!: number | null;
  @Column({ type: 'date', nullable: true }) completedOn!: string | null;
  @Column({ type: 'date', nullable: true }) inspectedOn!: string | null;
  @Column({ type: 'date', nullable: true }) paidOn!: string | null;
  @Column({ type: 'date', nullable: true }) cancelledOn!: string | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) cancelReason!: string | null;
  @Column({ type: 'varchar', length: 20, default: 'draft' }) approvalStatus!: ApprovalStatus;
  @Column({ type: 'varchar', length: 3000, nullable: true }) notes!: string | null;
  @Column({ type: 'varchar', length: 1200, nullable: true }) searchText!: string | null;

  /** Filled by list and detail queries (leftJoinAndMapOne), never stored. */
  vendor?: { name: string; vendorCode: string } | null;
  department?: { name: string } | null;

  @BeforeInsert()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = searchTextOf(this.contractNumber, this.title, this.location);
  }
}
