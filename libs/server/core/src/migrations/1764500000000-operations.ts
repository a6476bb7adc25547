import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** Operations: the history of backups (with their verification) and maintenance windows. */
export class Operations1764500000000 implements MigrationInterface {
  name = 'Operations1764500000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'backup_runs',
      columns: [
        col.id(),
        col.varchar('trigger_kind', 20),
        col.varchar('status', 20),
        col.varchar('name', 100, { nullable: true }),
        col.varchar('db_type', 20),
        col.bigint('size_bytes', { nullable: true }),
        col.int('table_count', { nullable: true }),
        col.bigint('row_count', { nullable: true }),
        col.int('file_count', { nullable: true }),
        col.varchar('verify_status', 20),
        col.varchar('message', 1000, { nullable: true }),
        col.int('pruned', { default: 0 }),
        col.varchar('login_id', 60, { nullable: true }),
        col.timestamp('started_at'),
        col.timestamp('finished_at'),
      ],
      indices: [{ columns: ['started_at'] }],
    });
    await s.createTable({
      name: 'maint_windows',
      columns: [
        col.id(),
        col.timestamp('starts_at'),
        col.timestamp('ends_at'),
        col.varchar('message', 500),
        col.varchar('created_by', 60, { nullable: true }),
        col.timestamp('cancelled_at', { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['ends_at'] }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['maint_windows', 'backup_runs']) await s.dropTable(t);
  }
}
