import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';

/** A user's column layout of one grid (a UI preference, not a business record). */
@NotAudited()
@Entity('grid_states')
export class GridState {
  @PrimaryGeneratedColumn() id!: number;
  @Column() userId!: number;
  @Column({ type: 'varchar', length: 60 }) gridId!: string;
  @Column({ type: 'simple-json' }) state!: unknown;
  @Column() updatedAt!: Date;
}
