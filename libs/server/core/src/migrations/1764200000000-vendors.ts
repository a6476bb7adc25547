import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** The vendor registry: master data, vendors and their parts, history, ranking runs. */
export class Vendors1764200000000 implements MigrationInterface {
  name = 'Vendors1764200000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'trades',
      columns: [
        col.id(),
        col.varchar('category', 20),
        col.varchar('code', 10),
        col.varchar('name', 150),
        col.varchar('short_name', 60),
        col.bool('ranked', { default: false }),
        col.int('sort_order', { default: 0 }),
        col.bool('active', { default: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['category', 'code'], unique: true }],
    });
    await s.createTable({
      name: 'terms',
      columns: [col.id(), col.varchar('category', 20), col.varchar('code', 20), col.varchar('name', 60), col.date('valid_from'), col.date('valid_to'), ...col.audited()],
      indices: [{ columns: ['category', 'code'], unique: true }],
    });
    await s.createTable({
      name: 'subjective_items',
      columns: [
        col.id(),
        col.varchar('category', 20),
        col.varchar('code', 20),
        col.varchar('name', 150),
        col.int('points'),
        col.int('sort_order', { default: 0 }),
        col.bool('active', { default: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['category', 'code'], unique: true }],
    });
    await s.createTable({
      name: 'ranking_rules',
      columns: [
        col.id(),
        col.varchar('category', 20),
        col.varchar('trade_code', 10),
        col.date('effective_from'),
        col.json('thresholds'),
        col.json('price_bands', { nullable: true }),
        col.int('max_step_up', { nullable: true }),
        col.bool('local_only', { default: false }),
        col.bool('new_start_lowest', { default: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['category', 'trade_code', 'effective_from'], unique: true }],
    });
    await s.createTable({
      name: 'vendors',
      columns: [
        col.id(),
        col.varchar('vendor_code', 10, { unique: true }),
        col.varchar('corporate_number', 13, { nullable: true, unique: true }),
        col.varchar('invoice_number', 14, { nullable: true }),
        col.varchar('name', 300),
        col.varchar('name_kana', 300),
        col.varchar('representative_title', 90, { nullable: true }),
        col.varchar('representative_name', 150),
        col.varchar('postal_code', 8),
        col.varchar('address', 600),
        col.varchar('phone', 20),
        col.varchar('fax', 20, { nullable: true }),
        col.varchar('email', 254, { nullable: true }),
        col.varchar('locality', 12),
        col.bigint('capital', { nullable: true }),
        col.varchar('entity_type', 12),
        col.varchar('status', 10),
        col.varchar('notes', 3000, { nullable: true }),
        col.varchar('search_text', 1200, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['name_kana'] }, { columns: ['locality'] }, { columns: ['status'] }],
    });
    const part = (name: string, columns: ReturnType<typeof col.int>[], indices: Array<{ columns: string[]; unique?: boolean }> = []) =>
      s.createTable({
        name,
        columns: [col.id(), col.int('vendor_id'), ...columns, ...col.audited()],
        indices: [{ columns: ['vendor_id'] }, ...indices],
        foreignKeys: [{ columns: ['vendor_id'], table: 'vendors', onDelete: 'CASCADE' }],
      });
    await part('vendor_offices', [
      col.varchar('name', 300),
      col.varchar('postal_code', 8, { nullable: true }),
      col.varchar('address', 600, { nullable: true }),
      col.varchar('phone', 20, { nullable: true }),
      col.bool('is_delegate', { default: false }),
      col.varchar('delegate_title', 90, { nullable: true }),
      col.varchar('delegate_name', 150, { nullable: true }),
    ]);
    await part('vendor_permits', [
      col.varchar('trade_code', 10),
      col.varchar('issuer', 10),
      col.varchar('issuer_prefecture', 30, { nullable: true }),
      col.varchar('grade', 10),
      col.varchar('permit_number', 30),
      col.date('permit_date'),
      col.date('expires_on'),
    ], [{ columns: ['trade_code'] }]);
    await part('keishin_results', [
      col.date('base_date'),
      col.date('notice_date', { nullable: true }),
      col.varchar('permit_number', 30, { nullable: true }),
      col.int('x2'),
      col.int('y'),
      col.int('w'),
    ]);
    await s.createTable({
      name: 'keishin_scores',
      columns: [col.id(), col.int('result_id'), col.varchar('trade_code', 10), col.int('x1'), col.int('z'), col.int('p')],
      indices: [{ columns: ['result_id', 'trade_code'], unique: true }],
      foreignKeys: [{ columns: ['result_id'], table: 'keishin_results', onDelete: 'CASCADE' }],
    });
    await part('qualifications', [
      col.varchar('category', 20),
      col.varchar('trade_code', 10),
      col.varchar('term_code', 20),
      col.varchar('rank', 5, { nullable: true }),
      col.int('p_score', { nullable: true }),
      col.int('subjective_score', { default: 0 }),
      col.json('subjective_breakdown', { nullable: true }),
      col.int('total_score', { nullable: true }),
      col.date('valid_from'),
      col.date('valid_to'),
      col.varchar('source', 20),
    ], [{ columns: ['category', 'trade_code', 'term_code'] }]);
    await part('vendor_measures', [
      col.varchar('kind', 30),
      col.date('start_date'),
      col.date('end_date', { nullable: true }),
      col.varchar('reason', 1500),
      col.varchar('basis', 600, { nullable: true }),
    ], [{ columns: ['kind', 'start_date'] }]);
    await part('vendor_contacts', [
      col.varchar('name', 150),
      col.varchar('department', 150, { nullable: true }),
      col.varchar('phone', 20, { nullable: true }),
      col.varchar('email', 254, { nullable: true }),
    ]);
    await part('vendor_attachments', [col.int('file_id'), col.varchar('label', 300)]);
    await s.createTable({
      name: 'vendor_versions',
      columns: [
        col.id(),
        col.int('vendor_id'),
        col.int('version_no'),
        col.timestamp('changed_at'),
        col.varchar('changed_by', 60, { nullable: true }),
        col.varchar('summary', 300, { nullable: true }),
        col.json('snapshot'),
      ],
      indices: [{ columns: ['vendor_id', 'version_no'], unique: true }, { columns: ['vendor_id', 'changed_at'] }],
      foreignKeys: [{ columns: ['vendor_id'], table: 'vendors', onDelete: 'CASCADE' }],
    });
    await s.createTable({
      name: 'ranking_runs',
      columns: [
        col.id(),
        col.varchar('category', 20),
        col.varchar('term_code', 20),
        col.varchar('status', 12),
        col.int('job_id', { nullable: true }),
        col.json('result_rows', { nullable: true }),
        col.varchar('created_by', 60, { nullable: true }),
        col.varchar('confirmed_by', 60, { nullable: true }),
        col.timestamp('confirmed_at', { nullable: true }),
        ...col.audited(),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of [
      'ranking_runs', 'vendor_versions', 'vendor_attachments', 'vendor_contacts', 'vendor_measures', 'qualifications',
      'keishin_scores', 'keishin_results', 'vendor_permits', 'vendor_offices', 'vendors', 'ranking_rules', 'subjective_items', 'terms', 'trades',
    ]) {
      await s.dropTable(t);
    }
  }
}
