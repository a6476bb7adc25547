import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** Vendor portal accounts and sessions, qualification applications, their rounds and attachments. */
export class Applications1764600000000 implements MigrationInterface {
  name = 'Applications1764600000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'vendor_accounts',
      columns: [
        col.id(),
        col.varchar('email', 254, { unique: true }),
        col.varchar('corporate_number', 13, { nullable: true, unique: true }),
        col.varchar('company_name', 300),
        col.varchar('entity_type', 12),
        col.varchar('password_hash', 200, { nullable: true }),
        col.varchar('status', 10),
        col.timestamp('email_verified_at', { nullable: true }),
        col.int('vendor_id', { nullable: true }),
        col.int('failed_attempts', { default: 0 }),
        col.timestamp('locked_until', { nullable: true }),
        col.timestamp('last_login_at', { nullable: true }),
        col.varchar('invited_by', 60, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['vendor_id'] }],
    });
    await s.createTable({
      name: 'vendor_sessions',
      columns: [
        { name: 'id', kind: 'varchar', length: 64, primary: true },
        col.int('account_id'),
        col.varchar('csrf_token', 64),
        col.timestamp('created_at'),
        col.timestamp('last_seen_at'),
      ],
      indices: [{ columns: ['account_id'] }],
      foreignKeys: [{ columns: ['account_id'], table: 'vendor_accounts', onDelete: 'CASCADE' }],
    });
    await s.createTable({
      name: 'vendor_account_tokens',
      columns: [
        col.id(),
        col.int('account_id'),
        col.varchar('purpose', 10),
        col.varchar('token_hash', 64, { unique: true }),
        col.timestamp('expires_at'),
        col.timestamp('used_at', { nullable: true }),
        col.timestamp('created_at'),
      ],
      indices: [{ columns: ['account_id'] }],
      foreignKeys: [{ columns: ['account_id'], table: 'vendor_accounts', onDelete: 'CASCADE' }],
    });
    await s.createTable({
      name: 'portal_rate_hits',
      columns: [col.id(), col.varchar('bucket', 300), col.timestamp('hit_at')],
      indices: [{ columns: ['bucket', 'hit_at'] }],
    });
    await s.createTable({
      name: 'qual_applications',
      columns: [
        col.id(),
        col.int('account_id'),
        col.varchar('kind', 12),
        col.varchar('category', 20),
        col.varchar('term_code', 20),
        col.varchar('status', 12),
        col.varchar('receipt_number', 20, { nullable: true, unique: true }),
        col.json('form'),
        col.varchar('current_step', 20, { nullable: true }),
        col.int('round_no', { default: 0 }),
        col.timestamp('submitted_at', { nullable: true }),
        col.timestamp('decided_at', { nullable: true }),
        col.varchar('decided_by', 60, { nullable: true }),
        col.varchar('decision_reason', 1500, { nullable: true }),
        col.int('vendor_id', { nullable: true }),
        col.json('review_checklist', { nullable: true }),
        col.json('corrections', { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['account_id'] }, { columns: ['status'] }, { columns: ['category', 'term_code'] }],
      foreignKeys: [{ columns: ['account_id'], table: 'vendor_accounts', onDelete: 'RESTRICT' }],
    });
    await s.createTable({
      name: 'qual_app_attachments',
      columns: [
        col.id(),
        col.int('application_id'),
        col.varchar('item_code', 30),
        col.int('file_id'),
        col.varchar('file_name', 300),
        col.int('round_no'),
        col.timestamp('created_at'),
      ],
      indices: [{ columns: ['application_id'] }],
      foreignKeys: [
        { columns: ['application_id'], table: 'qual_applications', onDelete: 'CASCADE' },
        { columns: ['file_id'], table: 'files', onDelete: 'RESTRICT' },
      ],
    });
    await s.createTable({
      name: 'qual_app_rounds',
      columns: [
        col.id(),
        col.int('application_id'),
        col.int('round_no'),
        col.timestamp('submitted_at'),
        col.json('form'),
        col.json('attachments'),
        col.json('corrections', { nullable: true }),
        col.timestamp('requested_at', { nullable: true }),
        col.varchar('requested_by', 60, { nullable: true }),
      ],
      indices: [{ columns: ['application_id', 'round_no'], unique: true }],
      foreignKeys: [{ columns: ['application_id'], table: 'qual_applications', onDelete: 'CASCADE' }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['qual_app_rounds', 'qual_app_attachments', 'qual_applications', 'portal_rate_hits', 'vendor_account_tokens', 'vendor_sessions', 'vendor_accounts']) {
      await s.dropTable(t);
    }
  }
}
