import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { EucQuery } from '@keiyaku/domain';
import { relativeDayRange } from '@keiyaku/domain';
import { QualApplication, VendorAccount } from '@keiyaku/server/applications';
import type { AuthUser } from '@keiyaku/server/auth';
import { Department } from '@keiyaku/server/auth';
import { Contract, ContractChange, Inspection } from '@keiyaku/server/contracts';
import { PortableNamingStrategy } from '@keiyaku/server/core';
import { Evaluation } from '@keiyaku/server/evaluations';
import { BudgetLine } from '@keiyaku/server/imports';
import { Bid, Tender } from '@keiyaku/server/tenders';
import { Qualification, Vendor } from '@keiyaku/server/vendors';
import { DATASETS } from './catalog';
import { checkQuery, compile, decodeRow } from './compiler';

const user = (permissions: string[], departmentId: number | null = 7): AuthUser =>
  ({ id: 1, loginId: 'u', name: 'u', departmentId, departmentCode: 'X', roles: [], permissions, sessionId: 's' }) as unknown as AuthUser;
const STAFF = user(['euc.use', 'euc.author', 'contracts.read', 'tenders.read', 'vendors.read', 'inspections.read']);
const CONTRACT_STAFF = user(['euc.use', 'euc.author', 'contracts.read', 'tenders.read', 'tenders.write', 'data.allDepartments']);

