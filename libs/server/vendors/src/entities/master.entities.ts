import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RankThreshold } from '@keiyaku/domain';
import { VersionedEntity } from '@keiyaku/server/core';

/** 業種 / 業務の種類 per category (construction trades keep the permit codes ×10). */
@Entity('trades')
export class Trade extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 10 }) code!: string;
  @Column({ type: 'varchar', length: 150 }) name!: string;
  @Column({ type: 'varchar', length: 60 }) shortName!: string;
  @Column({ default: false }) ranked!: boolean;
  @Column({ default: 0 }) sortOrder!: number;
  @Column({ default: true }) active!: boolean;
}

/** 有効期間 of qualifications (commonly two fiscal years). */
@Entity('terms')
export class Term extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 20 }) code!: string;
  @Column({ type: 'varchar', length: 60 }) name!: string;
  @Column({ type: 'date' }) validFrom!: string;
  @Column({ type: 'date' }) validTo!: string;
}

/** 主観点 items: the city's own points added to P. */
@Entity('subjective_items')
export class SubjectiveItem extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 20 }) code!: string;
  @Column({ type: 'varchar', length: 150 }) name!: string;
  @Column() points!: number;
  /** Offered when the vendor's 工事成績 average is in [ratingMin, ratingMax) (either end open when null). */
  @Column({ type: 'int', nullable: true }) ratingMin!: number | null;
  @Column({ type: 'int', nullable: true }) ratingMax!: number | null;
  @Column({ default: 0 }) sortOrder!: number;
  @Column({ default: true }) active!: boolean;
}

/** Dated ranking rule per category × trade. */
@Entity('ranking_rules')
export class RankingRuleRecord extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'varchar', length: 10 }) tradeCode!: string;
  @Column({ type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'simple-json' }) thresholds!: RankThreshold[];
  @Column({ type: 'simple-json', nullable: true }) priceBands!: Array<{ rank: string; minPrice: number }> | null;
  @Column({ type: 'int', nullable: true }) maxStepUp!: number | null;
  @Column({ default: false }) localOnly!: boolean;
  @Column({ default: true, name: 'new_start_lowest' }) newApplicantsStartLowest!: boolean;
}
