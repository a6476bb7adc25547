import { DataSource, QueryRunner, Table } from 'typeorm';
import { testDatabase } from '../../../../../apps/api/src/testing/test-app';
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
  let cleanup: () => Promise<void> = async () => undefined;

  // A database of its own (a fresh SQLite file, or a new PostgreSQL database): wiping the shared
  // test database's schema could pull it from under anything else connected to it.
  beforeAll(async () => {
    const target = await testDatabase();
    cleanup = target.cleanup;
    ds = await createDataSource(target.db).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await cleanup();
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
      'app_locks', 'approvals', 'audit_head', 'audit_logs', 'backup_runs', 'bids', 'budget_lines', 'contract_changes', 'contract_payments', 'contracts', 'departments', 'euc_favorites', 'euc_queries', 'evaluation_parts', 'evaluation_rule_sets', 'evaluations', 'explanation_requests', 'files', 'grid_states', 'import_profiles', 'import_runs', 'inspections', 'jobs', 'keishin_results', 'keishin_scores',
      'mail_outbox', 'maint_windows', 'portal_rate_hits', 'price_rule_sets', 'qual_app_attachments', 'qual_app_packages', 'qual_app_rounds', 'qual_applications', 'qual_pkg_imports', 'qualifications', 'ranking_rules', 'ranking_runs', 'sessions', 'settings', 'subjective_items',
      'tender_designations', 'tenders', 'terms', 'trades', 'users',
      'vendor_account_tokens', 'vendor_accounts', 'vendor_attachments', 'vendor_contacts', 'vendor_measures', 'vendor_offices', 'vendor_permits', 'vendor_sessions', 'vendor_versions', 'vendors',
    ]);
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await tables()).length).toBe(55);
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
