import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EvaluationCategory, EvaluationRuleDefinition, EvaluationStatus, ExplanationKind, RaterEntries, RaterPartStatus, RaterSlot } from '@keiyaku/domain';
import { DecimalColumn, VersionedEntity } from '@keiyaku/server/core';

export type RuleSetStatus = 'draft' | 'active';

/** 評定要領: one version of the rule set of a category, in force from `effectiveFrom`. Active versions are immutable. */
@Entity('evaluation_rule_sets')
export class EvaluationRuleSet extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 20 }) category!: EvaluationCategory;
  @Column({ type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'varchar', length: 20 }) status!: RuleSetStatus;
  @Column({ type: 'simple-json' }) definition!: EvaluationRuleDefinition;
  @Column({ type: 'int', nullable: true }) basedOnId!: number | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) notes!: string | null;
}

/** 工事成績評定: the sheet of one contract (a correction makes the next revision). Scores are the server's computation. */
@Entity('evaluations')
export class Evaluation extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) contractId!: number;
  @Column({ type: 'int', default: 1 }) revision!: number;
  @Column({ type: 'int', nullable: true }) previousId!: number | null;
  @Column({ type: 'int' }) ruleSetId!: number;
  @Column({ type: 'varchar', length: 40 }) ruleCode!: string;
  @Column({ type: 'varchar', length: 20 }) category!: string;
  @Column({ type: 'int' }) vendorId!: number;
  @Column({ type: 'int', nullable: true }) departmentId!: number | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) tradeCode!: string | null;
  @Column({ type: 'int' }) fiscalYear!: number;
  @Column({ type: 'date' }) evaluatedOn!: string;
  @Column({ type: 'varchar', length: 20 }) status!: EvaluationStatus;
  @DecimalColumn({ nullable: true }) chiefScore!: number | null;
  @DecimalColumn({ nullable: true }) generalScore!: number | null;
  @DecimalColumn({ nullable: true }) inspectorScore!: number | null;
  @DecimalColumn({ nullable: true }) interimScore!: number | null;
  @DecimalColumn({ nullable: true }) total!: number | null;
  @DecimalColumn({ nullable: true }) deduction!: number | null;
  @DecimalColumn({ nullable: true }) finalScore!: number | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) band!: string | null;
  @Column({ default: false }) complete!: boolean;
  @Column({ type: 'simple-json' }) deductionKeys!: string[];
  @Column({ type: 'varchar', length: 1000, nullable: true }) deductionReason!: string | null;
  @Column({ type: Date, nullable: true }) approvedAt!: Date | null;
  @Column({ type: 'int', nullable: true }) approvedBy!: number | null;
  @Column({ type: 'date', nullable: true }) noticeDate!: string | null;
  @Column({ type: 'date', nullable: true }) explanationDeadline!: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) correctionReason!: string | null;
}

/** One rater's part of a sheet: the ticked statements and grades as entered, and the part's score. */
@Entity('evaluation_parts')
export class EvaluationPart extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) evaluationId!: number;
  @Column({ type: 'varchar', length: 20 }) rater!: RaterSlot;
  /** 0 for the three raters; 0, 1 … for the interim inspections in date order. */
  @Column({ type: 'int', default: 0 }) seq!: number;
  @Column({ type: 'int', nullable: true }) inspectionId!: number | null;
  @Column({ type: 'int', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar', length: 20 }) status!: RaterPartStatus;
  @Column({ type: 'simple-json' }) entries!: RaterEntries;
  @DecimalColumn({ nullable: true }) points!: number | null;
  @DecimalColumn({ nullable: true }) score!: number | null;
  @Column({ type: Date, nullable: true }) submittedAt!: Date | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) returnComment!: string | null;
}

export type ExplanationStatus = 'open' | 'answered' | 'withdrawn';

/** 説明請求 / 再説明請求 of the contractor and the city's written answer. */
@Entity('explanation_requests')
export class ExplanationRequest extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) evaluationId!: number;
  @Column({ type: 'varchar', length: 20 }) kind!: ExplanationKind;
  @Column({ type: 'date' }) receivedOn!: string;
  @Column({ type: 'varchar', length: 4000 }) content!: string;
  @Column({ type: 'date' }) dueOn!: string;
  @Column({ type: 'varchar', length: 4000, nullable: true }) answer!: string | null;
  @Column({ type: 'date', nullable: true }) answeredOn!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) answeredBy!: string | null;
  @Column({ type: 'int', nullable: true }) answerFileId!: number | null;
  @Column({ type: 'varchar', length: 20 }) status!: ExplanationStatus;
}

export const EVALUATION_ENTITIES = [EvaluationRuleSet, Evaluation, EvaluationPart, ExplanationRequest];
