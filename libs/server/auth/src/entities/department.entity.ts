import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '@keiyaku/server/core';

/** 部署: imports and other modules refer to a department by its code. */
@Entity('departments')
export class Department extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 150 }) name!: string;
  @Column({ default: 0 }) sortOrder!: number;
  @Column({ default: true }) active!: boolean;
}
