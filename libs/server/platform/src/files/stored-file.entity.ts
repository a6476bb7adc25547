import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn } from '@keiyaku/server/core';

/** An uploaded or generated file; the bytes live under FILES_DIR at `storageKey`. */
@Entity('files')
export class StoredFile {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @BigIntColumn() size!: number;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ type: 'varchar', length: 100 }) contentType!: string;
  @Column({ type: 'varchar', length: 40 }) purpose!: string;
  @Column({ type: 'int', nullable: true }) ownerId!: number | null;
  @Column({ type: 'varchar', length: 100 }) storageKey!: string;
  @CreateDateColumn() createdAt!: Date;
}
