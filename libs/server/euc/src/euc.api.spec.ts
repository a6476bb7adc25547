import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { decode } from 'iconv-lite';
import request from 'supertest';
import { todayInJapan } from '@keiyaku/domain';
import { AuditLog } from '@keiyaku/server/audit';
import { Department } from '@keiyaku/server/auth';
import { Contract } from '@keiyaku/server/contracts';
import { Evaluation } from '@keiyaku/server/evaluations';
import { BudgetLine } from '@keiyaku/server/imports';
import { JobsService } from '@keiyaku/server/platform';
import { Bid, Tender } from '@keiyaku/server/tenders';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { TEST_VENDOR } from '../../vendors/src/testing/fixtures';
import { EucService } from './euc.service';
import { SavedQueriesService } from './saved-queries.service';

function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const MARK = 'EUC検証';

/** Days relative to today in Japan, computed here independently of the server's helpers. */
function shift(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const today = todayInJapan();
const [ty, tm] = today.split('-').map(Number);
const thisFy = tm >= 4 ? ty : ty - 1;

interface Fixture {
  title: string;
  dept: string;
  method: string;
  amount: number;
  contractDate: string | null;
  tradeCode: string | null;
  fiscalYear: number | null;
  contractNumber: string;
}

describe('EUC: catalog, query compiler, saved queries, exports (HTTP)', () => {
  let t: TestApp;
  let admin: Client;
  let contract: Client;
  let author: Client;
  let works: Client;
  let viewer: Client;
  let supervisor: Client;
  let deptIds: Record<string, number>;
  let deptNames: Record<number, string>;
  let vendorId: number;
  let secretTenderId: number;
  const fixtures: Fixture[] = [];
  const download = (client: Client, url: string) => t.http().get(url).set('Cookie', client.cookieHeader).buffer(true).parse(binary);
  const run = (client: Client, query: object, page: object = {}) => client.post('/api/euc/run', { query, limit: 1000, ...page });
  const mine = (filters: object[] = []) => [{ field: 'title', op: 'startsWith', value: MARK }, ...filters];
  const titles = (res: request.Response) => (res.body.rows as Array<{ title: string }>).map((r) => r.title).sort();
  const expectTitles = (res: request.Response, pick: (f: Fixture) => boolean) => {
    expect(res.status).toBe(200);
    expect(titles(res)).toEqual(fixtures.filter(pick).map((f) => f.title).sort());
  };

  beforeAll(async () => {
    t = await startTestApp();
    [admin, contract, author, works, viewer, supervisor] = await Promise.all(
      ['admin', 'contract', 'reportauthor', 'works', 'viewer', 'supervisor'].map((id) => Client.signIn(t, id)),
    );
    const depts = await t.dataSource.getRepository(Department).find();
    deptIds = Object.fromEntries(depts.map((d) => [d.code, d.id]));
    deptNames = Object.fromEntries(depts.map((d) => [d.id, d.name]));
    vendorId = (await contract.post('/api/vendors', TEST_VENDOR)).body.id;
    expect(vendorId).toBeGreaterThan(0);

    const rows: Array<Omit<Fixture, 'title' | 'contractNumber'> & { suffix: string }> = [
      { suffix: 'A 道路改良', dept: 'DOBOKU', method: 'general', amount: 10_000_000, contractDate: today, tradeCode: '010', fiscalYear: thisFy },
      { suffix: 'B 道路舗装', dept: 'DOBOKU', method: 'designated', amount: 2_500_000, contractDate: shift(today, -10), tradeCode: '130', fiscalYear: thisFy },
      { suffix: 'C 校舎改修50%', dept: 'KENCHIKU', method: 'designated', amount: 7_000_000, contractDate: `${thisFy}-04-01`, tradeCode: null, fiscalYear: thisFy },
      { suffix: 'D 校舎改修50X', dept: 'KENCHIKU', method: 'negotiated', amount: 1_200_000, contractDate: `${thisFy - 1}-04-01`, tradeCode: '020', fiscalYear: thisFy - 1 },
      { suffix: 'E 庁舎清掃_年間', dept: 'KEIYAKU', method: 'quotation', amount: 990_000, contractDate: `${thisFy}-03-31`, tradeCode: null, fiscalYear: thisFy - 1 },
      { suffix: 'F 未締結', dept: 'KEIYAKU', method: 'general', amount: 3_000_000, contractDate: null, tradeCode: '010', fiscalYear: null },
      { suffix: "G O'Brien \"引用\"", dept: 'DOBOKU', method: 'negotiated', amount: 450_000, contractDate: shift(today, -40), tradeCode: '130', fiscalYear: thisFy },
    ];
    const repo = t.dataSource.getRepository(Contract);
    for (const [i, r] of rows.entries()) {
      const f: Fixture = { ...r, title: `${MARK}${r.suffix}`, contractNumber: `EUC-${i}` };
      fixtures.push(f);
      await repo.save(
        repo.create({
          contractNumber: f.contractNumber, vendorId, title: f.title, departmentId: deptIds[f.dept], category: 'construction', tradeCode: f.tradeCode, method: f.method,
          amount: f.amount, taxAmount: Math.floor(f.amount / 11), taxRate: 10, contractDate: f.contractDate, fiscalYear: f.fiscalYear, status: 'concluded',
        }),
      );
    }
    // A tender still bidding with prices published after opening: secret for all but tenders.write.
    const tender = await t.dataSource.getRepository(Tender).save(
      t.dataSource.getRepository(Tender).create({
        tenderNumber: 'EUC-T1', fiscalYear: thisFy, title: `${MARK}秘密の案件`, category: 'construction', tradeCode: '010', departmentId: deptIds.KEIYAKU,
        method: 'designated', status: 'bidding', pricePublication: 'after', plannedPrice: 12_345_678, minimumPrice: 11_000_000, designPrice: 13_000_000,
      }),
    );
    secretTenderId = tender.id;
    await t.dataSource.getRepository(Bid).save(t.dataSource.getRepository(Bid).create({ tenderId: tender.id, round: 1, vendorId, amount: 11_500_000 }));
    const budget = t.dataSource.getRepository(BudgetLine);
    await budget.save([
      budget.create({ fiscalYear: thisFy, account: '一般会計', budgetCode: 'EUC-B1', budgetName: '道路維持費', departmentCode: 'DOBOKU', amount: 5_000_000, executed: 1_000_000 }),
      budget.create({ fiscalYear: thisFy, account: '一般会計', budgetCode: 'EUC-B2', budgetName: '営繕費', departmentCode: 'KENCHIKU', amount: 8_000_000, executed: null }),
    ]);
    // Ratings of two works: one approved (published score), one still being rated.
    const contracts = await t.dataSource.getRepository(Contract).find({ where: { vendorId } });
    const byTitle = (suffix: string) => contracts.find((c) => c.title === `${MARK}${suffix}`)!;
    const ev = t.dataSource.getRepository(Evaluation);
    const sheet = (c: Contract, status: 'approved' | 'rating', score: number) =>
      ev.create({ contractId: c.id, ruleSetId: 1, ruleCode: 'EUC', category: 'construction', vendorId, departmentId: c.departmentId, tradeCode: c.tradeCode, fiscalYear: thisFy,
        evaluatedOn: today, status, finalScore: score, band: status === 'approved' ? 'B' : 'A', complete: status === 'approved', deductionKeys: [] });
    await ev.save([sheet(byTitle('A 道路改良'), 'approved', 78.5), sheet(byTitle('B 道路舗装'), 'rating', 91)]);
  }, 120_000);
  afterAll(async () => t?.close());

  describe('catalog', () => {
    it('lists the datasets each user may read, with labels, types, codes and masked prices', async () => {
      const all = (await admin.get('/api/euc/datasets')).body;
      expect(all.map((d: any) => d.key)).toEqual(['vendors', 'qualifications', 'tenders', 'bids', 'contracts', 'contractChanges', 'inspections', 'budgetLines', 'applications', 'ratings']);
      const contracts = all.find((d: any) => d.key === 'contracts');
      expect(contracts.fields.find((f: any) => f.key === 'method')).toMatchObject({ label: '契約方法', type: 'code', codes: expect.arrayContaining([{ code: 'general', label: '一般競争入札' }]) });
      expect(contracts.fields.find((f: any) => f.key === 'contractDate').operators).toEqual(expect.arrayContaining(['thisFiscalYear', 'lastFiscalYear', 'lastNDays', 'between']));
      expect(contracts.scope).toBe('全部署');

      const authors = (await author.get('/api/euc/datasets')).body;
      // reportAuthor reviews no applications; its department is 契約課 without all-department rights.
      expect(authors.map((d: any) => d.key)).not.toContain('applications');
      expect(authors.find((d: any) => d.key === 'contracts').scope).toBe('所属部署のデータのみ');
      expect(authors.find((d: any) => d.key === 'tenders').fields.find((f: any) => f.key === 'plannedPrice').masked).toBe(true);
      expect(all.find((d: any) => d.key === 'tenders').fields.find((f: any) => f.key === 'plannedPrice').masked).toBeUndefined();
    });

    it('refuses users without EUC rights', async () => {
      expect((await supervisor.get('/api/euc/datasets')).status).toBe(403);
      expect((await viewer.get('/api/euc/datasets')).status).toBe(200);
      // Building a query needs euc.author.
      expect((await run(viewer, { dataset: 'contracts', columns: ['title'] })).status).toBe(403);
      expect((await run(works, { dataset: 'contracts', columns: ['title'] })).status).toBe(403);
    });
  });

  describe('operators (checked against the inserted rows)', () => {
    const q = (filters: object[] = []) => ({ dataset: 'contracts', columns: ['title', 'amount', 'contractDate', 'departmentName', 'method'], filters: mine(filters) });

    it('eq / ne on text, code, number and date', async () => {
      expectTitles(await run(admin, q([{ field: 'title', op: 'eq', value: `${MARK}B 道路舗装` }])), (f) => f.title === `${MARK}B 道路舗装`);
      expectTitles(await run(admin, q([{ field: 'method', op: 'eq', value: 'designated' }])), (f) => f.method === 'designated');
      expectTitles(await run(admin, q([{ field: 'amount', op: 'eq', value: 7_000_000 }])), (f) => f.amount === 7_000_000);
      expectTitles(await run(admin, q([{ field: 'contractDate', op: 'eq', value: today }])), (f) => f.contractDate === today);
      // "Not equal" keeps rows without a value.
      expectTitles(await run(admin, q([{ field: 'tradeCode', op: 'ne', value: '010' }])), (f) => f.tradeCode !== '010');
      expectTitles(await run(admin, q([{ field: 'method', op: 'ne', value: 'general' }])), (f) => f.method !== 'general');
    });

    it('contains / startsWith treat % and _ literally and ignore case', async () => {
      expectTitles(await run(admin, q([{ field: 'title', op: 'contains', value: '50%' }])), (f) => f.title.includes('50%'));
      expectTitles(await run(admin, q([{ field: 'title', op: 'contains', value: '清掃_' }])), (f) => f.title.includes('清掃_'));
      expectTitles(await run(admin, q([{ field: 'title', op: 'contains', value: '_' }])), (f) => f.title.includes('_'));
      expectTitles(await run(admin, q([{ field: 'title', op: 'contains', value: "o'brien" }])), (f) => f.title.toLowerCase().includes("o'brien"));
      expectTitles(await run(admin, q([{ field: 'contractNumber', op: 'startsWith', value: 'euc-1' }])), (f) => f.contractNumber.startsWith('EUC-1'));
    });

    it('between (closed and open ends), in, empty, notEmpty', async () => {
      expectTitles(await run(admin, q([{ field: 'amount', op: 'between', value: [1_000_000, 7_000_000] }])), (f) => f.amount >= 1_000_000 && f.amount <= 7_000_000);
      expectTitles(await run(admin, q([{ field: 'amount', op: 'between', value: [null, 990_000] }])), (f) => f.amount <= 990_000);
      const from = `${thisFy}-04-01`;
      expectTitles(await run(admin, q([{ field: 'contractDate', op: 'between', value: [from, today] }])), (f) => !!f.contractDate && f.contractDate >= from && f.contractDate <= today);
      expectTitles(await run(admin, q([{ field: 'method', op: 'in', value: ['negotiated', 'quotation'] }])), (f) => ['negotiated', 'quotation'].includes(f.method));
      expectTitles(await run(admin, q([{ field: 'amount', op: 'in', value: [450_000, 990_000, 1] }])), (f) => [450_000, 990_000].includes(f.amount));
      expectTitles(await run(admin, q([{ field: 'contractDate', op: 'empty' }])), (f) => f.contractDate === null);
      expectTitles(await run(admin, q([{ field: 'tradeCode', op: 'notEmpty' }])), (f) => f.tradeCode !== null);
    });

    it('今年度・前年度・直近N日 on dates and on the 年度 number', async () => {
      const inFy = (d: string | null, fy: number) => !!d && d >= `${fy}-04-01` && d <= `${fy + 1}-03-31`;
      expectTitles(await run(admin, q([{ field: 'contractDate', op: 'thisFiscalYear' }])), (f) => inFy(f.contractDate, thisFy));
      expectTitles(await run(admin, q([{ field: 'contractDate', op: 'lastFiscalYear' }])), (f) => inFy(f.contractDate, thisFy - 1));
      expectTitles(await run(admin, q([{ field: 'fiscalYear', op: 'thisFiscalYear' }])), (f) => f.fiscalYear === thisFy);
      expectTitles(await run(admin, q([{ field: 'fiscalYear', op: 'lastFiscalYear' }])), (f) => f.fiscalYear === thisFy - 1);
      const since = shift(today, -29);
      expectTitles(await run(admin, q([{ field: 'contractDate', op: 'lastNDays', value: 30 }])), (f) => !!f.contractDate && f.contractDate >= since && f.contractDate <= today);
    });

    it('sorts (nulls last) and pages without overlap', async () => {
      const res = await run(admin, { ...q(), sort: [{ field: 'contractDate', direction: 'desc' }] });
      const expected = [...fixtures].sort((a, b) => (a.contractDate === b.contractDate ? 0 : a.contractDate === null ? 1 : b.contractDate === null ? -1 : a.contractDate < b.contractDate ? 1 : -1));
      expect(res.body.rows.map((r: any) => r.contractDate)).toEqual(expected.map((f) => f.contractDate));
      expect(res.body.columns.map((c: any) => c.label)).toEqual(['件名', '契約金額（税込）', '契約日', '担当課', '契約方法']);
      const pages = [];
      for (let offset = 0; offset < fixtures.length; offset += 3) pages.push(...(await run(admin, { ...q(), sort: [{ field: 'amount', direction: 'asc' }] }, { offset, limit: 3 })).body.rows);
      expect(pages.map((r: any) => r.amount)).toEqual(fixtures.map((f) => f.amount).sort((a, b) => a - b));
    });
  });

  describe('grouping (computed in the database, checked in the test)', () => {
    it('count, sum, avg, min and max per department', async () => {
      const res = await run(admin, {
        dataset: 'contracts',
        filters: mine(),
        groupBy: { fields: ['departmentName'], aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }, { fn: 'min', field: 'contractDate' }, { fn: 'max', field: 'amount' }] },
        sort: [{ field: 'sum:amount', direction: 'desc' }],
      });
      expect(res.status).toBe(200);
      expect(res.body.columns.map((c: any) => c.key)).toEqual(['departmentName', 'count', 'sum:amount', 'avg:amount', 'min:contractDate', 'max:amount']);
      const byDept = new Map<string, Fixture[]>();
      for (const f of fixtures) byDept.set(deptNames[deptIds[f.dept]], [...(byDept.get(deptNames[deptIds[f.dept]]) ?? []), f]);
      const expected = [...byDept.entries()]
        .map(([name, list]) => {
          const amounts = list.map((f) => f.amount);
          const dates = list.map((f) => f.contractDate).filter((d): d is string => !!d).sort();
          return { departmentName: name, count: list.length, 'sum:amount': amounts.reduce((a, b) => a + b, 0), 'avg:amount': amounts.reduce((a, b) => a + b, 0) / list.length, 'min:contractDate': dates[0] ?? null, 'max:amount': Math.max(...amounts) };
        })
        .sort((a, b) => b['sum:amount'] - a['sum:amount']);
      expect(res.body.total).toBe(expected.length);
      expect(res.body.rows.map((r: any) => ({ ...r, 'avg:amount': Math.round(r['avg:amount'] * 1000) / 1000 }))).toEqual(
        expected.map((e) => ({ ...e, 'avg:amount': Math.round(e['avg:amount'] * 1000) / 1000 })),
      );
    });

    it('groups by a code and by two fields, and totals the whole table like a plain read does', async () => {
      const res = await run(admin, { dataset: 'contracts', filters: mine(), groupBy: { fields: ['method', 'departmentName'], aggregates: [{ fn: 'count' }] } });
      const keys = new Set(fixtures.map((f) => `${f.method}|${deptNames[deptIds[f.dept]]}`));
      expect(res.body.total).toBe(keys.size);
      expect(new Set(res.body.rows.map((r: any) => `${r.method}|${r.departmentName}`))).toEqual(keys);

      const all = await t.dataSource.getRepository(Contract).find();
      const whole = await run(admin, { dataset: 'contracts', groupBy: { fields: [], aggregates: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'min', field: 'amount' }] } });
      expect(whole.body.rows).toEqual([{ count: all.length, 'sum:amount': all.reduce((s, c) => s + Number(c.amount), 0), 'min:amount': Math.min(...all.map((c) => Number(c.amount))) }]);
    });

    it('refuses aggregates that make no sense', async () => {
      const bad = await run(admin, { dataset: 'contracts', groupBy: { fields: ['departmentName'], aggregates: [{ fn: 'sum', field: 'title' }] } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('件名');
      expect((await run(admin, { dataset: 'contracts', groupBy: { fields: ['departmentName'], aggregates: [{ fn: 'avg', field: 'contractDate' }] } })).status).toBe(400);
    });
  });

  describe('visibility and scoping', () => {
    it('a user without all-department rights sees only their department', async () => {
      const res = await run(author, { dataset: 'contracts', columns: ['title', 'departmentName'], filters: mine() });
      expectTitles(res, (f) => f.dept === 'KEIYAKU');
      const budget = await run(author, { dataset: 'budgetLines', columns: ['budgetCode'], filters: [{ field: 'budgetCode', op: 'startsWith', value: 'EUC-' }] });
      expect(budget.body.rows).toEqual([]);
      const all = await run(admin, { dataset: 'budgetLines', columns: ['budgetCode', 'departmentName'], filters: [{ field: 'budgetCode', op: 'startsWith', value: 'EUC-' }], sort: [{ field: 'budgetCode', direction: 'asc' }] });
      expect(all.body.rows).toEqual([{ budgetCode: 'EUC-B1', departmentName: deptNames[deptIds.DOBOKU] }, { budgetCode: 'EUC-B2', departmentName: deptNames[deptIds.KENCHIKU] }]);
    });

    it('keeps unopened tender prices secret in columns, filters, sorts and aggregates, and hides their bids', async () => {
      const cols = { dataset: 'tenders', columns: ['tenderNumber', 'plannedPrice', 'minimumPrice', 'designPrice'], filters: [{ field: 'tenderNumber', op: 'eq', value: 'EUC-T1' }] };
      // admin has tenders.write (as 契約課 staff do).
      expect((await run(admin, cols)).body.rows).toEqual([{ tenderNumber: 'EUC-T1', plannedPrice: 12_345_678, minimumPrice: 11_000_000, designPrice: 13_000_000 }]);
      // reportauthor (契約課, no tenders.write) sees the tender but not its prices.
      expect((await run(author, cols)).body.rows).toEqual([{ tenderNumber: 'EUC-T1', plannedPrice: null, minimumPrice: null, designPrice: null }]);
      const probe = await run(author, { dataset: 'tenders', columns: ['tenderNumber'], filters: [{ field: 'plannedPrice', op: 'between', value: [12_000_000, 13_000_000] }] });
      expect(probe.body.rows).toEqual([]);
      const sum = await run(author, { dataset: 'tenders', filters: [{ field: 'tenderNumber', op: 'eq', value: 'EUC-T1' }], groupBy: { fields: [], aggregates: [{ fn: 'max', field: 'plannedPrice' }] } });
      expect(sum.body.rows).toEqual([{ 'max:plannedPrice': null }]);
      const bids = { dataset: 'bids', columns: ['tenderNumber', 'amount'], filters: [{ field: 'tenderNumber', op: 'eq', value: 'EUC-T1' }] };
      expect((await run(author, bids)).body.rows).toEqual([]);
      expect((await run(admin, bids)).body.rows).toEqual([{ tenderNumber: 'EUC-T1', amount: 11_500_000 }]);
      // Once opened, the prices show for everyone who may read the tender.
      await t.dataSource.getRepository(Tender).update({ id: secretTenderId }, { status: 'opened' });
      expect((await run(author, cols)).body.rows[0].plannedPrice).toBe(12_345_678);
      await t.dataSource.getRepository(Tender).update({ id: secretTenderId }, { status: 'bidding' });
    });

    it('shows rating scores once approved (all of them to managers), and the approved score on the contract row', async () => {
      const q = { dataset: 'ratings', columns: ['title', 'finalScore', 'band'], filters: [{ field: 'title', op: 'startsWith', value: MARK }], sort: [{ field: 'title', direction: 'asc' }] };
      expect((await run(admin, q)).body.rows).toEqual([{ title: `${MARK}A 道路改良`, finalScore: 78.5, band: 'B' }, { title: `${MARK}B 道路舗装`, finalScore: 91, band: 'A' }]);
      // reportAuthor reads ratings without managing them, and only in 契約課: none of 土木課's.
      expect((await run(author, q)).body.rows).toEqual([]);
      const avg = await run(author, { dataset: 'ratings', groupBy: { fields: [], aggregates: [{ fn: 'max', field: 'finalScore' }] }, filters: q.filters });
      expect(avg.body.rows).toEqual([{ 'max:finalScore': null }]);
      const c = await run(admin, { dataset: 'contracts', columns: ['title', 'ratingScore'], filters: mine([{ field: 'ratingScore', op: 'notEmpty' }]) });
      expect(c.body.rows).toEqual([{ title: `${MARK}A 道路改良`, ratingScore: 78.5 }]);
    });

    it('refuses datasets the user may not read', async () => {
      const res = await run(author, { dataset: 'applications', columns: ['receiptNumber'] });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('権限');
    });
  });

  describe('injection payloads change nothing and leak nothing', () => {
    const payloads = ["title; DROP TABLE contracts; --", "c.amount", "1=1", 'c"."amount', '(SELECT password_hash FROM users)', '__proto__', 'constructor', 'toString', "' OR '1'='1", 'amount desc', ''];
    it('in dataset, columns, filter fields, operators, sort, group by and aggregates → 400', async () => {
      for (const p of payloads) {
        const attempts = [
          { dataset: p, columns: ['title'] },
          { dataset: 'contracts', columns: [p] },
          { dataset: 'contracts', columns: ['title'], filters: [{ field: p, op: 'eq', value: 'x' }] },
          { dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: p, value: 'x' }] },
          { dataset: 'contracts', columns: ['title'], sort: [{ field: p, direction: 'asc' }] },
          { dataset: 'contracts', columns: ['title'], sort: [{ field: 'title', direction: p }] },
          { dataset: 'contracts', groupBy: { fields: [p], aggregates: [{ fn: 'count' }] } },
          { dataset: 'contracts', groupBy: { fields: ['title'], aggregates: [{ fn: p, field: 'amount' }] } },
          { dataset: 'contracts', groupBy: { fields: ['title'], aggregates: [{ fn: 'sum', field: p }] } },
          { dataset: 'contracts', columns: ['title'], filters: [{ field: 'method', op: 'eq', value: p }] },
        ];
        for (const a of attempts) {
          const res = await run(admin, a);
          expect([res.status, JSON.stringify(a)]).toEqual([400, JSON.stringify(a)]);
          // A refusal from the catalog, never a database error.
          expect(res.body.code).toBe('VALIDATION_FAILED');
          expect(JSON.stringify(res.body)).not.toMatch(/SQLITE_|syntax error|QueryFailed|does not exist/i);
        }
      }
      // Unknown properties are refused by the whitelist.
      expect((await run(admin, { dataset: 'contracts', columns: ['title'], where: '1=1' })).status).toBe(400);
      expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'eq', value: 'x', sql: '1=1' }] })).status).toBe(400);
    });

    it('in values: bound as data, harmless, and the tables are intact', async () => {
      const before = await t.dataSource.getRepository(Contract).count();
      for (const p of payloads.filter(Boolean)) {
        const res = await run(admin, { dataset: 'contracts', columns: ['title'], filters: mine([{ field: 'title', op: 'contains', value: p }]) });
        expect(res.status).toBe(200);
        expect(res.body.rows).toEqual(fixtures.filter((f) => f.title.toLowerCase().includes(p.toLowerCase())).map((f) => ({ title: f.title })));
        expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'in', value: [p] }] })).body.rows).toEqual([]);
      }
      expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: [{ field: 'amount', op: 'eq', value: '1 OR 1=1' }] })).status).toBe(400);
      expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: [{ field: 'contractDate', op: 'eq', value: "2026-01-01' OR '1'='1" }] })).status).toBe(400);
      expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: [{ field: 'contractDate', op: 'lastNDays', value: '30; DELETE' }] })).status).toBe(400);
      expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'eq', value: { $ne: null } }] })).status).toBe(400);
      expect(await t.dataSource.getRepository(Contract).count()).toBe(before);
    });
  });

  describe('limits', () => {
    const setSetting = async (key: string, value: number) => {
      const current = (await admin.get('/api/settings')).body.find((s: any) => s.key === key);
      const res = await admin.put(`/api/settings/${key}`, { value, version: current?.version ?? 0 });
      expect(res.status).toBe(200);
    };

    it('shows at most the row limit and refuses to export more', async () => {
      await setSetting('euc.maxRows', 3);
      try {
        const res = await run(admin, { dataset: 'contracts', columns: ['title'], filters: mine() }, { offset: 0, limit: 100 });
        expect(res.body).toMatchObject({ total: 3, truncated: true, rowLimit: 3 });
        expect(res.body.rows).toHaveLength(3);
        expect((await run(admin, { dataset: 'contracts', columns: ['title'], filters: mine() }, { offset: 3, limit: 100 })).body.rows).toEqual([]);
        const q = encodeURIComponent(JSON.stringify({ dataset: 'contracts', columns: ['title'], filters: mine() }));
        const file = await admin.get(`/api/euc/export?format=csv&q=${q}`);
        expect(file.status).toBe(400);
        expect(file.body.message).toContain('上限');
      } finally {
        await setSetting('euc.maxRows', 100_000);
      }
    });

    it('stops a query that runs past the time limit', async () => {
      const euc = t.app.get(EucService);
      const slow = t.dataSource.options.type === 'postgres'
        ? euc.timed((m) => m.query('SELECT pg_sleep(2)'), { timeoutMs: 300, seconds: 0.3 })
        : euc.timed(() => new Promise((r) => setTimeout(r, 500)), { timeoutMs: 200, seconds: 0.2 });
      await expect(slow).rejects.toMatchObject({ code: 'EUC_TIME_LIMIT', status: 422 });
      await expect(euc.timed(async () => 42, { timeoutMs: 5_000, seconds: 5 })).resolves.toBe(42);
    });
  });

  describe('saved queries, sharing, favourites', () => {
    const query = { dataset: 'contracts', columns: ['title', 'amount', 'departmentName'], filters: mine(), sort: [{ field: 'amount', direction: 'desc' }] };
    let id: number;
    let version: number;

    it('saves privately; only the owner sees it', async () => {
      const res = await author.post('/api/euc/queries', { name: '今年度の契約', sharing: 'private', query });
      expect(res.status).toBe(201);
      ({ id, version } = res.body);
      expect(res.body).toMatchObject({ mine: true, favorite: false, sharing: 'private', datasetLabel: '契約' });
      expect((await viewer.get(`/api/euc/queries/${id}`)).status).toBe(404);
      expect((await viewer.post(`/api/euc/queries/${id}/run`, {})).status).toBe(404);
      expect((await author.get('/api/euc/queries?scope=mine')).body.rows.map((r: any) => r.id)).toContain(id);
      expect((await viewer.get('/api/euc/queries')).body.rows.map((r: any) => r.id)).not.toContain(id);
      // Saving checks the query like a run does.
      expect((await author.post('/api/euc/queries', { name: 'x', sharing: 'private', query: { dataset: 'contracts', columns: ['nope'] } })).status).toBe(400);
      expect((await viewer.post('/api/euc/queries', { name: 'x', sharing: 'private', query })).status).toBe(403);
    });

    it('shares with the department, then with everyone; others run it under their own scope', async () => {
      let res = await author.put(`/api/euc/queries/${id}`, { name: '今年度の契約', sharing: 'department', query, version });
      expect(res.status).toBe(200);
      version = res.body.version;
      // contract is in 契約課 like the author; works (土木課) is not.
      expect((await contract.get(`/api/euc/queries/${id}`)).status).toBe(200);
      expect((await works.get(`/api/euc/queries/${id}`)).status).toBe(404);
      res = await author.put(`/api/euc/queries/${id}`, { name: '今年度の契約', sharing: 'all', query, version });
      version = res.body.version;
      const ran = await works.post(`/api/euc/queries/${id}/run`, { limit: 100 });
      expect(ran.status).toBe(200);
      expectTitles(ran, (f) => f.dept === 'DOBOKU');
      expectTitles(await viewer.post(`/api/euc/queries/${id}/run`, { limit: 100 }), (f) => f.dept === 'KENCHIKU');
      expectTitles(await admin.post(`/api/euc/queries/${id}/run`, { limit: 100 }), () => true);
      expect((await works.get('/api/euc/queries?scope=shared')).body.rows.map((r: any) => r.id)).toContain(id);
      // The grid's GET pages: numbered rows; its quick search and header sort are accepted and unused.
      const page = await works.get(`/api/euc/queries/${id}/results?offset=1&limit=2&q=x&sort=title:asc`);
      expect(page.status).toBe(200);
      expect(page.body.rows.map((r: any) => r.id)).toEqual([2, 3]);
      const adhoc = await author.get(`/api/euc/results?offset=0&limit=100&query=${encodeURIComponent(JSON.stringify(query))}`);
      expect(adhoc.body.rows.map((r: any) => r.title)).toEqual(fixtures.filter((f) => f.dept === 'KEIYAKU').sort((a, b) => b.amount - a.amount).map((f) => f.title));
      expect((await works.get(`/api/euc/results?query=${encodeURIComponent(JSON.stringify(query))}`)).status).toBe(403);
      expect((await author.get('/api/euc/results?query=%7Bnot-json')).status).toBe(400);
    });

    it('only the owner edits, with the version it saw', async () => {
      expect((await admin.put(`/api/euc/queries/${id}`, { name: '乗っ取り', sharing: 'all', query, version })).status).toBe(403);
      expect((await author.put(`/api/euc/queries/${id}`, { name: '古い版', sharing: 'all', query, version: version - 1 })).status).toBe(409);
      expect((await author.put(`/api/euc/queries/${id}`, { name: '名前だけ', sharing: 'all', query, version, extra: 1 })).status).toBe(400);
    });

    it('favourites are per user', async () => {
      const res = await viewer.put(`/api/euc/queries/${id}/favorite`);
      expect(res.status).toBe(200);
      expect(res.body.favorite).toBe(true);
      expect((await viewer.get('/api/euc/queries?scope=favorites')).body.rows.map((r: any) => r.id)).toEqual([id]);
      expect((await works.get('/api/euc/queries?scope=favorites')).body.rows).toEqual([]);
      expect((await viewer.send('delete', `/api/euc/queries/${id}/favorite`)).body.favorite).toBe(false);
    });

    it('audits every run and export', async () => {
      const logs = await t.dataSource.getRepository(AuditLog).find({ where: { entity: 'EucQuery' } });
      expect(logs.filter((l) => l.action === 'euc.run' && l.entityId === String(id)).length).toBeGreaterThanOrEqual(3);
      expect(logs.some((l) => l.action === 'euc.run' && l.summary?.includes('データ: 契約'))).toBe(true);
    });

    it('exports the whole result as xlsx and CSV (UTF-8 with BOM, Shift_JIS) that parse back', async () => {
      const expected = fixtures.filter((f) => f.dept === 'DOBOKU').sort((a, b) => b.amount - a.amount);
      const xlsx = await download(works, `/api/euc/queries/${id}/export?format=xlsx`);
      expect(xlsx.status).toBe(200);
      expect(decodeURIComponent(xlsx.headers['content-disposition'].split("UTF-8''")[1])).toMatch(/^今年度の契約_\d{8}\.xlsx$/);
      const wb = new Workbook();
      await wb.xlsx.load(xlsx.body);
      const sheet = wb.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['件名', '契約金額（税込）', '担当課']);
      const rows = [];
      for (let r = 2; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
      expect(rows).toEqual(expected.map((f) => [f.title, f.amount, deptNames[deptIds.DOBOKU]]));

      const csv = await download(works, `/api/euc/queries/${id}/export?format=csv`);
      const text = csv.body.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(parse(text.slice(1))).toEqual([['件名', '契約金額（税込）', '担当課'], ...expected.map((f) => [f.title, String(f.amount), deptNames[deptIds.DOBOKU]])]);

      const sjis = await download(works, `/api/euc/queries/${id}/export?format=csv&encoding=sjis`);
      expect(sjis.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      expect(parse(decode(sjis.body, 'cp932'))).toEqual([['件名', '契約金額（税込）', '担当課'], ...expected.map((f) => [f.title, String(f.amount), deptNames[deptIds.DOBOKU]])]);

      // An unsaved grouped query, code values as their Japanese labels.
      const grouped = { dataset: 'contracts', filters: mine(), groupBy: { fields: ['method'], aggregates: [{ fn: 'sum', field: 'amount' }] }, sort: [{ field: 'method', direction: 'asc' }] };
      const g = await download(admin, `/api/euc/export?format=csv&q=${encodeURIComponent(JSON.stringify(grouped))}`);
      expect(g.status).toBe(200);
      const sums = new Map<string, number>();
      for (const f of fixtures) sums.set(f.method, (sums.get(f.method) ?? 0) + f.amount);
      const labels: Record<string, string> = { general: '一般競争入札', designated: '指名競争入札', negotiated: '随意契約', quotation: '見積合せ' };
      expect(parse(g.body.toString('utf8').slice(1))).toEqual([
        ['契約方法', '契約金額（税込）（合計）'],
        ...[...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, s]) => [labels[m], String(s)]),
      ]);
      expect((await download(viewer, `/api/euc/export?format=csv&q=${encodeURIComponent(JSON.stringify(grouped))}`)).status).toBe(403);
      const exports = await t.dataSource.getRepository(AuditLog).find({ where: { entity: 'EucQuery', action: 'export' } });
      expect(exports.length).toBeGreaterThanOrEqual(4);
    });

    it('exports as a job and on a monthly schedule into the owner\'s jobs list', async () => {
      const job = await works.post(`/api/euc/queries/${id}/export-jobs`, { format: 'xlsx' });
      expect(job.status).toBe(201);
      await t.app.get(JobsService).idle();
      const done = (await works.get(`/api/jobs/${job.body.id}`)).body;
      expect(done).toMatchObject({ status: 'succeeded', kind: 'euc.export' });
      const file = await download(works, `/api/jobs/${job.body.id}/download`);
      const wb = new Workbook();
      await wb.xlsx.load(file.body);
      expect(wb.worksheets[0].rowCount).toBe(1 + fixtures.filter((f) => f.dept === 'DOBOKU').length);

      const current = (await author.get(`/api/euc/queries/${id}`)).body;
      const scheduled = await author.put(`/api/euc/queries/${id}/schedule`, { schedule: 'monthly', format: 'csv', encoding: 'sjis', version: current.version });
      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toMatchObject({ schedule: 'monthly', scheduleFormat: 'csv', scheduleEncoding: 'sjis' });
      const saved = t.app.get(SavedQueriesService);
      // Not due again this month; due once the 1st of next month 06:00 (Japan) has passed, once.
      expect(await saved.tick(new Date())).toBe(0);
      const nextMonth = new Date(Date.UTC(tm === 12 ? ty + 1 : ty, tm === 12 ? 0 : tm, 1, 0, 30)); // 09:30 JST on the 1st
      expect(await saved.tick(nextMonth)).toBe(1);
      expect(await saved.tick(new Date(nextMonth.getTime() + 3_600_000))).toBe(0);
      await t.app.get(JobsService).idle();
      const jobs = (await author.get('/api/jobs')).body.rows;
      const monthly = jobs.find((j: any) => j.title.startsWith('EUC定期出力（毎月1日）'));
      expect(monthly).toMatchObject({ status: 'succeeded' });
      const csv = await download(author, `/api/jobs/${monthly.id}/download`);
      // Run as the owner (契約課): their own department's rows.
      expect(parse(decode(csv.body, 'cp932')).slice(1).map((r: string[]) => r[0]).sort()).toEqual(fixtures.filter((f) => f.dept === 'KEIYAKU').map((f) => f.title).sort());
      expect((await works.put(`/api/euc/queries/${id}/schedule`, { schedule: null, version: scheduled.body.version })).status).toBe(403);
    });

    it('deletes with the current version', async () => {
      const current = (await author.get(`/api/euc/queries/${id}`)).body;
      expect((await author.send('delete', `/api/euc/queries/${id}?version=${current.version - 1}`)).status).toBe(409);
      expect((await author.send('delete', `/api/euc/queries/${id}?version=${current.version}`)).status).toBe(204);
      expect((await author.get(`/api/euc/queries/${id}`)).status).toBe(404);
    });
  });

  describe('登録帳票 (form catalogue)', () => {
    it('lists every registered form the user may output, with its parameters', async () => {
      const forms = (await contract.get('/api/euc/forms')).body;
      const available = (await contract.get('/api/reports')).body.map((r: any) => r.name).sort();
      expect(forms.map((f: any) => f.name).sort()).toEqual(available);
      const list = forms.find((f: any) => f.parameters.some((p: any) => p.name === 'fiscalYear'));
      expect(list.parameters.find((p: any) => p.name === 'fiscalYear')).toMatchObject({ label: '年度', type: 'number', required: false });
      const doc = forms.find((f: any) => f.parameters.some((p: any) => p.name === 'contractId'));
      expect(doc.parameters.find((p: any) => p.name === 'contractId')).toMatchObject({ label: '契約', type: 'number', required: true, min: 1 });
      expect((await supervisor.get('/api/euc/forms')).status).toBe(200);
    });
  });
});
