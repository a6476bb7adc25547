import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
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
  @Column({ type: 'varchar', length: 20 }) status!: string;
}
