import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

/**
 * Split deployment: approval packages the portal signs (outgoing) and the ledger of packages the
 * contract system imported (incoming; its unique keys refuse a replay).
 */
export class ApprovalPackages1765100000000 implements MigrationInterface {
  name = 'ApprovalPackages1765100000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.createTable({
      name: 'qual_app_packages',
      columns: [
        col.id(),
        col.int('application_id'),
        col.varchar('package_id', 36, { unique: true }),
        col.varchar('receipt_number', 20),
        col.varchar('key_id', 16),
        col.json('content'),
        col.timestamp('created_at'),
        col.timestamp('downloaded_at', { nullable: true }),
        col.int('download_count', { default: 0 }),
      ],
      indices: [{ columns: ['application_id'] }],
      foreignKeys: [{ columns: ['application_id'], table: 'qual_applications', onDelete: 'CASCADE' }],
    });
    await s.createTable({
      name: 'qual_pkg_imports',
      columns: [
        col.id(),
        col.varchar('package_id', 36, { unique: true }),
        col.varchar('approval_key', 60, { unique: true }),
        col.varchar('receipt_number', 20),
        col.varchar('key_id', 16),
        col.int('vendor_id'),
        col.timestamp('imported_at'),
        col.varchar('imported_by', 60, { nullable: true }),
      ],
      foreignKeys: [{ columns: ['vendor_id'], table: 'vendors', onDelete: 'RESTRICT' }],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.dropTable('qual_pkg_imports');
    await s.dropTable('qual_app_packages');
  }
}
