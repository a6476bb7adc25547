import { Row, Workbook, Worksheet } from 'exceljs';
import { Department, User } from '@keiyaku/server/auth';
import { A4, binary, pdfText } from '../../../../apps/api/src/testing/outputs';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';

const BULK = 200;
const WAREKI = /令和(\d+|元)年\d{1,2}月\d{1,2}日/;

describe('reports (HTTP)', () => {
  let t: TestApp;
  let admin: Client;
  const download = (client: Client, url: string) => t.http().get(url).set('Cookie', client.cookieHeader).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await Client.signIn(t, 'admin');
    // Enough users for several pages, spread over departments; a few are disabled.
    const departments = await t.dataSource.getRepository(Department).find({ order: { code: 'ASC' } });
    const users = t.dataSource.getRepository(User);
    for (let i = 1; i <= BULK; i++) {
      const n = String(i).padStart(3, '0');
      await users.save(
        users.create({
          loginId: `bulk${n}`,
          name: `防府 花子${n}`,
          nameKana: null,
          email: null,
          departmentId: departments[i % departments.length].id,
          roles: i % 7 === 0 ? ['contract', 'supervisor'] : ['works'],
          active: i % 50 !== 0,
          passwordHash: 'not-a-real-hash',
          failedAttempts: 0,
          lockedUntil: null,
          passwordChangedAt: null,
          mustChangePassword: false,
          lastLoginAt: null,
        }),
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the reports the user may output', async () => {
    const all = (await admin.get('/api/reports')).body;
    expect(all).toEqual(
      expect.arrayContaining([
        { name: 'users', title: 'ユーザー一覧', formats: ['pdf', 'xlsx'] },
        { name: 'departments', title: '部署一覧', formats: ['pdf', 'xlsx'] },
      ]),
    );
    const viewer = await Client.signIn(t, 'viewer');
    expect((await viewer.get('/api/reports')).body.map((r: any) => r.name)).not.toContain('users');
  });

  it('renders ユーザー一覧 as an A4 PDF: Japanese text, issuer, 和暦, header row and "n / N" on every page', async () => {
    const res = await download(admin, '/api/reports/users?format=pdf');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const disposition: string = res.headers['content-disposition'];
    expect(disposition).toMatch(/^inline; filename="users_\d{8}\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^ユーザー一覧_\d{8}\.pdf$/);
    const pdf: Buffer = res.body;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The font is subset (only the glyphs used): far smaller than the 5.4 MB font files.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
    expect(pdf.length).toBeLessThan(400_000);

    const { pages } = pdfText(pdf);
    const active = 8 + BULK - BULK / 50;
    // At these fonts 32 rows fit under page 1's heading and 39 on each further page (every row
    // printed here says 有効 once): 204 rows make 6 pages.
    const rowsPerPage = pages.map((p) => p.text.split('有効').length - 1);
    expect(pages.length).toBe(1 + Math.ceil((active - 32) / 39));
    expect(rowsPerPage).toEqual([32, 39, 39, 39, 39, active - 32 - 4 * 39]);
    pages.forEach((page, i) => {
      const portrait = Math.abs(page.width - A4.short) <= 1 && Math.abs(page.height - A4.long) <= 1;
      const landscape = Math.abs(page.width - A4.long) <= 1 && Math.abs(page.height - A4.short) <= 1;
      expect(portrait || landscape).toBe(true);
      expect(page.text).toContain(`${i + 1} / ${pages.length}`);
      // The header row repeats on every page.
      expect(page.text).toContain('ログインID');
      expect(page.text).toContain('最終ログイン');
    });
    const first = pages[0].text;
    expect(first).toContain('ユーザー一覧');
    expect(first).toContain('防府市');
    expect(first).toContain('総務部 契約課');
    expect(first).toMatch(WAREKI);
    // 決裁欄 only on page 1.
    for (const stamp of ['課長', '係長', '担当']) expect(first).toContain(stamp);
    expect(pages[1].text).not.toContain('係長');
    const all = pages.map((p) => p.text).join('\n');
    expect(all).toContain('管理 太郎');
    expect(all).toContain('システム管理者');
    expect(all).toContain('契約課・監督員');
    // admin has signed in: the last sign-in is printed in 和暦 with the time.
    expect(all).toMatch(/令和\d+年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    // Every active user exactly once (no row lost or repeated at a page break), disabled ones not at all.
    for (let i = 1; i <= BULK; i++) {
      const name = `防府 花子${String(i).padStart(3, '0')}`;
      expect(all.split(name).length - 1).toBe(i % 50 === 0 ? 0 : 1);
    }
  });

  it('offers the PDF as a download with download=1 and filters by parameters', async () => {
    const res = await download(admin, '/api/reports/users?format=pdf&download=1&department=KENSA&includeInactive=true');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    const { pages } = pdfText(res.body);
    expect(pages).toHaveLength(1);
    expect(pages[0].text).toContain('所属: 検査室');
    expect(pages[0].text).toContain('検査 三郎');
    expect(pages[0].text).not.toContain('管理 太郎');
    expect(pages[0].text).toContain('1 / 1');
  });

  it('renders the same report as an A4 workbook with the header row printed on every page', async () => {
    const res = await download(admin, '/api/reports/users?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toMatch(/^ユーザー一覧_\d{8}\.xlsx$/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    const sheet = wb.getWorksheet('ユーザー一覧') as Worksheet;
    expect(sheet.getCell('A1').value).toBe('ユーザー一覧');
    expect(String(sheet.getCell('D2').value)).toMatch(new RegExp(`^防府市 総務部 契約課\u3000${WAREKI.source}$`));
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(['ログインID', '氏名', '所属', '役割', '状態', '最終ログイン']);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' });
    expect(sheet.headerFooter.oddFooter).toBe('&C&P / &N');
    // Rows in the report's order (departments in their display order, then login ID), as the list API gives them.
    const filter = encodeURIComponent(JSON.stringify({ active: { filterType: 'text', type: 'equals', filter: true } }));
    const expected = (await admin.get(`/api/users?sort=departmentOrder:asc,department:asc,loginId:asc&limit=1000&filter=${filter}`)).body.rows;
    expect(sheet.rowCount - 4).toBe(expected.length);
    const adminRow = expected.findIndex((u: any) => u.loginId === 'admin') + 5;
    expect((sheet.getRow(adminRow).values as unknown[]).slice(1, 6)).toEqual(['admin', '管理 太郎', '契約課', 'システム管理者', '有効']);
    expect(String(sheet.getRow(adminRow).getCell(6).value)).toMatch(/^令和\d+年/);
    expect(sheet.getRow(5).getCell(1).value).toBe(expected[0].loginId);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe(expected[expected.length - 1].loginId);
  });

  it('renders 部署一覧 in both formats', async () => {
    const pdf = await download(admin, '/api/reports/departments');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { pages } = pdfText(pdf.body);
    expect(pages[0].text).toContain('部署一覧');
    expect(pages[0].text).toContain('防府市長');
    expect(pages[0].text).toContain('上下水道局 工務課');
    const xlsx = await download(admin, '/api/reports/departments?format=xlsx');
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body);
    const sheet = wb.getWorksheet('部署一覧') as Worksheet;
    const keiyaku = (sheet.getRows(5, sheet.rowCount - 4) ?? []).find((r) => r.getCell(1).value === 'KEIYAKU') as Row;
    // Seeded: admin, contract, reportauthor; plus every tenth-ish bulk user.
    expect(keiyaku.getCell(2).value).toBe('契約課');
    expect(keiyaku.getCell(4).value).toBeGreaterThan(3);
    expect(sheet.getColumn(4).numFmt).toBe('#,##0');
  });

  it('refuses unknown reports (404), missing permission (403) and bad parameters (400, naming the field)', async () => {
    const unknown = await admin.get('/api/reports/no-such-report');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('指定された帳票が見つかりません。');
    const viewer = await Client.signIn(t, 'viewer');
    const forbidden = await viewer.get('/api/reports/users?format=pdf');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toContain('ユーザー一覧');
    expect((await viewer.get('/api/reports/departments?format=xlsx')).status).toBe(403);
    const badDept = await admin.get(`/api/reports/users?department=${encodeURIComponent('契約課!')}`);
    expect(badDept.status).toBe(400);
    expect(badDept.body.errors[0]).toMatchObject({ field: 'department' });
    expect(badDept.body.message).toContain('所属部署（department）');
    const noDept = await admin.get('/api/reports/users?department=NOPE');
    expect(noDept.body.errors[0].field).toBe('department');
    expect(noDept.body.message).toContain('登録されていません');
    const extra = await admin.get('/api/reports/users?color=red');
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('color');
    const format = await admin.get('/api/reports/users?format=csv');
    expect(format.status).toBe(400);
    expect(format.body.errors[0].field).toBe('format');
    expect((await admin.get('/api/reports/users?includeInactive=maybe')).body.errors[0].field).toBe('includeInactive');
  });

  it('records every output in the audit trail (print for PDF, export for Excel)', async () => {
    const rows = (await admin.get('/api/audit?entity=Report&sort=seq:asc&limit=100')).body.rows;
    expect(rows.map((r: any) => [r.action, r.entityId])).toEqual([
      ['print', 'users'],
      ['print', 'users'],
      ['export', 'users'],
      ['print', 'departments'],
      ['export', 'departments'],
    ]);
    expect(rows[0]).toMatchObject({ loginId: 'admin', summary: 'ユーザー一覧（PDF）' });
    expect(rows[1].summary).toBe('ユーザー一覧（PDF） 所属部署=KENSA 利用停止中を含む');
    expect(rows[2].summary).toBe('ユーザー一覧（Excel）');
  });
});
