import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PriceCategory, PriceRuleDefinition } from '@keiyaku/domain';
import { VersionedEntity } from '@keiyaku/server/core';

/** 最低制限価格等の算定基準: one row per version, chosen by the tender's 公告日 (or 指名通知日). */
@Entity('price_rule_sets')
export class PriceRuleSet extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40 }) code!: string;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @Column({ type: 'varchar', length: 20 }) category!: PriceCategory;
  @Column({ type: 'varchar', length: 10, nullable: true }) serviceKind!: string | null;
  @Column({ type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'simple-json' }) definition!: PriceRuleDefinition;
  @Column({ type: 'varchar', length: 1000, nullable: true }) notes!: string | null;
  @Column({ default: true }) active!: boolean;
}
