import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

const CONTRACT_COLUMNS = [
  col.int('fiscal_year', { nullable: true }),
  col.varchar('negotiated_reason', 600, { nullable: true }),
  col.varchar('small_contract_kind', 20, { nullable: true }),
  col.varchar('budget_line_code', 40, { nullable: true }),
  col.bigint('original_amount', { nullable: true }),
  col.date('original_period_to', { nullable: true }),
  col.varchar('bond_kind', 20, { nullable: true }),
  col.bigint('bond_amount', { nullable: true }),
  col.int('advance_rate', { nullable: true }),
  col.int('supervisor_id', { nullable: true }),
  col.date('completed_on', { nullable: true }),
  col.date('inspected_on', { nullable: true }),
  col.date('paid_on', { nullable: true }),
  col.date('cancelled_on', { nullable: true }),
  col.varchar('cancel_reason', 600, { nullable: true }),
  col.varchar('approval_status', 20, { default: 'draft' }),
  col.varchar('notes', 3000, { nullable: true }),
  col.varchar('search_text', 1200, { nullable: true }),
];

/** Contracts and inspections: the contract's full record, changes, payments, inspections, approvals. */
export class Contracts1764400000000 implements MigrationInterface {
  name = 'Contracts1764400000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.addColumns('contracts', CONTRACT_COLUMNS);
    await s.createIndex('contracts', ['fiscal_year', 'status']);
    await s.createTable({
      name: 'contract_changes',
      columns: [
        col.id(),
        col.int('contract_id'),
        col.int('change_no'),
        col.date('change_date'),
        col.bigint('amount'),
        col.bigint('tax_amount'),
        col.date('period_to', { nullable: true }),
        col.varchar('reason', 600),
        col.varchar('approval_status', 20, { default: 'draft' }),
        ...col.audited(),
      ],
      indices: [{ columns: ['contract_id', 'change_no'], unique: true }],
      foreignKeys: [{ columns: ['contract_id'], table: 'contracts' }],
    });
    await s.createTable({
      name: 'contract_payments',
      columns: [
        col.id(),
        col.int('contract_id'),
        col.varchar('kind', 20),
        col.date('due_date', { nullable: true }),
        col.date('paid_date', { nullable: true }),
        col.bigint('amount'),
        col.varchar('notes', 300, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['contract_id'] }, { columns: ['due_date'] }],
      foreignKeys: [{ columns: ['contract_id'], table: 'contracts' }],
    });
    await s.createTable({
      name: 'inspections',
      columns: [
        col.id(),
        col.int('contract_id'),
        col.varchar('kind', 20),
        col.date('scheduled_date'),
        col.date('inspected_date', { nullable: true }),
        col.json('inspector_ids'),
        col.varchar('attendees', 600, { nullable: true }),
        col.varchar('result', 20, { nullable: true }),
        col.date('rework_deadline', { nullable: true }),
        col.int('reinspection_of', { nullable: true }),
        col.varchar('remarks', 2000, { nullable: true }),
        col.varchar('approval_status', 20, { default: 'draft' }),
        ...col.audited(),
      ],
      indices: [{ columns: ['contract_id'] }, { columns: ['scheduled_date'] }],
      foreignKeys: [{ columns: ['contract_id'], table: 'contracts' }],
    });
    await s.createTable({
      name: 'approvals',
      columns: [
        col.id(),
        col.varchar('subject', 20),
        col.int('subject_id'),
        col.varchar('action', 20),
        col.varchar('comment', 600, { nullable: true }),
        col.int('user_id', { nullable: true }),
        col.varchar('login_id', 60, { nullable: true }),
        col.timestamp('acted_at'),
      ],
      indices: [{ columns: ['subject', 'subject_id'] }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['approvals', 'inspections', 'contract_payments', 'contract_changes']) await s.dropTable(t);
    await s.dropColumns('contracts', CONTRACT_COLUMNS.map((c) => c.name));
  }
}
