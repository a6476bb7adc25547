import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, QueryRunner, Table } from 'typeorm';
import { createDataSource } from '../database/data-source-options';
import { MIGRATIONS } from './index';

/** The application's tables only (PostgreSQL also lists its catalogs), without schema prefix. */
async function ownTables(qr: QueryRunner): Promise<Table[]> {
  const all = await qr.getTables();
  return all
    .filter((t) => !t.name.includes('.') || t.name.startsWith('public.'))
    .map((t) => Object.assign(t, { name: t.name.replace(/^public\./, '') }));
}

/** Every migration runs up, all the way down, and up again, on the test database. */
describe('migrations', () => {
  let ds: DataSource;
  let dir: string | null = null;

  beforeAll(async () => {
    if (process.env.TEST_DB === 'postgres') {
      const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const admin = await new DataSource({ type: 'postgres', url }).initialize();
      await admin.query('DROP SCHEMA public CASCADE');
      await admin.query('CREATE SCHEMA public');
      await admin.destroy();
      ds = await createDataSource({ type: 'postgres', url }).initialize();
    } else {
      dir = mkdtempSync(join(tmpdir(), 'keiyaku-mig-'));
      ds = await createDataSource({ type: 'sqlite', path: join(dir, 'm.sqlite') }).initialize();
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const tables = async (): Promise<string[]> => {
    const qr = ds.createQueryRunner();
    try {
      return (await ownTables(qr))
        .map((t) => t.name).filter((n) => n !== 'migrations' && !n.startsWith('sqlite_')).sort();
    } finally {
      await qr.release();
    }
  };

  it('runs up, down and up again', async () => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(await tables()).toEqual([
      'app_locks', 'approvals', 'audit_head', 'audit_logs', 'backup_runs', 'bids', 'budget_lines', 'contract_changes', 'contract_payments', 'contracts', 'departments', 'files', 'grid_states', 'import_profiles', 'import_runs', 'inspections', 'jobs', 'keishin_results', 'keishin_scores',
      'mail_outbox', 'maint_windows', 'portal_rate_hits', 'price_rule_sets', 'qual_app_attachments', 'qual_app_rounds', 'qual_applications', 'qualifications', 'ranking_rules', 'ranking_runs', 'sessions', 'settings', 'subjective_items',
      'tender_designations', 'tenders', 'terms', 'trades', 'users',
      'vendor_account_tokens', 'vendor_accounts', 'vendor_attachments', 'vendor_contacts', 'vendor_measures', 'vendor_offices', 'vendor_permits', 'vendor_sessions', 'vendor_versions', 'vendors',
    ]);
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await tables()).length).toBe(47);
    // Nothing is left to run.
    expect(await ds.showMigrations()).toBe(false);
  });

  it('creates only names of 30 bytes or fewer', async () => {
    const qr = ds.createQueryRunner();
    try {
      const names: string[] = [];
      for (const t of await ownTables(qr)) {
        names.push(t.name);
        t.columns.forEach((c) => names.push(c.name));
        t.indices.forEach((i) => i.name && names.push(i.name));
        t.foreignKeys.forEach((f) => f.name && names.push(f.name));
        t.uniques.forEach((u) => u.name && names.push(u.name));
      }
      expect(names.filter((n) => Buffer.byteLength(n) > 30)).toEqual([]);
    } finally {
      await qr.release();
    }
  });
});
