import * as iconv from 'iconv-lite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook, Worksheet } from 'exceljs';
import { AuditLog, AuditService } from '@keiyaku/server/audit';
import { Contract, ContractChange } from '@keiyaku/server/contracts';
import { Evaluation } from '@keiyaku/server/evaluations';
import { Qualification, Term, Vendor } from '@keiyaku/server/vendors';
import { startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { ImportRun } from './entities';
import { runMigrateLegacy } from './legacy-cli';

const cp932 = (text: string) => iconv.encode(text.replace(/\n/g, '\r\n'), 'CP932');

const VENDORS = `業者番号,法人番号,商号,フリガナ,代表者役職,代表者氏名,郵便番号,所在地,電話番号,FAX番号,地域区分,登録日,状態
000201,7000012050002,㈱髙橋建設,ﾀｶﾊｼｹﾝｾﾂ,代表取締役,髙橋 一郎,747-0001,"山口県防府市大字台道
1番地",0835-22-0001,,市内,H29.4.1,有効
000202,,①﨑工務店,サキコウムテン,,﨑 次郎,7470002,山口県防府市牟礼2番地,0835-22-0002,,準市内,令和元年5月1日,有効

合計,2件,,,,,,,,,,,
`;

const QUALIFICATIONS = `業者番号,部門,業種コード,許可区分,許可番号,経審基準日,総合評定値,主観点,格付,有効期間開始,有効期間終了
000201,建設工事,010,一般,山口県知事許可（般-29）第1234号,H29.3.31,"８５０",30,B,H29.4.1,H31.3.31
000201,建設工事,010,一般,山口県知事許可（般-29）第1234号,R5.3.31,"1,020",30,A,R7.4.1,R9.3.31
000202,建設工事,130,,,,700,0,C,2025/04/01,2027/03/31
009999,建設工事,130,,,,700,0,C,2025/04/01,2027/03/31
`;

const CONTRACTS = `契約番号,年度,案件番号,件名,履行場所,担当課コード,部門,工種コード,入札方式,業者番号,設計金額,予定価格,最低制限価格,契約金額,うち消費税額,契約日,工期開始,工期終了,完成日
H29-K0001,2017,,市道台道線舗装工事,防府市台道,,建設工事,130,指名競争,000201,,"11,000,000",,"11,880,000円",,H29.6.1,H29.6.2,H29.10.31,H29.10.25
R1-K0001,2019,,牟礼小学校改修工事,防府市牟礼,,建設工事,020,一般競争,000202,,"30,000,000",,"33,000,000",,令和元年7月1日,2019/07/02,20191220,
R1-K0002,2019,,存在しない業者の工事,,,建設工事,010,指名競争,009999,,,,"5,500,000",,R1.8.1,R1.8.2,R1.9.30,
R2-K0001,2020,,日付の読めない工事,,,建設工事,010,指名競争,000201,,,,"2,200,000",,R2.13.1,,,
`;

const CHANGES = `契約番号,変更回,変更日,変更後契約金額,変更後工期終了,変更理由
R1-K0001,1,R1.10.1,"35,200,000",2020/01/31,設計数量の増
`;

const EVALUATIONS = `契約番号,評定日,主任監督員点,総括監督員点,検査員点,中間検査員点,法令遵守等減点,評定点
H29-K0001,H29.11.20,"８０．５",75,80,,-5,７３．４
R9-K9999,R9.11.20,80,75,80,,,78
`;

/** The rows of a sheet as arrays of cell values (column A first). */
const rowsOf = (ws: Worksheet) => (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));

