import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** Tenders: price rule sets, the tender register, designations, bids; contract drafts from awards. */
export class Tenders1764300000000 implements MigrationInterface {
  name = 'Tenders1764300000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'price_rule_sets',
      columns: [
        col.id(),
        col.varchar('code', 40, { unique: true }),
        col.varchar('name', 300),
        col.varchar('category', 20),
        col.varchar('service_kind', 10, { nullable: true }),
        col.date('effective_from'),
        col.json('definition'),
        col.varchar('notes', 1000, { nullable: true }),
        col.bool('active', { default: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['category', 'effective_from'] }],
    });
    await s.createTable({
      name: 'tenders',
      columns: [
        col.id(),
        col.varchar('tender_number', 30, { unique: true }),
        col.int('fiscal_year'),
        col.varchar('title', 300),
        col.varchar('location', 300, { nullable: true }),
        col.varchar('category', 20),
        col.varchar('trade_code', 10),
        col.int('department_id', { nullable: true }),
        col.varchar('method', 20),
        col.bool('comprehensive_eval', { default: false }),
        col.varchar('negotiated_reason', 600, { nullable: true }),
        col.varchar('budget_line_code', 40, { nullable: true }),
        col.bigint('design_price', { nullable: true }),
        col.bigint('planned_price', { nullable: true }),
        col.json('price_components', { nullable: true }),
        col.varchar('building_kind', 10, { default: 'none' }),
        col.varchar('price_control', 20, { default: 'minimum' }),
        col.varchar('price_publication', 10, { default: 'after' }),
        col.int('price_rule_set_id', { nullable: true }),
        col.json('price_calc', { nullable: true }),
        col.bigint('minimum_price', { nullable: true }),
        col.bigint('low_bid_threshold', { nullable: true }),
        col.bigint('disqualification_price', { nullable: true }),
        col.varchar('random_coeff', 10, { nullable: true }),
        col.bigint('override_price', { nullable: true }),
        col.varchar('override_reason', 600, { nullable: true }),
        col.date('announcement_date', { nullable: true }),
        col.date('designation_date', { nullable: true }),
        col.date('question_deadline', { nullable: true }),
        col.date('bid_deadline', { nullable: true }),
        col.date('opening_date', { nullable: true }),
        col.varchar('status', 20),
        col.int('current_round', { default: 1 }),
        col.varchar('outcome', 20, { nullable: true }),
        col.int('award_vendor_id', { nullable: true }),
        col.bigint('award_amount', { nullable: true }),
        col.json('lot_record', { nullable: true }),
        col.int('contract_id', { nullable: true }),
        col.varchar('cancel_reason', 600, { nullable: true }),
        col.varchar('notes', 3000, { nullable: true }),
        col.varchar('search_text', 1200, { nullable: true }),
        ...col.audited(),
      ],
      indices: [
        { columns: ['fiscal_year', 'status'] },
        { columns: ['department_id'] },
        { columns: ['opening_date'] },
        { columns: ['award_vendor_id'] },
      ],
      foreignKeys: [
        { columns: ['price_rule_set_id'], table: 'price_rule_sets' },
        { columns: ['award_vendor_id'], table: 'vendors' },
        { columns: ['department_id'], table: 'departments' },
      ],
    });
    await s.createTable({
      name: 'tender_designations',
      columns: [
        col.id(),
        col.int('tender_id'),
        col.int('vendor_id'),
        col.bool('selected', { default: false }),
        col.varchar('reason', 600, { nullable: true }),
        col.varchar('rank', 4, { nullable: true }),
        col.varchar('locality', 12),
        col.json('stats', { nullable: true }),
        col.timestamp('notified_at', { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['tender_id', 'vendor_id'], unique: true }, { columns: ['vendor_id', 'selected'] }],
      foreignKeys: [
        { columns: ['tender_id'], table: 'tenders', onDelete: 'CASCADE' },
        { columns: ['vendor_id'], table: 'vendors' },
      ],
    });
    await s.createTable({
      name: 'bids',
      columns: [
        col.id(),
        col.int('tender_id'),
        col.int('round'),
        col.int('vendor_id'),
        col.bigint('amount', { nullable: true }),
        col.bool('declined', { default: false }),
        col.varchar('invalid_reason', 300, { nullable: true }),
        col.varchar('lot_number', 10, { nullable: true }),
        col.varchar('verdict', 20, { nullable: true }),
        col.varchar('verdict_reason', 600, { nullable: true }),
        col.varchar('investigation', 10, { nullable: true }),
        col.varchar('investigation_note', 600, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['tender_id', 'round', 'vendor_id'], unique: true }, { columns: ['vendor_id'] }],
      foreignKeys: [
        { columns: ['tender_id'], table: 'tenders', onDelete: 'CASCADE' },
        { columns: ['vendor_id'], table: 'vendors' },
      ],
    });
    await s.createTable({
      name: 'contracts',
      columns: [
        col.id(),
        col.varchar('contract_number', 30, { nullable: true, unique: true }),
        col.int('tender_id', { nullable: true }),
        col.int('vendor_id'),
        col.varchar('title', 300),
        col.varchar('location', 300, { nullable: true }),
        col.int('department_id', { nullable: true }),
        col.varchar('category', 20),
        col.varchar('trade_code', 10, { nullable: true }),
        col.varchar('method', 20),
        col.bigint('amount'),
        col.bigint('tax_amount'),
        col.int('tax_rate'),
        col.date('contract_date', { nullable: true }),
        col.date('period_from', { nullable: true }),
        col.date('period_to', { nullable: true }),
        col.varchar('status', 20),
        ...col.audited(),
      ],
      indices: [{ columns: ['tender_id'] }, { columns: ['vendor_id', 'status'] }, { columns: ['department_id'] }],
      foreignKeys: [
        { columns: ['tender_id'], table: 'tenders' },
        { columns: ['vendor_id'], table: 'vendors' },
        { columns: ['department_id'], table: 'departments' },
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['contracts', 'bids', 'tender_designations', 'tenders', 'price_rule_sets']) await s.dropTable(t);
  }
}
