import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/** EUC: saved (and shared, scheduled) queries and favourites. */
export class Euc1765000000000 implements MigrationInterface {
  name = 'Euc1765000000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'euc_queries',
      columns: [
        col.id(),
        col.varchar('name', 150),
        col.varchar('description', 600, { nullable: true }),
        col.varchar('dataset', 30),
        col.json('definition'),
        col.varchar('sharing', 12),
        col.int('owner_id'),
        col.varchar('owner_login_id', 60),
        col.int('department_id', { nullable: true }),
        col.varchar('schedule', 10, { nullable: true }),
        col.varchar('schedule_format', 10, { nullable: true }),
        col.varchar('schedule_encoding', 10, { nullable: true }),
        col.timestamp('last_scheduled_at', { nullable: true }),
        ...col.audited(),
      ],
      indices: [{ columns: ['owner_id'] }, { columns: ['sharing', 'department_id'] }],
    });
    await s.createTable({
      name: 'euc_favorites',
      columns: [col.id(), col.int('query_id'), col.int('user_id'), col.timestamp('created_at')],
      indices: [{ columns: ['user_id', 'query_id'], unique: true }],
      foreignKeys: [{ columns: ['query_id'], table: 'euc_queries', onDelete: 'CASCADE' }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    for (const t of ['euc_favorites', 'euc_queries']) await s.dropTable(t);
  }
}