describe('EUC query compiler', () => {
  let ds: DataSource;
  beforeAll(async () => {
    // Metadata only: the builders are inspected, never run.
    ds = new DataSource({
      type: 'better-sqlite3', database: ':memory:', namingStrategy: new PortableNamingStrategy(false),
      entities: [Contract, ContractChange, Inspection, Vendor, Department, Tender, Bid, BudgetLine, Qualification, QualApplication, VendorAccount, Evaluation],
    });
    await ds.initialize();
  });
  afterAll(async () => ds?.destroy());

  const sql = (q: EucQuery, u: AuthUser = STAFF, now?: Date) => {
    const c = compile(checkQuery(q, u), u, (e, a) => ds.createQueryBuilder(e as any, a), now);
    const [text, params] = c.select.getQueryAndParameters();
    return { c, text, params };
  };
  const refuse = (q: unknown, u: AuthUser = STAFF) => {
    try {
      checkQuery(q as EucQuery, u);
    } catch (e: any) {
      return { status: e.getStatus(), field: e.getResponse().errors?.[0]?.field, message: e.getResponse().message as string };
    }
    throw new Error('accepted');
  };

  it('every catalog field maps to a real column of its dataset or join', () => {
    for (const d of DATASETS) {
      const aliases = new Map<string, Function>([[d.alias, d.entity], ...d.joins.map((j) => [j.alias, j.entity] as [string, Function])]);
      for (const f of d.fields) {
        const [alias, prop] = f.expr.split('.');
        const meta = ds.getMetadata(aliases.get(alias)!);
        expect([d.key, f.key, !!meta.findColumnWithPropertyName(prop)]).toEqual([d.key, f.key, true]);
      }
      for (const k of d.defaultColumns) expect(d.fields.some((f) => f.key === k)).toBe(true);
    }
  });

  it('binds values as parameters and puts no user text into the SQL', () => {
    const evil = "x'); DROP TABLE contracts; --";
    const { text, params } = sql({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'contains', value: evil }], sort: [] });
    expect(text).not.toContain('DROP');
    expect(params).toContain(`%${evil.toLowerCase()}%`);
    expect(text).toMatch(/LIKE \? ESCAPE '\\'/);
  });

  it('escapes LIKE wildcards in user text', () => {
    const { params } = sql({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'startsWith', value: '50%_\\' }], sort: [] });
    expect(params).toContain('50\\%\\_\\\\%');
  });

  it('names result columns c0, c1 … whatever the field keys are', () => {
    const { text, c } = sql({ dataset: 'contracts', columns: ['amount', 'vendorName'], filters: [], sort: [] });
    expect(text).toMatch(/AS "c0".*AS "c1"/);
    expect(c.columns.map((x) => [x.key, x.alias])).toEqual([['amount', 'c0'], ['vendorName', 'c1']]);
  });

  it('scopes to the department unless the user sees all departments', () => {
    // TypeORM's SQLite driver writes validated numbers into the text itself (String(number) carries no SQL).
    expect(sql({ dataset: 'contracts', columns: ['title'], filters: [], sort: [] }).text).toContain('"c"."department_id" = 7');
    expect(sql({ dataset: 'contracts', columns: ['title'], filters: [], sort: [] }, CONTRACT_STAFF).text).not.toContain('scopeDepartmentId');
    expect(sql({ dataset: 'contracts', columns: ['title'], filters: [], sort: [] }, user(['euc.use', 'contracts.read'], null)).text).toContain('1 = 0');
  });

  it('masks secret tender prices for users without tenders.write, everywhere they are used', () => {
    const q: EucQuery = { dataset: 'tenders', columns: ['plannedPrice'], filters: [{ field: 'minimumPrice', op: 'notEmpty' }], sort: [{ field: 'designPrice', direction: 'asc' }] };
    const masked = sql(q).text;
    expect(masked.match(/CASE WHEN/g)).toHaveLength(3);
    expect(sql(q, CONTRACT_STAFF).text).not.toContain('CASE WHEN');
    // Scores of sheets not yet approved: managers only.
    const scores: EucQuery = { dataset: 'ratings', columns: ['finalScore'], filters: [], sort: [] };
    const reader = user(['euc.use', 'evaluation.read']);
    expect(sql(scores, reader).text).toContain('CASE WHEN "e"."status" IN (\'approved\', \'superseded\')');
    expect(sql(scores, user(['euc.use', 'evaluation.read', 'evaluation.manage'])).text).not.toContain('CASE WHEN');
    // Bids of unopened tenders are left out altogether.
    expect(sql({ dataset: 'bids', columns: ['amount'], filters: [], sort: [] }).text).toContain("pricePublication\" = 'before'".replace('pricePublication', 'price_publication'));
  });

  it('computes 今年度 / 前年度 / 直近N日 in Japan time at run time', () => {
    // 2027-03-31 20:00 UTC is already 1 April in Japan: fiscal year 2027.
    const now = new Date('2027-03-31T20:00:00Z');
    expect(relativeDayRange('thisFiscalYear', null, now)).toEqual({ from: '2027-04-01', to: '2028-03-31' });
    expect(relativeDayRange('lastFiscalYear', null, now)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(relativeDayRange('lastNDays', 7, now)).toEqual({ from: '2027-03-26', to: '2027-04-01' });
    expect(sql({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'fiscalYear', op: 'thisFiscalYear' }], sort: [] }, STAFF, now).text).toContain('"c"."fiscal_year" = 2027');
    expect(sql({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'contractDate', op: 'lastFiscalYear' }], sort: [] }, STAFF, now).params).toEqual(expect.arrayContaining(['2026-04-01', '2027-03-31']));
  });

  it('groups in SQL with aggregates under generated aliases', () => {
    const { text } = sql({ dataset: 'contracts', columns: [], filters: [], sort: [{ field: 'sum:amount', direction: 'desc' }], groupBy: { fields: ['departmentName'], aggregates: [{ fn: 'sum', field: 'amount' }, { fn: 'count' }] } });
    expect(text).toMatch(/SUM\("c"\."amount"\) AS "a0", COUNT\(\*\) AS "a1"/);
    expect(text).toMatch(/GROUP BY "d"\."name" ORDER BY SUM\("c"\."amount"\) DESC NULLS LAST/);
  });

  it('refuses unknown keys, wrong operators, bad values and oversize lists with a Japanese message naming the part', () => {
    expect(refuse({ dataset: 'users', columns: ['loginId'] })).toMatchObject({ status: 400, field: 'dataset' });
    expect(refuse({ dataset: 'contracts', columns: ['passwordHash'] })).toMatchObject({ field: 'columns' });
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'between', value: ['a', 'b'] }] }).message).toContain('件名');
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'amount', op: 'eq', value: '12abc' }] }).message).toContain('数値');
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'contractDate', op: 'eq', value: '2026-02-30' }] }).message).toContain('日付');
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'method', op: 'eq', value: 'hasOwnProperty' }] }).message).toContain('選択肢');
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'amount', op: 'between', value: [10, 1] }] }).message).toContain('開始');
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'title', op: 'in', value: Array(201).fill('a') }] }).message).toContain('200件');
    expect(refuse({ dataset: 'contracts', columns: ['title'], filters: [{ field: 'contractDate', op: 'lastNDays', value: 0 }] }).message).toContain('日数');
    expect(refuse({ dataset: 'contracts', columns: [] })).toMatchObject({ field: 'columns' });
    expect(refuse({ dataset: 'contracts', columns: ['title'], sort: [{ field: 'sum:amount', direction: 'asc' }] })).toMatchObject({ field: 'sort[0]' });
    expect(refuse({ dataset: 'contracts', columns: ['title'] }, user(['euc.use', 'tenders.read']))).toMatchObject({ field: 'dataset' });
  });

  it('decodes raw rows: numbers from numeric strings, DATE objects as their calendar day, timestamps as ISO', () => {
    const cols = [
      { key: 'n', label: '', type: 'number' as const, alias: 'c0' },
      { key: 'd', label: '', type: 'date' as const, alias: 'c1' },
      { key: 't', label: '', type: 'datetime' as const, alias: 'c2' },
    ];
    expect(decodeRow(cols, { c0: '1200000', c1: new Date(2026, 3, 1), c2: '2026-04-01 01:02:03.000' })).toEqual({ n: 1_200_000, d: '2026-04-01', t: '2026-04-01T01:02:03.000Z' });
    expect(decodeRow(cols, { C0: 5, c1: null, c2: null })).toEqual({ n: 5, d: null, t: null });
  });
});
