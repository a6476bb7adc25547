import { MigrationInterface, QueryRunner } from 'typeorm';
import { PortableSchema } from '../database/portable-schema';

/**
 * The contract grid of one 年度 sorted by 契約金額 (the clerk's "largest works first"): this index
 * serves `fiscal_year = ? ORDER BY amount` instead of sorting the year's 100,000 rows at 50×
 * Hofu's volume (docs/benchmarks.md, P1; both planners take it, the year being fixed).
 */
export class AmountIndex1765300000000 implements MigrationInterface {
  name = 'AmountIndex1765300000000';

  async up(qr: QueryRunner): Promise<void> {
    await new PortableSchema(qr).createIndex('contracts', ['fiscal_year', 'amount']);
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await qr.dropIndex(s.name('contracts'), s.constraintName('IX', 'contracts', ['fiscal_year', 'amount']));
  }
}
