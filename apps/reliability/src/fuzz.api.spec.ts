import * as iconv from 'iconv-lite';
import fc from 'fast-check';
import { JobsService } from '@keiyaku/server/platform';
import { Client, startTestApp, TestApp } from '../../api/src/testing/test-app';

/**
 * Property-based fuzzing of the main write routes and of CSV imports, in process on a real
 * database (SQLite, or PostgreSQL with TEST_DB=postgres): whatever the body, the answer is never
 * 5xx, and a refused write changes no table (no partial writes).
 */
const RUNS = Number(process.env.REL_FUZZ_RUNS ?? 40);
const SEED = process.env.REL_FUZZ_SEED ? Number(process.env.REL_FUZZ_SEED) : undefined;
const TABLES = [
  'vendors', 'vendor_versions', 'keishin_results', 'keishin_scores', 'vendor_offices', 'contracts', 'contract_changes', 'contract_payments',
  'tenders', 'tender_designations', 'bids', 'departments', 'audit_logs', 'import_runs', 'budget_lines',
];

/** Values that break naive handlers: wrong types, extremes, odd text, nesting, prototype keys. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    -1, 0, 2 ** 31, 2 ** 53, -(2 ** 53), 1e21, 1e308, -1e308, 999_999_999_999_999, 1_000_000_000_000_000, 0.5,
    '', ' ', '　', '0', '-1', '1e309', 'NaN', 'null', 'true', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-06-01T00:00:00Z',
    "' OR 1=1 --", '"; DROP TABLE vendors; --', '\u0000', '\uFFFF', '\uD800', '𠮷野家'.repeat(120), 'ｱ'.repeat(301), 'x'.repeat(5000),
    '__proto__', 'constructor', '<script>alert(1)</script>', '${7*7}', '../../etc/passwd', '㈱①髙﨑',
  ),
  fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 4 }),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"admin": true}}}')),
);

/** A valid body with some fields replaced, removed or added; or any JSON at all. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const mutated = fc
    .record({
      replace: fc.subarray(keys, { minLength: 1 }),
      values: fc.array(hostile, { minLength: keys.length, maxLength: keys.length }),
      drop: fc.subarray(keys, { maxLength: 2 }),
      extra: fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id', 'version', 'createdAt', 'search_text')), hostile, { maxKeys: 3 }),
    })
    .map(({ replace, values, drop, extra }) => {
      const body: Record<string, unknown> = { ...valid };
      replace.forEach((k, i) => (body[k] = values[i]));
      for (const k of drop) delete body[k];
      for (const [k, v] of Object.entries(extra)) Object.defineProperty(body, k, { value: v, enumerable: true, configurable: true, writable: true });
      return body;
    });
  return fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 }, { arbitrary: fc.constant(valid), weight: 1 });
}

describe('fuzzing (fast-check)', () => {
  let t: TestApp;
  let clerk: Client;
  let admin: Client;
  let vendorId: number;
  let vendorVersion: number;
  let contractId: number;
  let tenderId: number;
  const q = (name: string) => t.dataSource.driver.escape(name);

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${q(table)}`))[0].n);
    return out;
  };

  /** Sends every generated body; collects 5xx and refused writes that still changed a table. */
  const fuzz = async (client: Client, method: 'post' | 'patch' | 'put', url: string | (() => string), arb: fc.Arbitrary<unknown>) => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(arb, async (body) => {
        const before = await counts();
        const target = typeof url === 'string' ? url : url();
        // Serialised here: supertest sends only objects as JSON, and a bare number or string is a body too.
        const res = await client.raw(method, target).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
        if (res.status >= 500) problems.push(`${res.status} ${method.toUpperCase()} ${target} ${JSON.stringify(body).slice(0, 300)}`);
        if (res.status >= 400) {
          const after = await counts();
          const changed = TABLES.filter((tb) => after[tb] !== before[tb]);
          if (changed.length) problems.push(`refused (${res.status}) but wrote ${changed.join(', ')}: ${JSON.stringify(body).slice(0, 300)}`);
        }
        if (problems.length) throw new Error(problems.join('\n'));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  };

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await Client.signIn(t, 'contract');
    admin = await Client.signIn(t, 'admin');
    const v = await clerk.post('/api/vendors', VENDOR);
    expect(v.status).toBe(201);
    vendorId = v.body.id;
    vendorVersion = v.body.version;
    const c = await clerk.post('/api/contracts', { ...CONTRACT, vendorId });
    expect(c.status).toBe(201);
    contractId = c.body.id;
    const td = await clerk.post('/api/tenders', TENDER);
    expect(td.status).toBe(201);
    tenderId = td.body.id;
  }, 120_000);
  afterAll(async () => t?.close());

  const VENDOR = {
    name: '有限会社ふぁず工務店', nameKana: 'ファズコウムテン', representativeName: '防府 次郎', postalCode: '747-0002',
    address: '山口県防府市牟礼2番地', phone: '0835-22-0003', locality: 'semiLocal', entityType: 'individual', capital: 3_000_000,
  };
  const CONTRACT = {
    title: '市道試験線舗装工事', category: 'construction', tradeCode: '020', method: 'designated', location: '防府市牟礼', amount: 11_000_000,
    contractDate: '2026-06-01', periodFrom: '2026-06-02', periodTo: '2026-10-30', advanceRate: 40, notes: '試験',
  };
  const TENDER = { title: '市道試験線改良工事', category: 'construction', tradeCode: '010', method: 'designated', plannedPrice: 30_000_000, openingDate: '2026-07-01' };

  it('POST /api/vendors', () => fuzz(clerk, 'post', '/api/vendors', bodies(VENDOR)));
  it('PATCH /api/vendors/:id', () => fuzz(clerk, 'patch', () => `/api/vendors/${vendorId}`, bodies({ name: '有限会社ふぁず工務店（改）', phone: '0835-22-0004', version: vendorVersion })));
  it('POST /api/vendors/:id/keishin', () =>
    fuzz(clerk, 'post', () => `/api/vendors/${vendorId}/keishin`, bodies({ baseDate: '2026-03-31', x2: 700, y: 800, w: 900, scores: [{ tradeCode: '010', x1: 800, z: 900 }, { tradeCode: '020', x1: 700, z: 800 }] })));
  it('POST /api/contracts', () => fuzz(clerk, 'post', '/api/contracts', bodies({ ...CONTRACT, vendorId: 1 })));
  it('PATCH /api/contracts/:id', () => fuzz(clerk, 'patch', () => `/api/contracts/${contractId}`, bodies({ notes: '変更', amount: 12_000_000, periodTo: '2026-11-30', version: 1 })));
  it('POST /api/contracts/:id/changes', () =>
    fuzz(clerk, 'post', () => `/api/contracts/${contractId}/changes`, bodies({ changeDate: '2026-08-01', amount: 12_100_000, periodTo: '2026-11-30', reason: '数量の増' })));
  it('POST /api/tenders', () => fuzz(clerk, 'post', '/api/tenders', bodies(TENDER)));
  it('PATCH /api/tenders/:id', () => fuzz(clerk, 'patch', () => `/api/tenders/${tenderId}`, bodies({ title: '市道試験線改良工事（その2）', plannedPrice: 31_000_000, version: 1 })));
  it('PUT /api/tenders/:id/designations and bids', async () => {
    await fuzz(clerk, 'put', () => `/api/tenders/${tenderId}/designations`, bodies({ version: 1, vendors: [{ vendorId: 1, selected: true }] }));
    await fuzz(clerk, 'put', () => `/api/tenders/${tenderId}/bids`, bodies({ version: 1, round: 1, bids: [{ vendorId: 1, amount: 29_000_000 }] }));
  });
  it('POST /api/departments (administrator)', () => fuzz(admin, 'post', '/api/departments', bodies({ code: 'FZ1', name: 'ファズ課' })));

  it('answers malformed and oversized JSON with 4xx', async () => {
    const payloads = ['{', '[', '{"a":', '{"name": "x",}', 'null', '"text"', '1e999999', "{'a':1}", '\u0000', '['.repeat(50_000) + ']'.repeat(50_000), `{"notes":"${'x'.repeat(3_000_000)}"}`];
    const statuses: Array<[string, number]> = [];
    for (const p of payloads) {
      const before = await counts();
      const res = await clerk.raw('post', '/api/vendors').set('Content-Type', 'application/json').send(p);
      statuses.push([p.slice(0, 20), res.status]);
      expect(await counts()).toEqual(before);
    }
    expect(statuses.filter(([, s]) => s >= 500 || s < 400)).toEqual([]);
  });

  describe('CSV imports', () => {
    const upload = async (body: Buffer, name: string) => {
      const res = await clerk.raw('post', '/api/files').field('purpose', 'import').attach('file', body, name);
      return res;
    };
    const VENDOR_HEADER = ['業者番号', '法人番号', '商号', 'フリガナ', '代表者役職', '代表者氏名', '郵便番号', '所在地', '電話番号', 'FAX番号', '地域区分', '登録日', '状態'];
    const BUDGET_HEADER = ['年度', '会計', '予算科目コード', '予算科目名称', '所管課コード', '事業名', '予算現額', '執行済額'];
    const cell = fc.oneof(
      { arbitrary: fc.string({ maxLength: 12 }), weight: 3 },
      { arbitrary: fc.constantFrom('', '000101', '7000012050002', '㈱髙橋建設', 'ﾀｶﾊｼｹﾝｾﾂ', '747-0001', '0835-22-0001', '市内', '令和元年5月1日', 'H31.4.30', '有効', '１２,０００円', '"', '""', '\r\n', ',', '合計', '2026', 'R8'), weight: 3 },
      { arbitrary: fc.integer().map(String), weight: 1 },
    );
    const csvText = (header: string[]) =>
      fc
        .record({
          header: fc.oneof({ arbitrary: fc.constant(header), weight: 4 }, { arbitrary: fc.shuffledSubarray(header), weight: 1 }, { arbitrary: fc.array(fc.string({ maxLength: 6 }), { maxLength: 6 }), weight: 1 }),
          rows: fc.array(fc.array(cell, { minLength: 0, maxLength: header.length + 2 }), { maxLength: 12 }),
          quote: fc.boolean(),
          bom: fc.boolean(),
        })
        .map(({ header: h, rows, quote, bom }) => {
          const enc = (v: string) => (quote || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, quote ? '"' : '""')}"` : v);
          return (bom ? '\uFEFF' : '') + [h, ...rows].map((r) => r.map(enc).join(',')).join('\r\n');
        });
    const files = (header: string[]) =>
      fc.oneof(
        { arbitrary: csvText(header).map((s) => Buffer.from(s, 'utf8')), weight: 3 },
        { arbitrary: csvText(header).map((s) => iconv.encode(s, 'CP932')), weight: 3 },
        { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), weight: 1 },
      );

    const importFuzz = (kind: string, header: string[], table: string) =>
      fc.asyncProperty(files(header), fc.constantFrom('allOrNothing', 'goodRows'), fc.constantFrom(undefined, 'auto', 'utf8', 'cp932'), async (file, mode, encoding) => {
        const up = await upload(file, 'fuzz.csv');
        if (up.status >= 500) throw new Error(`upload ${up.status}`);
        if (up.status >= 400) return true;
        const fileId = up.body.id;
        const dry = await clerk.post('/api/imports/dry-run', { fileId, kind, ...(encoding ? { encoding } : {}) });
        if (dry.status >= 500) throw new Error(`dry run ${dry.status}: ${JSON.stringify(dry.body)}`);
        const before = await counts();
        const job = await clerk.post('/api/imports/commit', { fileId, kind, mode, ...(encoding ? { encoding } : {}) });
        if (job.status >= 500) throw new Error(`commit ${job.status}: ${JSON.stringify(job.body)}`);
        if (job.status >= 400) {
          expect(await counts()).toEqual(before);
          return true;
        }
        await t.app.get(JobsService).idle();
        const done = (await clerk.get(`/api/jobs/${job.body.id}`)).body;
        // A job that failed on an unexpected error is this pipeline's 5xx.
        if (done.status === 'failed' && /管理者に連絡/.test(done.message ?? '')) throw new Error(`import job crashed: ${done.message}`);
        const after = await counts();
        const report = done.result;
        if (done.status !== 'succeeded' || report?.status === 'rejected') {
          // Refused: not one business row written (the run record and its audit entry may be).
          for (const tb of TABLES.filter((x) => !['import_runs', 'audit_logs'].includes(x))) expect([tb, after[tb]]).toEqual([tb, before[tb]]);
        } else {
          expect(after[table] - before[table]).toBe(report.counts.create);
        }
        return true;
      });

    it('legacy vendor files', async () => {
      await fc.assert(importFuzz('legacyVendors', VENDOR_HEADER, 'vendors'), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    });
    it('budget line files', async () => {
      await fc.assert(importFuzz('budgetLines', BUDGET_HEADER, 'budget_lines'), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    });
  });
});
