import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** Imports: budget lines from the finance system, mapping profiles, the history of every import. */
export class Imports1764800000000 implements MigrationInterface {
  name = 'Imports1764800000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'budget_lines',
      columns: [
        col.id(),
        col.int('fiscal_year'),
        col.varchar('account', 60),
        col.varchar('budget_code', 40),
        col.varchar('budget_name', 200),
        col.varchar('department_code', 20, { nullable: true }),
        col.varchar('project_name', 200, { nullable: true }),
        col.bigint('amount'),
        col.bigint('executed', { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['fiscal_year', 'account', 'budget_code'], unique: true }],
    });
    await s.createTable({
      name: 'import_profiles',
      columns: [col.id(), col.varchar('kind', 30), col.varchar('code', 40, { unique: true }), col.varchar('name', 200), col.json('definition'), col.bool('shipped', { default: false }), ...col.audited()],
    });
    await s.createTable({
      name: 'import_runs',
      columns: [
        col.id(),
        col.varchar('kind', 30),
        col.varchar('profile_code', 40),
        col.varchar('file_name', 300),
        col.varchar('file_sha256', 64),
        col.varchar('encoding', 10),
        col.varchar('mode', 20),
        col.varchar('status', 20),
        col.int('rows_read', { default: 0 }),
        col.int('rows_created', { default: 0 }),
        col.int('rows_updated', { default: 0 }),
        col.int('rows_unchanged', { default: 0 }),
        col.int('rows_rejected', { default: 0 }),
        col.int('warning_count', { default: 0 }),
        col.json('problems', { nullable: true }),
        col.int('error_file_id', { nullable: true }),
        col.int('user_id', { nullable: true }),
        col.varchar('login_id', 60, { nullable: true }),
        col.timestamp('started_at'),
        col.timestamp('finished_at', { nullable: true }),
      ],
      indices: [{ columns: ['kind', 'started_at'] }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['import_runs', 'import_profiles', 'budget_lines']) await s.dropTable(t);
  }
}
