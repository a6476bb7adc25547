import * as iconv from 'iconv-lite';
import { Contract, ContractChange } from '@keiyaku/server/contracts';
import { JobsService } from '@keiyaku/server/platform';
import { Vendor } from '@keiyaku/server/vendors';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { BudgetLine } from './entities';
import { LegacyMigrationService } from './legacy-migration';

const cp932 = (text: string) => iconv.encode(text.replace(/\n/g, '\r\n'), 'CP932');

/** vendors.csv as the legacy system writes it: CP932 with NEC/IBM extension characters, a quoted line break, 和暦, a blank line, a total row. */
const VENDORS = `業者番号,法人番号,商号,フリガナ,代表者役職,代表者氏名,郵便番号,所在地,電話番号,FAX番号,地域区分,登録日,状態
000101,7000012050002,㈱髙橋建設,ﾀｶﾊｼｹﾝｾﾂ,代表取締役,髙橋 一郎,747-0001,"山口県防府市大字台道
1番地",0835-22-0001,,市内,令和元年5月1日,有効

000102,,①﨑工務店,サキコウムテン,,﨑 次郎,7470002,山口県防府市牟礼2番地,0835-22-0002,0835-22-0003,準市内,H31.4.30,休止
合計,2件,,,,,,,,,,,
`;

const CONTRACTS = `契約番号,年度,案件番号,件名,履行場所,担当課コード,部門,工種コード,入札方式,業者番号,設計金額,予定価格,最低制限価格,契約金額,うち消費税額,契約日,工期開始,工期終了,完成日
H30-K0001,2018,,市道台道線舗装工事,防府市台道,DOBOKU,建設工事,130,指名競争,000101,"１２,０００,０００","11,000,000","9,900,000","11,880,000円",880000,H30.6.1,H30.6.2,H30.10.31,H30.10.25
R1-K0001,2019,,牟礼小学校改修工事,防府市牟礼,NOSUCH,建設工事,020,一般競争,000102,,"30,000,000",,"33,000,000",,令和元年7月1日,2019/07/02,20191220,
`;

const CHANGES = `契約番号,変更回,変更日,変更後契約金額,変更後工期終了,変更理由
R1-K0001,1,R1.10.1,"35,200,000",2020/01/31,設計数量の増
`;

