import { Workbook, Worksheet } from 'exceljs';
import { decode } from 'iconv-lite';
import request from 'supertest';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';

/** Collects a binary response body (supertest only buffers text and JSON by itself). */
function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const csvLines = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('whole-list export of users, departments and the audit trail (HTTP)', () => {
  let t: TestApp;
  let admin: Client;
  const download = (client: Client, url: string) => t.http().get(url).set('Cookie', client.cookieHeader).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await Client.signIn(t, 'admin');
  });
  afterAll(async () => t?.close());

  it('exports the filtered, sorted users as an A4 xlsx with Japanese headers', async () => {
    const filter = encodeURIComponent(JSON.stringify({ department: { filterType: 'text', type: 'equals', filter: 'keiyaku' } }));
    const res = await download(admin, `/api/users?format=xlsx&sort=loginId:desc&filter=${filter}&limit=1`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['cache-control']).toBe('no-store');
    const disposition = res.headers['content-disposition'];
    expect(disposition).toMatch(/^attachment; filename="users_\d{8}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^ユーザー一覧_\d{8}\.xlsx$/);

    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    const sheet = wb.getWorksheet('ユーザー一覧') as Worksheet;
    expect(sheet).toBeDefined();
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['ログインID', '氏名', 'フリガナ', 'メールアドレス', '所属部署', '役割', '状態', '最終ログイン', '更新日時']);
    // limit is for grid pages: the file holds the whole filtered list, in the grid's order.
    const rows = [];
    for (let r = 2; r <= sheet.rowCount; r++) rows.push(sheet.getRow(r).values as unknown[]);
    expect(rows.map((r) => r[1])).toEqual(['reportauthor', 'contract', 'admin']);
    expect(rows[2].slice(1, 8)).toEqual(['admin', '管理 太郎', 'カンリ タロウ', undefined, '契約課', 'システム管理者', '有効']);
    // admin signed in: the last sign-in is a real date cell.
    expect(rows[2][8]).toBeInstanceOf(Date);
    expect(sheet.getRow(1).getCell(1).font.bold).toBe(true);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(sheet.headerFooter.oddFooter).toBe('&C&P / &N');
    expect(sheet.getColumn(9).numFmt).toBe('yyyy/mm/dd hh:mm');
    expect(sheet.getRow(4).getCell(9).numFmt).toBe('yyyy/mm/dd hh:mm');
    expect(sheet.getRow(4).getCell(2).font.name).toBe('游ゴシック');
  });

  it('exports CSV in UTF-8 with a BOM, with the requested columns in the requested order', async () => {
    const res = await download(admin, `/api/users?format=csv&columns=name,loginId,roles&q=${encodeURIComponent('けんさ')}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toMatch(/^ユーザー一覧_\d{8}\.csv$/);
    const body: Buffer = res.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvLines(body.toString('utf8'))).toEqual(['氏名,ログインID,役割', '検査 三郎,inspector,検査員']);
  });

  it('exports CSV in Shift_JIS (CP932) that decodes back to the Japanese names', async () => {
    const res = await download(admin, '/api/users?format=csv&encoding=sjis&sort=loginId:asc&columns=loginId,name,department');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    const body: Buffer = res.body;
    expect(body[0]).not.toBe(0xef);
    // Not UTF-8: the UTF-8 bytes of 管理 are absent, the CP932 ones present.
    expect(body.includes(Buffer.from('管理', 'utf8'))).toBe(false);
    expect(body.includes(Buffer.from([0x8a, 0xc7, 0x97, 0x9d]))).toBe(true);
    const lines = csvLines(decode(body, 'cp932'));
    expect(lines[0]).toBe('ログインID,氏名,所属部署');
    expect(lines[1]).toBe('admin,管理 太郎,契約課');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['admin', 'contract', 'inspector', 'operator', 'reportauthor', 'supervisor', 'viewer', 'works']);
  });

  it('guards text that Excel would run as a formula', async () => {
    const dept = (await admin.get('/api/departments?q=KEIYAKU')).body.rows[0];
    await admin.post('/api/users', { loginId: 'formula', name: '=1+2', departmentId: dept.id, roles: ['viewer'], password: 'sufficiently-long-1' });
    const res = await download(admin, '/api/users?format=csv&columns=loginId,name&q=formula');
    expect(csvLines(res.body.toString('utf8'))[1]).toBe("formula,'=1+2");
  });

  it('refuses unknown columns, formats and encodings, naming the field', async () => {
    const columns = await admin.get('/api/users?format=csv&columns=loginId,passwordHash');
    expect(columns.status).toBe(400);
    expect(columns.body.errors[0].field).toBe('columns');
    expect(columns.body.message).toContain('passwordHash');
    const format = await admin.get('/api/users?format=pdf');
    expect(format.status).toBe(400);
    expect(format.body.errors[0]).toMatchObject({ field: 'format' });
    expect(format.body.message).toContain('出力形式（format）');
    expect((await admin.get('/api/users?format=csv&encoding=latin1')).body.errors[0].field).toBe('encoding');
    const sort = await admin.get('/api/users?format=xlsx&sort=passwordHash:asc');
    expect(sort.status).toBe(400);
    expect(sort.body.errors[0].field).toBe('sort');
  });

  it('refuses an export above the row limit setting, naming the count', async () => {
    expect((await admin.put('/api/settings/export.maxRows', { value: 5, version: 0 })).status).toBe(200);
    try {
      const res = await admin.get('/api/users?format=csv');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/ユーザー一覧は\d+件あり、一括出力の上限（5件）を超えています/);
      expect((await admin.get('/api/users?format=csv&q=admin')).status).toBe(200);
    } finally {
      await admin.put('/api/settings/export.maxRows', { value: 1_000_000, version: 1 });
    }
  });

  it('keeps exports to those who may read the list', async () => {
    const viewer = await Client.signIn(t, 'viewer');
    expect((await viewer.get('/api/users?format=xlsx')).status).toBe(403);
    expect((await viewer.get('/api/users?format=csv')).status).toBe(403);
    expect((await viewer.get('/api/audit?format=xlsx')).status).toBe(403);
    // Departments are readable by every signed-in user, so their export too.
    const depts = await download(viewer, '/api/departments?format=csv&columns=code,name&sort=code:asc');
    expect(depts.status).toBe(200);
    expect(csvLines(depts.body.toString('utf8'))).toContain('KEIYAKU,契約課');
  });

  it('records every export in the audit trail with the list, the format, the count and the filter', async () => {
    const rows = (await admin.get('/api/audit?action=export&entity=users&sort=seq:asc&limit=100')).body.rows;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0]).toMatchObject({ action: 'export', entity: 'users', loginId: 'admin' });
    expect(rows[0].summary).toContain('ユーザー一覧をExcelで出力（3件）');
    expect(rows[0].summary).toContain('"department"');
    expect(rows[1].summary).toContain('CSV（UTF-8）');
    expect(rows[1].summary).toContain('検索語: けんさ');
    expect(rows[2].summary).toContain('CSV（Shift_JIS）');
    // Refused requests leave no export row.
    expect(rows.filter((r: any) => r.summary.includes('passwordHash'))).toEqual([]);
    const dept = (await admin.get('/api/audit?action=export&entity=departments')).body.rows[0];
    expect(dept).toMatchObject({ loginId: 'viewer' });
    expect(dept.summary).toContain('有効な部署のみ');
  });

  it('exports the audit trail itself (administrators)', async () => {
    const res = await download(admin, '/api/audit?format=xlsx&action=export&sort=seq:asc');
    expect(res.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('操作ログ');
    expect(sheet.getRow(1).getCell(4).value).toBe('操作');
    expect(sheet.getRow(2).getCell(4).value).toBe('出力');
    expect(sheet.getRow(2).getCell(5).value).toBe('users');
    // The file holds the list as it stood when asked for: its own audit row came after.
    expect(sheet.getRow(sheet.rowCount).getCell(5).value).toBe('departments');
    const own = (await admin.get('/api/audit?action=export&entity=audit&sort=seq:desc&limit=1')).body.rows[0];
    expect(own.summary).toContain(`操作ログをExcelで出力（${sheet.rowCount - 1}件）`);
    expect(own.summary).toContain('操作: export');
    expect(typeof sheet.getRow(2).getCell(1).value).toBe('number');
  });
});
