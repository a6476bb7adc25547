import { MigrationInterface, QueryRunner } from 'typeorm';
import { PortableSchema } from '../database/portable-schema';

/** Indexes that are replaced: the same columns, now ending in the id. */
const REPLACED: Array<[string, string[], string[]]> = [
  ['contracts', ['contract_date'], ['contract_date', 'id']],
  ['contracts', ['fiscal_year', 'contract_date'], ['fiscal_year', 'contract_date', 'id']],
  ['contracts', ['fiscal_year', 'amount'], ['fiscal_year', 'amount', 'id']],
];

/**
 * The list pages' sorts served whole by an index (docs/benchmarks.md, P1 and P3):
 * - every list ends its ORDER BY with the id in the first key's direction, so each sort index
 *   ends in the id. Without it PostgreSQL sorted a 年度's contracts by 契約日 by walking the
 *   single-column date index backwards past 200,000 rows of later years (180–560 ms; 0.5 ms now);
 * - the tender grid of one 年度 opens sorted by 案件番号: without (fiscal_year, tender_number) both
 *   planners sorted the year's 17,500 wide rows (90 ms of the load mix).
 */
export class SortIndexes1765500000000 implements MigrationInterface {
  name = 'SortIndexes1765500000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const [table, before, after] of REPLACED) {
      await s.dropIndex(table, before);
      await s.createIndex(table, after);
    }
    await s.createIndex('tenders', ['fiscal_year', 'tender_number']);
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.dropIndex('tenders', ['fiscal_year', 'tender_number']);
    for (const [table, before, after] of [...REPLACED].reverse()) {
      await s.dropIndex(table, after);
      await s.createIndex(table, before);
    }
  }
}
