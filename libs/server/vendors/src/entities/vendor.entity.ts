import { BeforeInsert, BeforeUpdate, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { searchTextOf } from '@keiyaku/domain';
import { BigIntColumn, VersionedEntity } from '@keiyaku/server/core';

export type VendorStatus = 'active' | 'dormant' | 'closed';

/** 業者: one record per company, keyed by 法人番号 where it has one. */
@Entity('vendors')
export class Vendor extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 10 }) vendorCode!: string;
  @Column({ type: 'varchar', length: 13, nullable: true }) corporateNumber!: string | null;
  @Column({ type: 'varchar', length: 14, nullable: true }) invoiceNumber!: string | null;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @Column({ type: 'varchar', length: 300 }) nameKana!: string;
  @Column({ type: 'varchar', length: 90, nullable: true }) representativeTitle!: string | null;
  @Column({ type: 'varchar', length: 150 }) representativeName!: string;
  @Column({ type: 'varchar', length: 8 }) postalCode!: string;
  @Column({ type: 'varchar', length: 600 }) address!: string;
  @Column({ type: 'varchar', length: 20 }) phone!: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) fax!: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 12 }) locality!: 'local' | 'semiLocal' | 'outside';
  @BigIntColumn({ nullable: true }) capital!: number | null;
  @Column({ type: 'varchar', length: 12 }) entityType!: 'corporation' | 'individual';
  @Column({ type: 'varchar', length: 10 }) status!: VendorStatus;
  @Column({ type: 'varchar', length: 3000, nullable: true }) notes!: string | null;
  @Column({ type: 'varchar', length: 1200, nullable: true }) searchText!: string | null;

  @BeforeInsert()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = searchTextOf(this.vendorCode, this.name, this.nameKana, this.corporateNumber);
  }
}
