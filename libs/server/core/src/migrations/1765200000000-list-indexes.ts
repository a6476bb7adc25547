import { MigrationInterface, QueryRunner } from 'typeorm';
import { PortableSchema } from '../database/portable-schema';

const INDEXES: Array<[string, string[]]> = [
  // The contract grid opens sorted by 契約日 (newest first), usually within one 年度: without these
  // a page at 1,000,000 contracts sorted the whole table or year first (docs/benchmarks.md, P1).
  ['contracts', ['contract_date']],
  ['contracts', ['fiscal_year', 'contract_date']],
  // The deadlines dashboard: works under way whose 工期 ends soon (status IN (…) AND period_to ≤ …).
  ['contracts', ['status', 'period_to']],
];

/** Indexes the list pages need at 50× Hofu's volume (tools/bench). */
export class ListIndexes1765200000000 implements MigrationInterface {
  name = 'ListIndexes1765200000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const [table, columns] of INDEXES) await s.createIndex(table, columns);
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const [table, columns] of [...INDEXES].reverse()) await qr.dropIndex(s.name(table), s.constraintName('IX', table, columns));
  }
}
