import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicationForm, CorrectionRequest } from '@keiyaku/domain';
import { VersionedEntity } from '@keiyaku/server/core';

/** 入札参加資格審査申請: the form (as JSON, saved at every step), its status and decision. */
@Entity('qual_applications')
export class QualApplication extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() accountId!: number;
  @Column({ type: 'varchar', length: 12 }) kind!: string;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 20 }) termCode!: string;
  @Column({ type: 'varchar', length: 12 }) status!: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) receiptNumber!: string | null;
  @Column({ type: 'simple-json' }) form!: ApplicationForm;
  @Column({ type: 'varchar', length: 20, nullable: true }) currentStep!: string | null;
  @Column({ default: 0 }) roundNo!: number;
  @Column({ type: Date, nullable: true }) submittedAt!: Date | null;
  @Column({ type: Date, nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) decidedBy!: string | null;
  @Column({ type: 'varchar', length: 1500, nullable: true }) decisionReason!: string | null;
  @Column({ type: 'int', nullable: true }) vendorId!: number | null;
  @Column({ type: 'simple-json', nullable: true }) reviewChecklist!: Record<string, boolean> | null;
  /** The corrections of the open request (the vendor's to-do list); every round keeps its own. */
  @Column({ type: 'simple-json', nullable: true }) corrections!: CorrectionRequest[] | null;
}

@Entity('qual_app_attachments')
export class QualAppAttachment {
  @PrimaryGeneratedColumn() id!: number;
  @Column() applicationId!: number;
  @Column({ type: 'varchar', length: 30 }) itemCode!: string;
  @Column() fileId!: number;
  @Column({ type: 'varchar', length: 300 }) fileName!: string;
  @Column() roundNo!: number;
  @Column() createdAt!: Date;
}

/** One submission round: what was sent, and the corrections staff asked for in reply. */
@Entity('qual_app_rounds')
export class QualAppRound {
  @PrimaryGeneratedColumn() id!: number;
  @Column() applicationId!: number;
  @Column() roundNo!: number;
  @Column() submittedAt!: Date;
  @Column({ type: 'simple-json' }) form!: ApplicationForm;
  @Column({ type: 'simple-json' }) attachments!: Array<{ id: number; itemCode: string; fileName: string }>;
  @Column({ type: 'simple-json', nullable: true }) corrections!: CorrectionRequest[] | null;
  @Column({ type: Date, nullable: true }) requestedAt!: Date | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) requestedBy!: string | null;
}
