import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An approval the portal signed (split deployment); the contract system imports its content. */
@Entity('qual_app_packages')
export class QualAppPackage {
  @PrimaryGeneratedColumn() id!: number;
  @Column() applicationId!: number;
  @Column({ type: 'varchar', length: 36 }) packageId!: string;
  @Column({ type: 'varchar', length: 20 }) receiptNumber!: string;
  @Column({ type: 'varchar', length: 16 }) keyId!: string;
  @Column({ type: 'simple-json' }) content!: Record<string, unknown>;
  @Column() createdAt!: Date;
  @Column({ type: Date, nullable: true }) downloadedAt!: Date | null;
  @Column({ default: 0 }) downloadCount!: number;
}

/** A package the contract system imported: the unique package id and approval key refuse a replay. */
@Entity('qual_pkg_imports')
export class QualPackageImport {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 36 }) packageId!: string;
  @Column({ type: 'varchar', length: 60 }) approvalKey!: string;
  @Column({ type: 'varchar', length: 20 }) receiptNumber!: string;
  @Column({ type: 'varchar', length: 16 }) keyId!: string;
  @Column() vendorId!: number;
  @Column() importedAt!: Date;
  @Column({ type: 'varchar', length: 60, nullable: true }) importedBy!: string | null;
}
