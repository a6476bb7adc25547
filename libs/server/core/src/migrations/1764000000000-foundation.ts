import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** Departments, staff users, sessions, the audit trail and per-user grid state. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'departments',
      columns: [
        col.id(),
        col.varchar('code', 20, { unique: true }),
        col.varchar('name', 150),
        col.int('sort_order', { default: 0 }),
        col.bool('active', { default: true }),
        ...col.audited(),
      ],
    });
    await s.createTable({
      name: 'users',
      columns: [
        col.id(),
        col.varchar('login_id', 60, { unique: true }),
        col.varchar('name', 150),
        col.varchar('name_kana', 150, { nullable: true }),
        col.varchar('email', 254, { nullable: true }),
        col.int('department_id', { nullable: true }),
        col.json('roles'),
        col.bool('active', { default: true }),
        col.varchar('password_hash', 200),
        col.int('failed_attempts', { default: 0 }),
        col.timestamp('locked_until', { nullable: true }),
        col.timestamp('password_changed_at', { nullable: true }),
        col.bool('must_change_password', { default: false }),
        col.timestamp('last_login_at', { nullable: true }),
        col.varchar('search_text', 600, { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['department_id'] }],
      foreignKeys: [{ columns: ['department_id'], table: 'departments' }],
    });
    await s.createTable({
      name: 'sessions',
      columns: [
        col.varchar('id', 64, { primary: true }),
        col.int('user_id'),
        col.varchar('csrf_token', 64),
        col.varchar('ip', 64, { nullable: true }),
        col.varchar('user_agent', 300, { nullable: true }),
        col.timestamp('created_at'),
        col.timestamp('last_seen_at'),
      ],
      indices: [{ columns: ['user_id'] }],
      foreignKeys: [{ columns: ['user_id'], table: 'users', onDelete: 'CASCADE' }],
    });
    await s.createTable({
      name: 'audit_logs',
      columns: [
        col.id(),
        col.int('seq', { unique: true }),
        col.timestamp('occurred_at'),
        col.int('user_id', { nullable: true }),
        col.varchar('login_id', 60, { nullable: true }),
        col.varchar('ip', 64, { nullable: true }),
        col.varchar('request_id', 64, { nullable: true }),
        col.varchar('action', 30),
        col.varchar('entity', 60, { nullable: true }),
        col.varchar('entity_id', 60, { nullable: true }),
        col.varchar('summary', 300, { nullable: true }),
        col.json('before_data', { nullable: true }),
        col.json('after_data', { nullable: true }),
        col.varchar('prev_hash', 64),
        col.varchar('hash', 64),
      ],
      indices: [{ columns: ['occurred_at'] }, { columns: ['entity', 'entity_id'] }, { columns: ['user_id'] }],
    });
    // One row: the head of the hash chain. Updating it first serialises audit writers, so
    // two transactions can never fork the chain.
    await s.createTable({
      name: 'audit_head',
      columns: [col.int('id', { primary: true }), col.int('seq'), col.varchar('hash', 64)],
    });
    await qr.query(
      `INSERT INTO ${s.name('audit_head')} (${s.name('id')}, ${s.name('seq')}, ${s.name('hash')}) VALUES (1, 0, '${'0'.repeat(64)}')`,
    );
    await s.createTable({
      name: 'grid_states',
      columns: [
        col.id(),
        col.int('user_id'),
        col.varchar('grid_id', 60),
        col.json('state'),
        col.timestamp('updated_at', { default: 'now' }),
      ],
      indices: [{ columns: ['user_id', 'grid_id'], unique: true }],
      foreignKeys: [{ columns: ['user_id'], table: 'users', onDelete: 'CASCADE' }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['grid_states', 'audit_head', 'audit_logs', 'sessions', 'users', 'departments']) {
      await s.dropTable(t);
    }
  }
}
