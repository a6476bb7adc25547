import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportKind, ImportProfileDefinition } from '@keiyaku/domain';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

/** 予算: one line of the finance system's budget (款-項-目-節-細節) for a fiscal year and account. */
@Entity('budget_lines')
export class BudgetLine extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) fiscalYear!: number;
  @Column({ type: 'varchar', length: 60 }) account!: string;
  @Column({ type: 'varchar', length: 40 }) budgetCode!: string;
  @Column({ type: 'varchar', length: 200 }) budgetName!: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) departmentCode!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) projectName!: string | null;
  @BigIntColumn() amount!: number;
  @BigIntColumn({ nullable: true }) executed!: number | null;
}

/** A mapping profile (a shipped default or an administrator's copy). */
@Entity('import_profiles')
export class ImportProfileRecord extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 30 }) kind!: ImportKind;
  @Column({ type: 'varchar', length: 40 }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'simple-json' }) definition!: ImportProfileDefinition;
  @Column({ default: false }) shipped!: boolean;
}

export interface RowProblem {
  line: number;
  header: string | null;
  message: string;
}

/** One import (dry run or commit): who, when, which file, what happened. */
@Entity('import_runs')
export class ImportRun {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 30 }) kind!: ImportKind;
  @Column({ type: 'varchar', length: 40 }) profileCode!: string;
  @Column({ type: 'varchar', length: 300 }) fileName!: string;
  @Column({ type: 'varchar', length: 64 }) fileSha256!: string;
  @Column({ type: 'varchar', length: 10 }) encoding!: string;
  @Column({ type: 'varchar', length: 20 }) mode!: 'dryRun' | 'allOrNothing' | 'goodRows';
  @Column({ type: 'varchar', length: 20 }) status!: 'succeeded' | 'rejected' | 'failed';
  @Column({ type: 'int', default: 0 }) rowsRead!: number;
  @Column({ type: 'int', default: 0 }) rowsCreated!: number;
  @Column({ type: 'int', default: 0 }) rowsUpdated!: number;
  @Column({ type: 'int', default: 0 }) rowsUnchanged!: number;
  @Column({ type: 'int', default: 0 }) rowsRejected!: number;
  @Column({ type: 'int', default: 0 }) warningCount!: number;
  /** The first problems (errors then warnings), for the history screen; the error file has all rejected rows. */
  @Column({ type: 'simple-json', nullable: true }) problems!: { errors: RowProblem[]; warnings: RowProblem[] } | null;
  @Column({ type: 'int', nullable: true }) errorFileId!: number | null;
  @Column({ type: 'int', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) loginId!: string | null;
  @Column() startedAt!: Date;
  @Column({ type: Date, nullable: true }) finishedAt!: Date | null;
}
