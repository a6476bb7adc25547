import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApprovalStatus, InspectionKind, InspectionResult, PaymentKind } from '@keiyaku/domain';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

/** 変更契約: the n-th change of a contract's amount (tax-included) and/or end date. */
@Entity('contract_changes')
export class ContractChange extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) contractId!: number;
  @Column({ type: 'int' }) changeNo!: number;
  @Column({ type: 'date' }) changeDate!: string;
  @BigIntColumn() amount!: number;
  @BigIntColumn() taxAmount!: number;
  @Column({ type: 'date', nullable: true }) periodTo!: string | null;
  @Column({ type: 'varchar', length: 600 }) reason!: string;
  @Column({ type: 'varchar', length: 20, default: 'draft' }) approvalStatus!: ApprovalStatus;
}

/** 前払金・中間前払金・部分払・完成払 (tax-included yen). */
@Entity('contract_payments')
export class ContractPayment extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) contractId!: number;
  @Column({ type: 'varchar', length: 20 }) kind!: PaymentKind;
  @Column({ type: 'date', nullable: true }) dueDate!: string | null;
  @Column({ type: 'date', nullable: true }) paidDate!: string | null;
  @BigIntColumn() amount!: number;
  @Column({ type: 'varchar', length: 300, nullable: true }) notes!: string | null;
}

/** 検査: completion, interim or partial; the inspectors are users with the inspector role. */
@Entity('inspections')
export class Inspection extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) contractId!: number;
  @Column({ type: 'varchar', length: 20 }) kind!: InspectionKind;
  @Column({ type: 'date' }) scheduledDate!: string;
  @Column({ type: 'date', nullable: true }) inspectedDate!: string | null;
  @Column({ type: 'simple-json' }) inspectorIds!: number[];
  @Column({ type: 'varchar', length: 600, nullable: true }) attendees!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) result!: InspectionResult | null;
  @Column({ type: 'date', nullable: true }) reworkDeadline!: string | null;
  @Column({ type: 'int', nullable: true }) reinspectionOf!: number | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) remarks!: string | null;
  @Column({ type: 'varchar', length: 20, default: 'draft' }) approvalStatus!: ApprovalStatus;
}

export type ApprovalSubject = 'contract' | 'change' | 'inspection';

/** 決裁の履歴: who submitted, approved or returned what, when, with which comment. */
@Entity('approvals')
export class Approval {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) subject!: ApprovalSubject;
  @Column({ type: 'int' }) subjectId!: number;
  @Column({ type: 'varchar', length: 20 }) action!: 'submit' | 'approve' | 'return';
  @Column({ type: 'varchar', length: 600, nullable: true }) comment!: string | null;
  @Column({ type: 'int', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) loginId!: string | null;
  @Column({ type: Date }) actedAt!: Date;
}
