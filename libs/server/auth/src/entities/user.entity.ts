import { BeforeInsert, BeforeUpdate, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@keiyaku/domain';
import { searchTextOf } from '@keiyaku/domain';
import { VersionedEntity } from '@keiyaku/server/core';
import { Department } from './department.entity';

/** A staff user of the contract system (vendors are a separate principal). */
@Entity('users')
export class User extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 60, unique: true }) loginId!: string;
  @Column({ type: 'varchar', length: 150 }) name!: string;
  @Column({ type: 'varchar', length: 150, nullable: true }) nameKana!: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
  @Column({ type: 'int', nullable: true }) departmentId!: number | null;
  @ManyToOne(() => Department, { nullable: true }) @JoinColumn() department?: Department | null;
  @Column({ type: 'simple-json' }) roles!: Role[];
  @Column({ default: true }) active!: boolean;
  @Column({ type: 'varchar', length: 200 }) passwordHash!: string;
  @Column({ default: 0 }) failedAttempts!: number;
  @Column({ type: Date, nullable: true }) lockedUntil!: Date | null;
  @Column({ type: Date, nullable: true }) passwordChangedAt!: Date | null;
  @Column({ default: false }) mustChangePassword!: boolean;
  @Column({ type: Date, nullable: true }) lastLoginAt!: Date | null;
  @Column({ type: 'varchar', length: 600, nullable: true }) searchText!: string | null;

  @BeforeInsert()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = searchTextOf(this.loginId, this.name, this.nameKana, this.email);
  }
}
