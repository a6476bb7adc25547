import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';

export type MailStatus = 'pending' | 'sent' | 'failed';

/**
 * A notification waiting in (or sent from) the outbox. The business write that queued it is
 * audited; the outbox is the transport's queue, shown to administrators in full.
 */
@NotAudited()
@Entity('mail_outbox')
export class MailMessage {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 254 }) toAddress!: string;
  @Column({ type: 'varchar', length: 300 }) subject!: string;
  @Column({ type: 'simple-json' }) body!: { text: string };
  @Column({ type: 'varchar', length: 20 }) status!: MailStatus;
  @Column({ default: 0 }) attempts!: number;
  @Column({ type: 'varchar', length: 1000, nullable: true }) lastError!: string | null;
  @Column({ type: Date, nullable: true }) nextAttemptAt!: Date | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) relatedEntity!: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) relatedId!: string | null;
  @Column() createdAt!: Date;
  @Column({ type: Date, nullable: true }) sentAt!: Date | null;
}
