import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '@keiyaku/server/core';

/** 営業所 and 受任者 (a branch that bids on the head office's behalf). */
@Entity('vendor_offices')
export class VendorOffice extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @Column({ type: 'varchar', length: 8, nullable: true }) postalCode!: string | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone!: string | null;
  @Column({ default: false }) isDelegate!: boolean;
  @Column({ type: 'varchar', length: 90, nullable: true }) delegateTitle!: string | null;
  @Column({ type: 'varchar', length: 150, nullable: true }) delegateName!: string | null;
}

/** 建設業許可 per trade. */
@Entity('vendor_permits')
export class VendorPermit extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column({ type: 'varchar', length: 10 }) tradeCode!: string;
  @Column({ type: 'varchar', length: 10 }) issuer!: 'minister' | 'governor';
  @Column({ type: 'varchar', length: 30, nullable: true }) issuerPrefecture!: string | null;
  @Column({ type: 'varchar', length: 10 }) grade!: 'special' | 'general';
  @Column({ type: 'varchar', length: 30 }) permitNumber!: string;
  @Column({ type: 'date' }) permitDate!: string;
  @Column({ type: 'date' }) expiresOn!: string;
}

/** 経審 result notice: company-wide X2, Y, W and per-trade X1, Z, P. */
@Entity('keishin_results')
export class KeishinResult extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column({ type: 'date' }) baseDate!: string;
  @Column({ type: 'date', nullable: true }) noticeDate!: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) permitNumber!: string | null;
  @Column() x2!: number;
  @Column() y!: number;
  @Column() w!: number;
  @OneToMany(() => KeishinScore, (s) => s.result, { cascade: true, eager: true }) scores!: KeishinScore[];
}

@Entity('keishin_scores')
export class KeishinScore {
  @PrimaryGeneratedColumn() id!: number;
  @Column() resultId!: number;
  @ManyToOne(() => KeishinResult, (r) => r.scores, { onDelete: 'CASCADE', orphanedRowAction: 'delete' }) @JoinColumn() result?: KeishinResult;
  @Column({ type: 'varchar', length: 10 }) tradeCode!: string;
  @Column() x1!: number;
  @Column() z!: number;
  @Column() p!: number;
}

/** 入札参加資格 per category × trade × term, with its rank and 主観点. */
@Entity('qualifications')
export class Qualification extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 10 }) tradeCode!: string;
  @Column({ type: 'varchar', length: 20 }) termCode!: string;
  @Column({ type: 'varchar', length: 5, nullable: true }) rank!: string | null;
  @Column({ type: 'int', nullable: true, name: 'p_score' }) pScore!: number | null;
  @Column({ default: 0 }) subjectiveScore!: number;
  @Column({ type: 'simple-json', nullable: true }) subjectiveBreakdown!: Array<{ code: string; name: string; points: number }> | null;
  @Column({ type: 'int', nullable: true }) totalScore!: number | null;
  @Column({ type: 'date' }) validFrom!: string;
  @Column({ type: 'date' }) validTo!: string;
  @Column({ type: 'varchar', length: 20 }) source!: 'manual' | 'ranking' | 'application' | 'migration';
}

/** 指名停止 and the other measures (文書注意, 口頭注意, 営業停止, 指示処分). */
@Entity('vendor_measures')
export class VendorMeasure extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column({ type: 'varchar', length: 30 }) kind!: string;
  @Column({ type: 'date' }) startDate!: string;
  @Column({ type: 'date', nullable: true }) endDate!: string | null;
  @Column({ type: 'varchar', length: 1500 }) reason!: string;
  @Column({ type: 'varchar', length: 600, nullable: true }) basis!: string | null;
}

@Entity('vendor_contacts')
export class VendorContact extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column({ type: 'varchar', length: 150 }) name!: string;
  @Column({ type: 'varchar', length: 150, nullable: true }) department!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
}

/** A platform file attached to a vendor (permit copies, 経審 notices …). */
@Entity('vendor_attachments')
export class VendorAttachment extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() vendorId!: number;
  @Column() fileId!: number;
  @Column({ type: 'varchar', length: 300 }) label!: string;
}
