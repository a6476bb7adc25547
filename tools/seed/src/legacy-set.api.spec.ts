import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { Workbook } from 'exceljs';
import { LegacyMigrationService } from '@keiyaku/server/imports';
import { startTestApp, TestApp } from '../../../apps/api/src/testing/test-app';
import { halfWidthKana, writeLegacySet } from './legacy-set';

const CATEGORY = { 建設工事: 'construction', '測量・建設コンサルタント等': 'survey', '物品・役務': 'goods' } as Record<string, string>;

describe('legacy set (synthetic 現行システム export) through the migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => t?.close());

  it('writes CP932 with the awkward cases, and the migration finds exactly what it wrote', async () => {
    expect(halfWidthKana('ガッコウ')).toBe('ｶﾞｯｺｳ');
    const dir = mkdtempSync(join(tmpdir(), 'keiyaku-legacy-set-'));
    const summary = writeLegacySet(dir, { vendors: 300, contracts: 600, seed: 7 });
    const vendors = iconv.decode(readFileSync(join(dir, 'vendors.csv')), 'CP932');
    expect(vendors).toMatch(/㈱|髙|﨑/);
    expect(vendors).toContain('\r\n');
    expect(iconv.decode(readFileSync(join(dir, 'contracts.csv')), 'CP932')).toMatch(/令和元年|R1\.|H3\d\./);

    const result = await t.app.get(LegacyMigrationService).migrate(dir, () => undefined);
    expect(result.reconciled).toBe(true);
    expect(Object.fromEntries(result.reports.map((r) => [r.file, [r.report.counts.read, r.report.counts.create, r.report.counts.rejected]]))).toEqual(
      Object.fromEntries(Object.entries(summary.files).map(([f, x]) => [f, [x.rows, x.rows - x.bad, x.bad]])),
    );
    // The checklist's imported sums are the generator's, per fiscal year and category, to the yen.
    const wb = new Workbook();
    await wb.xlsx.readFile(result.checklist);
    const got: Record<string, { n: number; sum: number }> = {};
    wb.getWorksheet('年度別金額')!.eachRow((row, n) => {
      if (n > 1 && typeof row.getCell(1).value === 'number') got[`${row.getCell(1).value}|${CATEGORY[String(row.getCell(2).value)]}`] = { n: Number(row.getCell(5).value), sum: Number(row.getCell(6).value) };
    });
    expect(got).toEqual(summary.importable);
  }, 120_000);
});
