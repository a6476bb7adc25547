import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One append-only row of the audit trail; `hash` covers the row and the previous hash. */
@Entity('audit_logs')
export class AuditLog {
  @PrimaryGeneratedColumn() id!: number;
  @Column() seq!: number;
  @Column() occurredAt!: Date;
  @Column({ type: 'int', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) loginId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) requestId!: string | null;
  @Column({ type: 'varchar', length: 30 }) action!: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) entity!: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) entityId!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) summary!: string | null;
  @Column({ type: 'simple-json', nullable: true, name: 'before_data' }) before!: unknown;
  @Column({ type: 'simple-json', nullable: true, name: 'after_data' }) after!: unknown;
  @Column({ type: 'varchar', length: 64 }) prevHash!: string;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
}

/** The single row holding the chain's last sequence number and hash. */
@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn() id!: number;
  @Column() seq!: number;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
}
