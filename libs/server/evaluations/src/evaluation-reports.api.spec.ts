import { Workbook, Worksheet } from 'exceljs';
import { todayInJapan } from '@keiyaku/domain';
import { A4, binary, pdfText } from '../../../../apps/api/src/testing/outputs';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { TEST_VENDOR } from '../../vendors/src/testing/fixtures';
import { evaluationFixture, EvaluationFixture, inspectedContract, partOf, sheetOf, WORKED } from './testing/evaluation-fixtures';

/** Cells from..to of a row, empty ones as null (merged cells repeat their master's value). */
const cells = (ws: Worksheet, r: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ws.getCell(r, from + i).value ?? null);

/** The row whose first cell is `label` (merged cells repeat their value). */
function rowOf(ws: Worksheet, label: string): Array<unknown> {
  for (let r = 1; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    if (values[1] === label) return values;
  }
  throw new Error(`no row "${label}" in ${ws.name}`);
}

describe('工事成績評定の帳票 (HTTP)', () => {
  let t: TestApp;
  let f: EvaluationFixture<Client>;
  let sheet: any;
  const download = (c: Client, url: string) => t.http().get(url).set('Cookie', c.cookieHeader).buffer(true).parse(binary);
  const workbook = async (c: Client, url: string) => {
    const res = await download(c, url);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.toString()}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    return wb;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await evaluationFixture(t.dataSource, (id, pw) => Client.signIn(t, id, pw));
    const vendorId = (await f.contract.post('/api/vendors', TEST_VENDOR)).body.id;
    const c = await inspectedContract(f, vendorId);
    let s = await sheetOf(f.contract, c.id);
    s = (await f.contract.patch(`/api/evaluations/${s.id}/raters`, { version: s.version, generalSupervisorId: f.ids.general })).body;
    const step = async (client: Client, rater: string, entries: object) => {
      let p = partOf(s, rater);
      const saved = await client.put(`/api/evaluations/${s.id}/parts/${p.id}`, { version: p.version, entries });
      if (saved.status !== 200) throw new Error(`${rater}: ${saved.status} ${JSON.stringify(saved.body)}`);
      s = saved.body;
      p = partOf(s, rater);
      s = (await client.post(`/api/evaluations/${s.id}/parts/${p.id}/submit`, { version: p.version })).body;
    };
    await step(f.supervisor, 'chiefSupervisor', { ...WORKED.chiefSupervisor, 'chief.5-1': { ticked: ['c51-1', 'c51-3', 'c51-5'], reason: 'ICT建機の活用' } });
    // The 総括監督員 enters the deduction while their part is a draft.
    s = (await f.general.put(`/api/evaluations/${s.id}/deduction`, { version: s.version, keys: ['oralWarning'], reason: '口頭注意' })).body;
    await step(f.general, 'generalSupervisor', WORKED.generalSupervisor);
    await step(f.inspector, 'inspector', WORKED.inspector);
    sheet = s;
  }, 120_000);
  afterAll(async () => t?.close());

  it('refuses the outputs before confirmation, except to managers for the score sheets', async () => {
    expect((await f.supervisor.get(`/api/reports/evaluation-score-sheet?format=xlsx&evaluationId=${sheet.id}`)).body.errors[0].field).toBe('evaluationId');
    expect((await f.contract.get(`/api/reports/evaluation-notice?format=pdf&evaluationId=${sheet.id}`)).body.errors[0].field).toBe('evaluationId');
    expect((await download(f.contract, `/api/reports/evaluation-score-sheet?format=xlsx&evaluationId=${sheet.id}`)).status).toBe(200);
    expect((await f.otherSupervisor.get(`/api/reports/evaluation-score-sheet?format=xlsx&evaluationId=${sheet.id}`)).status).toBe(404);
    const managed = (await f.contract.get(`/api/evaluations/${sheet.id}`)).body;
    sheet = (await f.contract.post(`/api/evaluations/${sheet.id}/confirm`, { version: managed.version })).body;
    expect(sheet).toMatchObject({ status: 'approved', finalScore: 75 });
    sheet = (await f.contract.post(`/api/evaluations/${sheet.id}/notice`, { version: sheet.version, noticeDate: todayInJapan() })).body;
    expect(sheet.noticeDate).toBeTruthy();
  });

  it('writes 工事成績採点表 with every rater, item and the totals (xlsx, A4)', async () => {
    const wb = await workbook(f.supervisor, `/api/reports/evaluation-score-sheet?format=xlsx&evaluationId=${sheet.id}`);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('工事成績採点表');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
    expect(rowOf(ws, '工事名')[2]).toBe('市道華浦線舗装修繕工事');
    // Columns: 考査項目, 細別, then 評定/点 for 主任, 総括, 検査員.
    expect(rowOf(ws, '考査項目').slice(1, 8)).toEqual(['考査項目', '細別', '主任監督員', '主任監督員', '総括監督員', '総括監督員', '検査員']);
    const quality = rowOf(ws, '3 出来形及び出来ばえ');
    expect(quality.slice(1)).toEqual(expect.arrayContaining(['Ⅰ 出来形']));
    const items = [];
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 2).value === 'Ⅱ 品質') items.push(cells(ws, r, 1, 8));
    expect(items).toEqual([['3 出来形及び出来ばえ', 'Ⅱ 品質', 'b', 2.5, '—', null, "b'", 4]]);
    expect(rowOf(ws, '評定点（65＋加減点）').slice(3, 8)).toEqual([83, 83, 78, 78, 79]);
    expect(rowOf(ws, '評定者')[3]).toBe('監督 次郎');
    expect(rowOf(ws, '加重合計')[3]).toBe(80.4);
    expect(rowOf(ws, '法令遵守等（減点）')[3]).toBe(-5);
    expect(rowOf(ws, '評定点（総合評定点）')[3]).toBe(75);
    expect(rowOf(ws, '評定')[3]).toBe('B');
    const pdf = await download(f.supervisor, `/api/reports/evaluation-score-sheet?format=pdf&evaluationId=${sheet.id}`);
    const { pages } = pdfText(pdf.body);
    expect(pages[0].width).toBeCloseTo(A4.short, 0);
    for (const s of ['工事成績採点表', '市道華浦線舗装修繕工事', '施工体制一般', '80.4', '75点', '監督 次郎']) expect(pages.map((p) => p.text).join('\n')).toContain(s);
  });

  it('writes 細目別評定点採点表 with the ticked statements and reasons', async () => {
    const wb = await workbook(f.contract, `/api/reports/evaluation-detail-sheet?format=xlsx&evaluationId=${sheet.id}`);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('細目別評定点採点表');
    const creativity = rowOf(ws, '5 創意工夫');
    expect(creativity[3]).toContain('☑ 施工に関する工夫（新技術・新工法の活用）');
    expect(creativity.slice(4, 8)).toEqual([3, '加点', 3, 'ICT建機の活用']);
    expect(rowOf(ws, '主任監督員\u3000監督 次郎')[7]).toBe('評定点 83');
    const pdf = pdfText((await download(f.contract, `/api/reports/evaluation-detail-sheet?format=pdf&evaluationId=${sheet.id}`)).body);
    expect(pdf.pages.map((p) => p.text).join('\n')).toContain('ICT建機の活用');
  });

  it('writes 工事成績評定通知書 with 別表1 項目別評定点 and no rater names', async () => {
    const wb = await workbook(f.contract, `/api/reports/evaluation-notice?format=xlsx&evaluationId=${sheet.id}`);
    const [notice, table1] = wb.worksheets;
    expect(notice.getCell(1, 1).value).toBe('工事成績評定通知書');
    expect(notice.getCell(3, 1).value).toBe('株式会社テスト建設');
    expect(rowOf(notice, '評定点')[2]).toBe('75点');
    expect(table1.name).toBe('別表1 項目別評定点');
    // 品質: chief +2.5 × 0.4 + inspector +4 × 0.4 = 2.6.
    const rows: unknown[][] = [];
    for (let r = 1; r <= table1.rowCount; r++) rows.push(cells(table1, r, 1, 3));
    expect(rows).toEqual(expect.arrayContaining([[null, 'Ⅱ 品質', 2.6], ['小計（加重合計）', '小計（加重合計）', 80.4], ['評定点', '評定点', 75]]));
    const all = wb.worksheets.flatMap((w) => w.getSheetValues().flat().map(String)).join('\n');
    for (const name of ['監督 次郎', '総括 一郎', '検査 三郎']) expect(all).not.toContain(name);
    const pdf = pdfText((await download(f.contract, `/api/reports/evaluation-notice?format=pdf&evaluationId=${sheet.id}`)).body);
    expect(pdf.pages.length).toBe(2);
    expect(pdf.pages[0].text).toContain('工事成績評定通知書');
    expect(pdf.pages[0].text).toContain('14日以内');
    expect(pdf.pages[1].text).toContain('別表1');
    expect(pdf.pages[1].text).toContain('80.4');
  });

  it('writes the publication list of the fiscal year without rater names', async () => {
    const wb = await workbook(f.contract, `/api/reports/evaluation-publication?format=xlsx&fiscalYear=2026`);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('工事成績評定結果一覧');
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual(['番号', '契約番号', '工事名', '工事場所', '担当課', '受注者', '業種', '請負代金額（税込）', '完成年月日', '評定点']);
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual([1, sheet.contractNumber, '市道華浦線舗装修繕工事', '防府市華浦', '土木課', '株式会社テスト建設', '舗装工事', 22_000_000, expect.any(Date), 75]);
    expect(ws.rowCount).toBe(5);
    const text = ws.getSheetValues().flat().map(String).join('\n');
    expect(text).not.toContain('監督 次郎');
    expect((await download(f.contract, '/api/reports/evaluation-publication?format=xlsx&fiscalYear=2025')).status).toBe(200);
    const pdf = pdfText((await download(f.contract, '/api/reports/evaluation-publication?format=pdf&fiscalYear=2026')).body);
    expect(pdf.pages[0].width).toBeCloseTo(A4.long, 0);
    expect(pdf.pages[0].text).toContain('市道華浦線舗装修繕工事');
    expect((await f.contract.get('/api/reports/evaluation-publication?format=xlsx')).body.errors[0].field).toBe('fiscalYear');
  });
});
