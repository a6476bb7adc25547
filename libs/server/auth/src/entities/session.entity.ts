import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';

/** A signed-in browser. The id is the SHA-256 of the cookie's token, never the token. */
@NotAudited()
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column() userId!: number;
  @Column({ type: 'varchar', length: 64 }) csrfToken!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) userAgent!: string | null;
  @Column() createdAt!: Date;
  @Column() lastSeenAt!: Date;
}
