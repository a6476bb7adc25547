import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/versioned.entity';

/** One administrator-set value; keys and types are the catalogue in libs/domain. */
@Entity('settings')
export class Setting extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 60, name: 'setting_key' }) key!: string;
  @Column({ type: 'simple-json' }) value!: unknown;
  @Column({ type: 'varchar', length: 60, nullable: true }) updatedBy!: string | null;
}