describe('migrate-legacy (the CLI command on the real application)', () => {
  let t: TestApp;
  let dir: string;
  const out: string[] = [];
  const print = (l: string) => out.push(l);
  const checklist = async () => {
    const wb = new Workbook();
    await wb.xlsx.readFile(join(dir, '移行チェックリスト.xlsx'));
    return wb;
  };

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'keiyaku-migrate-legacy-'));
    writeFileSync(join(dir, 'vendors.csv'), cp932(VENDORS));
    writeFileSync(join(dir, 'vendor_qualifications.csv'), cp932(QUALIFICATIONS));
    writeFileSync(join(dir, 'contracts.csv'), cp932(CONTRACTS));
    writeFileSync(join(dir, 'contract_changes.csv'), cp932(CHANGES));
    writeFileSync(join(dir, 'evaluations.csv'), cp932(EVALUATIONS));
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses bad arguments with the usage', async () => {
    expect((await runMigrateLegacy(t.app, [], print)).code).toBe(1);
    expect(out.join('\n')).toContain('--dir でフォルダを指定してください');
    expect((await runMigrateLegacy(t.app, ['--dir', join(dir, 'nosuch')], print)).code).toBe(1);
    expect(out.join('\n')).toContain('がありません');
  });

  it('dry run: writes the checklist of what would happen and changes nothing', async () => {
    const { code, result } = await runMigrateLegacy(t.app, ['--dir', dir, '--dry-run'], print);
    expect(code).toBe(0);
    expect(result!.dryRun).toBe(true);
    expect(await t.dataSource.getRepository(Vendor).count()).toBe(0);
    const wb = await checklist();
    const summary = new Map(rowsOf(wb.getWorksheet('概要')!).map((r) => [r[0], r[1]]));
    expect(summary.get('実行方法')).toContain('確認のみ');
    expect(summary.get('なかったファイル')).toBe('なし');
    expect(rowsOf(wb.getWorksheet('件数')!).find((r) => r[0] === 'vendors.csv')).toEqual(['vendors.csv', expect.any(String), 2, 2, 0, 0, 0, 0, 1, expect.any(Number)]);
    // Each file is checked against the ones before it: the contracts see the vendors the dry run just read.
    expect(rowsOf(wb.getWorksheet('件数')!).find((r) => r[0] === 'contracts.csv')?.slice(2, 7)).toEqual([4, 2, 0, 0, 2]);
    expect(rowsOf(wb.getWorksheet('年度別金額')!).find((r) => r[0] === '合計')).toEqual(['合計', '', 3, 50_380_000, 2, 44_880_000, 1, 5_500_000, 0]);
    expect(await t.dataSource.getRepository(Contract).count()).toBe(0);
    expect(await t.dataSource.getRepository(Qualification).count()).toBe(0);
  });

  it('commit: imports the good rows, and the checklist counts per file and fiscal year and reconciles amounts', async () => {
    const { code, result } = await runMigrateLegacy(t.app, ['--dir', dir], print);
    expect(code).toBe(0);
    expect(result!.reconciled).toBe(true);
    expect(out.at(-1)).toMatch(/取込 5ファイル、取込不可 4行、照合一致/);
    expect(await t.dataSource.getRepository(Vendor).findOneByOrFail({ vendorCode: '000202' })).toMatchObject({ name: '①﨑工務店' });
    const quals = await t.dataSource.getRepository(Qualification).find({ order: { validFrom: 'ASC' } });
    expect(quals.map((q) => [q.termCode, q.rank, q.pScore, q.totalScore, q.source])).toEqual([
      ['H29-30', 'B', 850, 880, 'migration'],
      ['R7-8', 'A', 1020, 1050, 'migration'],
      ['R7-8', 'C', 700, 700, 'migration'],
    ]);
    // The older term is registered so the registry can name it.
    expect(await t.dataSource.getRepository(Term).findOneByOrFail({ category: 'construction', code: 'H29-30' })).toMatchObject({ name: '平成29・30年度', validFrom: '2017-04-01', validTo: '2019-03-31' });
    expect(await t.dataSource.getRepository(Contract).count()).toBe(2);
    expect(await t.dataSource.getRepository(ContractChange).count()).toBe(1);
    // Written in bulk, yet every record has its own audit row with its values, and the chain holds.
    const created = await t.dataSource.getRepository(AuditLog).find({ where: { action: 'create', entity: 'Qualification' } });
    expect(created).toHaveLength(3);
    expect(created.map((a) => (a.after as any).termCode).sort()).toEqual(['H29-30', 'R7-8', 'R7-8']);
    expect(new Set(created.map((a) => a.entityId))).toEqual(new Set(quals.map((q) => String(q.id))));
    expect(await t.dataSource.getRepository(AuditLog).count({ where: { action: 'create', entity: 'Contract' } })).toBe(2);
    expect((await t.app.get(AuditService).verify()).ok).toBe(true);
    // The rating as the old system scored it (decimals, full-width), approved, with the band of the rules in force.
    const contract = await t.dataSource.getRepository(Contract).findOneByOrFail({ contractNumber: 'H29-K0001' });
    const rating = await t.dataSource.getRepository(Evaluation).findOneByOrFail({ contractId: contract.id });
    expect(rating).toMatchObject({ status: 'approved', evaluatedOn: '2017-11-20', chiefScore: 80.5, generalScore: 75, inspectorScore: 80, deduction: -5, total: 78.4, finalScore: 73.4, fiscalYear: 2017, vendorId: contract.vendorId, complete: true });
    expect(rating.band).toEqual(expect.any(String));

    const wb = await checklist();
    const summary = new Map(rowsOf(wb.getWorksheet('概要')!).map((r) => [r[0], r[1]]));
    expect(summary.get('実行方法')).toContain('取込');
    expect(summary.get('読込行数')).toBe(13);
    expect(summary.get('取込不可の行数')).toBe(4);
    expect(summary.get('照合結果')).toContain('一致');
    expect(rowsOf(wb.getWorksheet('件数')!).slice(1).map((r) => [r[0], r[2], r[3], r[6]])).toEqual([
      ['vendors.csv', 2, 2, 0],
      ['vendor_qualifications.csv', 4, 3, 1],
      ['contracts.csv', 4, 2, 2],
      ['contract_changes.csv', 1, 1, 0],
      ['evaluations.csv', 2, 1, 1],
    ]);
    // 年度別件数: file, year, read, added, updated, unchanged, refused, imported.
    expect(rowsOf(wb.getWorksheet('年度別件数')!).filter((r) => r[0] === 'contracts.csv')).toEqual([
      ['contracts.csv', 2017, 1, 1, 0, 0, 0, 1],
      ['contracts.csv', 2019, 2, 1, 0, 0, 1, 1],
      ['contracts.csv', '不明', 1, 0, 0, 0, 1, 0],
    ]);
    expect(rowsOf(wb.getWorksheet('年度別件数')!).filter((r) => r[0] === 'vendor_qualifications.csv').map((r) => [r[1], r[2], r[6]])).toEqual([
      [2017, 1, 0],
      [2025, 3, 1],
    ]);
    // The change belongs to its contract's fiscal year.
    expect(rowsOf(wb.getWorksheet('年度別件数')!).find((r) => r[0] === 'contract_changes.csv')?.[1]).toBe(2019);
    const sums = rowsOf(wb.getWorksheet('年度別金額')!);
    expect(sums.find((r) => r[0] === 2019)).toEqual([2019, '建設工事', 2, 38_500_000, 1, 33_000_000, 1, 5_500_000, 0]);
    expect(sums.find((r) => r[0] === '合計')).toEqual(['合計', '', 3, 50_380_000, 2, 44_880_000, 1, 5_500_000, 0]);
    expect(sums.find((r) => r[0] === '不明')?.slice(0, 3)).toEqual(['不明', '金額等を読めない行', 1]);
    const refused = rowsOf(wb.getWorksheet('取込不可の行')!).slice(1);
    expect(refused.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['vendor_qualifications.csv', 5, '業者番号'],
      ['contracts.csv', 4, '業者番号'],
      ['contracts.csv', 5, '契約日'],
      ['evaluations.csv', 3, '契約番号'],
    ]);
    expect(refused[2][3]).toContain('日付として読めません');
    const missing = rowsOf(wb.getWorksheet('参照先のない業者・案件')!).slice(1);
    expect(missing.map((r) => [r[0], r[1]])).toEqual([
      ['vendor_qualifications.csv', 5],
      ['contracts.csv', 4],
      ['evaluations.csv', 3],
    ]);
    expect(String(missing[1][3])).toContain('009999');
  });

  it('re-running changes nothing and still reconciles', async () => {
    const runsBefore = await t.dataSource.getRepository(ImportRun).count();
    const { code, result } = await runMigrateLegacy(t.app, ['--dir', dir], print);
    expect(code).toBe(0);
    expect(result!.reports.every((r) => r.report.counts.create === 0 && r.report.counts.update === 0)).toBe(true);
    expect(await t.dataSource.getRepository(Qualification).count()).toBe(3);
    // Each run is in the import history like a run from the screens.
    expect(await t.dataSource.getRepository(ImportRun).count()).toBe(runsBefore + 5);
    expect(await t.dataSource.getRepository(Evaluation).count()).toBe(1);
    const wb = await checklist();
    expect(rowsOf(wb.getWorksheet('年度別件数')!).find((r) => r[0] === 'contracts.csv' && r[1] === 2017)).toEqual(['contracts.csv', 2017, 1, 0, 0, 1, 0, 1]);
  });
});
