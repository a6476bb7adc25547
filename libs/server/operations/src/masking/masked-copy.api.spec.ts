import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeForSearch } from '@keiyaku/domain';
import { AppConfig, createDataSource } from '@keiyaku/server/core';
import { User } from '@keiyaku/server/auth';
import { Vendor, VendorContact } from '@keiyaku/server/vendors';
import { Client, startTestApp, testDatabase, TestApp } from '../../../../../apps/api/src/testing/test-app';
import { BackupService } from '../backup/backup.service';
import { maskedCopy } from './masked-copy';

const PEOPLE = ['山田 太郎', 'taro.yamada@example.co.jp', '0835-22-1234', '0835-22-9999', 'yamada@yamada-kensetsu.example.jp', '佐藤 花子', 'hanako.sato@example.jp', '090-1111-2222', '鈴木 一郎', 'スズキ イチロウ', 'ichiro.suzuki@city.hofu.example'];

/** Every string cell of every table that contains one of the values (raw or search-normalised). */
async function findAnywhere(db: AppConfig['db'], values: string[]): Promise<string[]> {
  const ds = await createDataSource(db).initialize();
  try {
    const tables: string[] = db.type === 'postgres'
      ? (await ds.query('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')).map((r: any) => r.name)
      : (await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: any) => r.name);
    const needles = [...new Set(values.flatMap((v) => [v, normalizeForSearch(v), v.replace(/\s+/g, '')]).filter((v) => v.length >= 2))];
    const found: string[] = [];
    for (const t of tables) {
      for (const row of await ds.query(`SELECT * FROM "${t}"`)) {
        for (const [c, v] of Object.entries(row)) {
          if (typeof v !== 'string') continue;
          for (const n of needles) if (v.includes(n)) found.push(`${t}.${c}: ${n}`);
        }
      }
    }
    return found;
  } finally {
    await ds.destroy();
  }
}

describe('masked copy of production into the test environment (HTTP)', () => {
  let source: TestApp;
  let backupDir: string;
  let target: Awaited<ReturnType<typeof testDatabase>>;

  beforeAll(async () => {
    backupDir = mkdtempSync(join(tmpdir(), 'keiyaku-mask-'));
    source = await startTestApp({ BACKUP_DIR: backupDir });
    target = await testDatabase();
  });
  afterAll(async () => {
    await source?.close();
    await target?.cleanup();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('contains none of the original personal data, and the test environment still works', async () => {
    const ds = source.dataSource;
    const vendor = await ds.getRepository(Vendor).save(ds.getRepository(Vendor).create({
      vendorCode: 'M0001', corporateNumber: null, invoiceNumber: null, name: '山田建設株式会社', nameKana: 'ヤマダケンセツ', representativeTitle: '代表取締役',
      representativeName: '山田 太郎', postalCode: '747-0000', address: '山口県防府市寿町1-1', phone: '0835-22-1234', fax: '0835-22-9999',
      email: 'yamada@yamada-kensetsu.example.jp', locality: 'local', capital: 10_000_000, entityType: 'corporation', status: 'active',
      notes: '連絡は山田太郎（taro.yamada@example.co.jp）まで', searchText: null,
    }));
    await ds.getRepository(VendorContact).save(ds.getRepository(VendorContact).create({ vendorId: vendor.id, name: '佐藤 花子', department: '工務部', phone: '090-1111-2222', email: 'hanako.sato@example.jp' }));
    const contractUser = await ds.getRepository(User).findOneByOrFail({ loginId: 'contract' });
    await ds.getRepository(User).save({ ...contractUser, name: '鈴木 一郎', nameKana: 'スズキ イチロウ', email: 'ichiro.suzuki@city.hofu.example' });
    const staffNames = (await ds.getRepository(User).find()).map((u) => u.name);
    // The originals are really in the production database (also in the audit trail).
    expect((await findAnywhere(source.config.db, PEOPLE)).some((f) => f.startsWith('audit_logs.'))).toBe(true);

    const run = await source.app.get(BackupService).runBackup('manual', 'admin');
    expect(run?.status).toBe('succeeded');
    const dir = join(backupDir, run!.name!);

    const targetConfig: AppConfig = { ...source.config, db: target.db, filesDir: target.filesDir, appEnvironment: 'test' };
    await expect(maskedCopy(dir, { ...targetConfig, appEnvironment: 'production' })).rejects.toThrow('検証環境');
    const result = await maskedCopy(dir, targetConfig);
    expect(result.mask.maskedValues).toBeGreaterThanOrEqual(10);
    expect(result.mask.rewrittenCells).toBeGreaterThan(0);

    expect(await findAnywhere(target.db, [...PEOPLE, ...staffNames])).toEqual([]);
    // Attachments are not copied unless asked for.
    expect(readdirSync(target.filesDir)).toEqual([]);

    // The test environment starts on the copy: same vendors and users, people masked, sign-in works.
    const test = await startTestApp({ APP_ENVIRONMENT: 'test' }, { config: targetConfig } as TestApp);
    try {
      const copied = await test.dataSource.getRepository(Vendor).findOneByOrFail({ vendorCode: 'M0001' });
      expect(copied).toMatchObject({ name: '山田建設株式会社', representativeName: `代表者${vendor.id}`, email: `vendor${vendor.id}@example.invalid` });
      expect(copied.notes).toMatch(new RegExp(`^連絡は代表者${vendor.id}（masked\\d+@example\\.invalid）まで$`));
      const contract = await Client.signIn(test, 'contract');
      expect((await contract.get('/api/auth/me')).body.name).toBe(`職員${contractUser.id}`);
      expect((await test.http().get('/api/ops/status')).body.environment.label).toBe('検証環境');
    } finally {
      await test.app.close();
    }
  });
});
