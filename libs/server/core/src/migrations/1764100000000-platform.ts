import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** Settings, background jobs, stored files, the mail outbox and cross-instance locks. */
export class Platform1764100000000 implements MigrationInterface {
  name = 'Platform1764100000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'settings',
      columns: [col.id(), col.varchar('setting_key', 60, { unique: true }), col.json('value'), col.varchar('updated_by', 60, { nullable: true }), ...col.audited()],
    });
    await s.createTable({
      name: 'files',
      columns: [
        col.id(),
        col.varchar('name', 300),
        col.bigint('size'),
        col.varchar('sha256', 64),
        col.varchar('content_type', 100),
        col.varchar('purpose', 40),
        col.int('owner_id', { nullable: true }),
        col.varchar('storage_key', 100, { unique: true }),
        col.timestamp('created_at', { default: 'now' }),
      ],
      indices: [{ columns: ['owner_id'] }, { columns: ['purpose'] }],
    });
    await s.createTable({
      name: 'jobs',
      columns: [
        col.id(),
        col.varchar('kind', 40),
        col.varchar('title', 200),
        col.varchar('status', 20),
        col.int('progress', { default: 0 }),
        col.varchar('message', 500, { nullable: true }),
        col.json('params', { nullable: true }),
        col.json('result', { nullable: true }),
        col.int('result_file_id', { nullable: true }),
        col.int('user_id', { nullable: true }),
        col.varchar('login_id', 60, { nullable: true }),
        col.timestamp('created_at'),
        col.timestamp('started_at', { nullable: true }),
        col.timestamp('finished_at', { nullable: true }),
      ],
      indices: [{ columns: ['user_id', 'created_at'] }, { columns: ['status'] }],
      foreignKeys: [{ columns: ['result_file_id'], table: 'files', onDelete: 'SET NULL' }],
    });
    await s.createTable({
      name: 'mail_outbox',
      columns: [
        col.id(),
        col.varchar('to_address', 254),
        col.varchar('subject', 300),
        col.json('body'),
        col.varchar('status', 20),
        col.int('attempts', { default: 0 }),
        col.varchar('last_error', 1000, { nullable: true }),
        col.timestamp('next_attempt_at', { nullable: true }),
        col.varchar('related_entity', 60, { nullable: true }),
        col.varchar('related_id', 60, { nullable: true }),
        col.timestamp('created_at'),
        col.timestamp('sent_at', { nullable: true }),
      ],
      indices: [{ columns: ['status', 'next_attempt_at'] }],
    });
    await s.createTable({
      name: 'app_locks',
      columns: [col.varchar('name', 60, { primary: true }), col.varchar('holder', 100), col.timestamp('locked_until')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['app_locks', 'mail_outbox', 'jobs', 'files', 'settings']) await s.dropTable(t);
  }
}
