import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** 工事成績評定: versioned rule sets, one sheet per contract (and revision), the raters' parts, 説明請求. */
export class Evaluations1764900000000 implements MigrationInterface {
  name = 'Evaluations1764900000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'evaluation_rule_sets',
      columns: [
        col.id(),
        col.varchar('code', 40, { unique: true }),
        col.varchar('name', 200),
        col.varchar('category', 20),
        col.date('effective_from'),
        col.varchar('status', 20),
        col.json('definition'),
        col.int('based_on_id', { nullable: true }),
        col.varchar('notes', 1000, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['category', 'effective_from'] }],
    });
    await s.createTable({
      name: 'evaluations',
      columns: [
        col.id(),
        col.int('contract_id'),
        col.int('revision', { default: 1 }),
        col.int('previous_id', { nullable: true }),
        col.int('rule_set_id'),
        col.varchar('rule_code', 40),
        col.varchar('category', 20),
        col.int('vendor_id'),
        col.int('department_id', { nullable: true }),
        col.varchar('trade_code', 10, { nullable: true }),
        col.int('fiscal_year'),
        col.date('evaluated_on'),
        col.varchar('status', 20),
        col.decimal('chief_score', { nullable: true }),
        col.decimal('general_score', { nullable: true }),
        col.decimal('inspector_score', { nullable: true }),
        col.decimal('interim_score', { nullable: true }),
        col.decimal('total', { nullable: true }),
        col.decimal('deduction', { nullable: true }),
        col.decimal('final_score', { nullable: true }),
        col.varchar('band', 10, { nullable: true }),
        col.bool('complete', { default: false }),
        col.json('deduction_keys'),
        col.varchar('deduction_reason', 1000, { nullable: true }),
        col.timestamp('approved_at', { nullable: true }),
        col.int('approved_by', { nullable: true }),
        col.date('notice_date', { nullable: true }),
        col.date('explanation_deadline', { nullable: true }),
        col.varchar('correction_reason', 1000, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['contract_id', 'revision'], unique: true }, { columns: ['fiscal_year', 'status'] }, { columns: ['vendor_id'] }, { columns: ['department_id'] }],
    });
    await s.createTable({
      name: 'evaluation_parts',
      columns: [
        col.id(),
        col.int('evaluation_id'),
        col.varchar('rater', 20),
        col.int('seq', { default: 0 }),
        col.int('inspection_id', { nullable: true }),
        col.int('user_id', { nullable: true }),
        col.varchar('status', 20),
        col.json('entries'),
        col.decimal('points', { nullable: true }),
        col.decimal('score', { nullable: true }),
        col.timestamp('submitted_at', { nullable: true }),
        col.varchar('return_comment', 600, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['evaluation_id', 'rater', 'seq'], unique: true }, { columns: ['user_id'] }],
    });
    await s.createTable({
      name: 'explanation_requests',
      columns: [
        col.id(),
        col.int('evaluation_id'),
        col.varchar('kind', 20),
        col.date('received_on'),
        col.varchar('content', 4000),
        col.date('due_on'),
        col.varchar('answer', 4000, { nullable: true }),
        col.date('answered_on', { nullable: true }),
        col.varchar('answered_by', 200, { nullable: true }),
        col.int('answer_file_id', { nullable: true }),
        col.varchar('status', 20),
        ...col.audited(),
      ],
      indices: [{ columns: ['evaluation_id'] }, { columns: ['status', 'due_on'] }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['explanation_requests', 'evaluation_parts', 'evaluations', 'evaluation_rule_sets']) await s.dropTable(t);
  }
}
