import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';

/** A named lock shared by every API instance on one database (nightly jobs, mail sender). */
@NotAudited()
@Entity('app_locks')
export class AppLock {
  @PrimaryColumn({ type: 'varchar', length: 60 }) name!: string;
  @Column({ type: 'varchar', length: 100 }) holder!: string;
  @Column() lockedUntil!: Date;
}