describe('imports (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  const upload = async (c: Client, body: Buffer, name: string) => {
    const res = await c.raw('post', '/api/files').field('purpose', 'import').attach('file', body, name);
    expect(res.body).toMatchObject({ id: expect.any(Number) });
    return res.body.id as number;
  };
  const commit = async (c: Client, fileId: number, kind: string, mode = 'allOrNothing') => {
    const job = await c.post('/api/imports/commit', { fileId, kind, mode });
    expect(job.status).toBe(202);
    await t.app.get(JobsService).idle();
    const done = (await c.get(`/api/jobs/${job.body.id}`)).body;
    expect(done.status).toBe('succeeded');
    return done.result;
  };

  beforeAll(async () => {
    t = await startTestApp();
    contract = await Client.signIn(t, 'contract');
  }, 60_000);
  afterAll(async () => t?.close());

  it('reads a CP932 vendor file with every awkward case and imports it once, however often it runs', async () => {
    const fileId = await upload(contract, cp932(VENDORS), 'vendors.csv');
    const dry = await contract.post('/api/imports/dry-run', { fileId, kind: 'legacyVendors' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ encoding: 'cp932', counts: { read: 2, create: 2, rejected: 0, skipped: 1 } });
    expect(await t.dataSource.getRepository(Vendor).count()).toBe(0);
    const first = await commit(contract, fileId, 'legacyVendors');
    expect(first.counts).toMatchObject({ create: 2, update: 0 });
    const takahashi = await t.dataSource.getRepository(Vendor).findOneByOrFail({ vendorCode: '000101' });
    expect(takahashi).toMatchObject({ name: '㈱髙橋建設', nameKana: 'タカハシケンセツ', representativeName: '髙橋 一郎', address: '山口県防府市大字台道 1番地', locality: 'local', entityType: 'corporation' });
    expect(await t.dataSource.getRepository(Vendor).findOneByOrFail({ vendorCode: '000102' })).toMatchObject({ name: '①﨑工務店', postalCode: '747-0002', locality: 'semiLocal', status: 'dormant', entityType: 'individual' });
    const again = await commit(contract, await upload(contract, cp932(VENDORS), 'vendors.csv'), 'legacyVendors');
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    expect(await t.dataSource.getRepository(Vendor).count()).toBe(2);
    const history = (await contract.get(`/api/vendors/${takahashi.id}/history`)).body;
    expect(history).toHaveLength(1);
    const runs = (await contract.get('/api/imports/runs?kind=legacyVendors')).body;
    expect(runs.rows[0]).toMatchObject({ fileName: 'vendors.csv', status: 'succeeded', rowsUnchanged: 2, loginId: 'contract' });
    expect(runs.rows[0].fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('imports contracts and their changes with 和暦, full-width digits and 円, warning about unknown references', async () => {
    const report = await commit(contract, await upload(contract, Buffer.from('\uFEFF' + CONTRACTS, 'utf8'), 'contracts.csv'), 'legacyContracts');
    expect(report).toMatchObject({ encoding: 'utf8', counts: { create: 2, rejected: 0 } });
    expect(report.warnings.map((w: any) => `${w.line}:${w.header}`)).toEqual(['3:担当課コード']);
    const old = await t.dataSource.getRepository(Contract).findOneByOrFail({ contractNumber: 'H30-K0001' });
    expect(old).toMatchObject({ amount: 11_880_000, taxAmount: 880_000, taxRate: 8, contractDate: '2018-06-01', periodTo: '2018-10-31', status: 'paid', originalAmount: 11_880_000 });
    const r1 = await t.dataSource.getRepository(Contract).findOneByOrFail({ contractNumber: 'R1-K0001' });
    // 2019-07-01 is before the 10 % rate (2019-10-01): 33,000,000 × 8/108.
    expect(r1).toMatchObject({ amount: 33_000_000, taxAmount: 2_444_444, taxRate: 8, contractDate: '2019-07-01', periodTo: '2019-12-20', departmentId: null });
    const changes = await commit(contract, await upload(contract, Buffer.from(CHANGES, 'utf8'), 'contract_changes.csv'), 'legacyContractChanges');
    expect(changes.counts.create).toBe(1);
    expect(await t.dataSource.getRepository(Contract).findOneByOrFail({ id: r1.id })).toMatchObject({ amount: 35_200_000, taxAmount: 3_200_000, periodTo: '2020-01-31', originalAmount: 33_000_000 });
    // Re-importing the contracts keeps the changed amount; nothing else moves.
    const again = await commit(contract, await upload(contract, Buffer.from(CONTRACTS, 'utf8'), 'contracts.csv'), 'legacyContracts');
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    expect((await t.dataSource.getRepository(Contract).findOneByOrFail({ id: r1.id })).amount).toBe(35_200_000);
    expect(await t.dataSource.getRepository(ContractChange).count()).toBe(1);
  });

  it('leaves the database unchanged when one row is bad under all-or-nothing, and keeps the good rows on request', async () => {
    const budget = (rows: string) => Buffer.from(`年度,会計,予算科目コード,予算科目名称,所管課コード,事業名,予算現額,執行済額\n${rows}`, 'utf8');
    const file = budget('2026,一般会計,08-02-01-15-01,道路新設改良費,DOBOKU,市道改良事業,"120,000,000","30,000,000"\n2026,一般会計,08-02-02-15-01,橋りょう維持費,DOBOKU,橋りょう長寿命化,十億,\n');
    const dry = (await contract.post('/api/imports/dry-run', { fileId: await upload(contract, file, 'budget.csv'), kind: 'budgetLines' })).body;
    expect(dry.errors).toEqual([{ line: 3, header: '予算現額', message: expect.stringContaining('数値として読めません') }]);
    const rejected = await commit(contract, await upload(contract, file, 'budget.csv'), 'budgetLines');
    expect(rejected.status).toBe('rejected');
    expect(await t.dataSource.getRepository(BudgetLine).count()).toBe(0);
    const partial = await commit(contract, await upload(contract, file, 'budget.csv'), 'budgetLines', 'goodRows');
    expect(partial).toMatchObject({ status: 'succeeded', counts: { create: 1, rejected: 1 } });
    expect(await t.dataSource.getRepository(BudgetLine).findOneByOrFail({ budgetCode: '08-02-01-15-01' })).toMatchObject({ amount: 120_000_000, executed: 30_000_000 });
    const errorFile = await t.http().get(`/api/files/${partial.errorFileId}/content`).set('Cookie', contract.cookieHeader).buffer(true);
    expect(errorFile.status).toBe(200);
    expect(errorFile.text).toContain('十億');
    expect(errorFile.text).toContain('数値として読めません');
  });

  it('names the missing header and refuses other users', async () => {
    const fileId = await upload(contract, Buffer.from('年度,会計\n2026,一般会計\n'), 'short.csv');
    const res = await contract.post('/api/imports/dry-run', { fileId, kind: 'budgetLines' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('予算科目コード');
    const viewer = await Client.signIn(t, 'viewer');
    expect((await viewer.post('/api/imports/dry-run', { fileId, kind: 'budgetLines' })).status).toBe(403);
    expect((await contract.post('/api/imports/dry-run', { fileId, kind: 'nosuch' })).status).toBe(400);
  });

  it('takes e-bid results onto a tender, re-runs the opening rules and reports disagreements', async () => {
    const vendorIds = (await t.dataSource.getRepository(Vendor).find()).map((v) => v.id);
    expect(vendorIds).toHaveLength(2);
    let d = (await contract.post('/api/tenders', {
      title: '市道華城線舗装工事', category: 'construction', tradeCode: '130', method: 'general', plannedPrice: 30_000_000, announcementDate: '2026-10-01',
      priceComponents: { directCost: 20_000_000, commonTemporaryCost: 1_700_000, siteManagementCost: 5_000_000, generalAdminCost: 3_300_000 },
    })).body;
    d = (await contract.post(`/api/tenders/${d.id}/transition`, { to: 'announced', version: d.version })).body;
    d = (await contract.post(`/api/tenders/${d.id}/transition`, { to: 'bidding', version: d.version })).body;
    // The e-bid system calls 000101 the winner, but 27,000,000 is under the minimum price (27,600,000).
    const csv = `案件番号,執行回,業者番号,商号,入札金額,摘要,くじ番号,開札日時\n${d.tenderNumber},1,000101,㈱髙橋建設,"27,000,000",落札,101,2026/10/21 10:00\n${d.tenderNumber},1,000102,①崎工務店,"28,500,000",,102,2026/10/21 10:00\n`;
    const report = await commit(contract, await upload(contract, cp932(csv), 'ebid.csv'), 'ebidResults');
    expect(report.counts).toMatchObject({ create: 2, rejected: 0 });
    expect(report.warnings.map((w: any) => w.header)).toEqual(expect.arrayContaining(['商号', '摘要']));
    const opened = (await contract.get(`/api/tenders/${d.id}`)).body;
    expect(opened).toMatchObject({ status: 'opened', outcome: 'awarded', openingDate: '2026-10-21', awardAmount: 28_500_000 });
    expect(opened.bids.map((b: any) => b.verdict).sort()).toEqual(['belowMinimum', 'winner']);
    const again = await commit(contract, await upload(contract, cp932(csv), 'ebid.csv'), 'ebidResults');
    expect(again.counts).toMatchObject({ create: 0, unchanged: 2 });
    expect((await contract.get(`/api/tenders/${d.id}`)).body.version).toBe(opened.version);
  });

  it('migrates a legacy folder in order and writes a checklist that reconciles, listing refused rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keiyaku-legacy-'));
    writeFileSync(join(dir, 'vendors.csv'), cp932(VENDORS));
    // One more contract, naming a vendor the registry does not have: refused and listed.
    writeFileSync(join(dir, 'contracts.csv'), cp932(CONTRACTS + 'R2-K0009,2020,,存在しない業者の工事,,,建設工事,010,指名競争,009999,,,,"5,500,000",,R2.5.1,R2.5.2,R2.9.30,\n'));
    writeFileSync(join(dir, 'contract_changes.csv'), cp932(CHANGES));
    const result = await t.app.get(LegacyMigrationService).migrate(dir, () => undefined);
    expect(result.reconciled).toBe(true);
    expect(result.reports.map((r) => [r.file, r.report.counts.rejected])).toEqual([['vendors.csv', 0], ['contracts.csv', 1], ['contract_changes.csv', 0]]);
    expect(existsSync(result.checklist)).toBe(true);
    const wb = new Workbook();
    await wb.xlsx.readFile(result.checklist);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '件数', '年度別件数', '年度別金額', '取込不可の行', '参照先のない業者・案件', '警告']);
    const sums = wb.getWorksheet('年度別金額')!.getSheetValues().flat().map(String);
    expect(sums).toEqual(expect.arrayContaining(['5500000']));
    expect(wb.getWorksheet('参照先のない業者・案件')!.getSheetValues().flat().map(String).join()).toContain('009999');
    // Running it again changes nothing.
    const again = await t.app.get(LegacyMigrationService).migrate(dir, () => undefined);
    expect(again.reports.every((r) => r.report.counts.create === 0 && r.report.counts.update === 0)).toBe(true);
    expect(again.reconciled).toBe(true);
  });

  it('lists the kinds and profiles; administrators copy a profile, edit it under its version, and a file is read by it', async () => {
    const kinds = (await contract.get('/api/imports/kinds')).body;
    expect(kinds.find((k: any) => k.kind === 'budgetLines')).toMatchObject({ label: '財務会計システムの予算', headers: expect.arrayContaining([{ header: '予算現額', required: true }]) });
    const shipped = (await contract.get('/api/imports/profiles?kind=budgetLines')).body;
    expect(shipped.map((p: any) => [p.code, p.shipped])).toEqual([['BUDGET-DEFAULT', true]]);
    expect((await contract.get(`/api/imports/profiles/${shipped[0].id}`)).body).toMatchObject({ code: 'BUDGET-DEFAULT', kind: 'budgetLines' });
    expect((await contract.get('/api/imports/profiles/999999')).status).toBe(404);

    const definition = structuredClone(shipped[0].definition);
    const amount = definition.columns.findIndex((c: any) => c.field === 'amount');
    definition.columns[amount].header = '当初予算額';
    const body = { kind: 'budgetLines', code: 'BUDGET-NEW', name: '予算（新様式）', definition };
    // Editing profiles is an administrator's (admin.settings), not the contract section's.
    expect((await contract.post('/api/imports/profiles', body)).status).toBe(403);
    const admin = await Client.signIn(t, 'admin');
    const twice = structuredClone(definition);
    twice.columns[amount + 1].header = '当初予算額';
    const refused = await admin.post('/api/imports/profiles', { ...body, definition: twice });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: `definition.columns.${amount + 1}.header`, message: expect.stringContaining('見出し「当初予算額」が重複しています') }]);
    const created = await admin.post('/api/imports/profiles', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'BUDGET-NEW', shipped: false, version: 1 });
    expect((await admin.post('/api/imports/profiles', body)).status).toBe(409);

    // The shipped profile stays as shipped; a stale version is a conflict, not an overwrite.
    expect((await admin.patch(`/api/imports/profiles/${shipped[0].id}`, { name: '変更', version: shipped[0].version })).status).toBe(400);
    expect((await admin.patch(`/api/imports/profiles/${created.body.id}`, { name: '予算（令和9年度様式）', version: 1 })).status).toBe(200);
    const stale = await admin.patch(`/api/imports/profiles/${created.body.id}`, { name: '上書き', version: 1 });
    expect(stale.status).toBe(409);
    expect((await admin.get(`/api/imports/profiles/${created.body.id}`)).body).toMatchObject({ name: '予算（令和9年度様式）', version: 2 });

    const file = Buffer.from('年度,会計,予算科目コード,予算科目名称,所管課コード,事業名,当初予算額,執行済額\n2027,一般会計,09-01-01,公園整備費,DOBOKU,公園再整備,"8,000,000",\n', 'utf8');
    const fileId = await upload(contract, file, 'budget-new.csv');
    expect((await contract.post('/api/imports/dry-run', { fileId, kind: 'budgetLines' })).status).toBe(400); // the shipped profile wants 予算現額
    const dry = await contract.post('/api/imports/dry-run', { fileId, kind: 'budgetLines', profileId: created.body.id });
    expect(dry.body).toMatchObject({ status: 'succeeded', counts: { read: 1, create: 1, rejected: 0 } });
    const vendorProfile = (await contract.get('/api/imports/profiles?kind=legacyVendors')).body[0];
    expect((await contract.post('/api/imports/dry-run', { fileId, kind: 'budgetLines', profileId: vendorProfile.id })).status).toBe(400);

    // The run as the history keeps it, one by one.
    const run = await contract.get(`/api/imports/runs/${dry.body.runId}`);
    expect(run.body).toMatchObject({ id: dry.body.runId, profileCode: 'BUDGET-NEW', fileName: 'budget-new.csv', mode: 'dryRun', rowsRead: 1, loginId: 'contract' });
    expect((await contract.get('/api/imports/runs/999999')).status).toBe(404);
  });
});
