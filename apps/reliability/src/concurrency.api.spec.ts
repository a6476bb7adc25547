import { chainHash, AuditLog } from '@keiyaku/server/audit';
import { Client, startTestApp, TestApp } from '../../api/src/testing/test-app';
import { postgresDatabaseReachable } from './support/api-process';

/**
 * Concurrent edits lose nothing (optimistic locking: a stale version is 409, and a client that
 * re-reads and retries gets its change in), and the audit chain notices tampering however it is
 * done. In process on SQLite, or PostgreSQL with TEST_DB=postgres.
 */
const DATABASES = [['SQLite', 'sqlite'], ['PostgreSQL', 'postgres']] as const;

describe.each(DATABASES)('concurrent edits and the audit chain on %s', (label, db) => {
  let t: TestApp;
  let skip = false;
  let clerks: Client[];
  let admin: Client;
  let vendorId: number;
  let contractId: number;

  beforeAll(async () => {
    // The test app reads TEST_DB when it creates its database.
    const previous = process.env.TEST_DB;
    process.env.TEST_DB = db;
    try {
      if (db === 'postgres' && !(await postgresDatabaseReachable())) {
        if (['1', 'true'].includes(String(process.env.REQUIRE_POSTGRES))) throw new Error(`${label}: not reachable, but REQUIRE_POSTGRES=1`);
        skip = true;
        return;
      }
      t = await startTestApp();
    } finally {
      process.env.TEST_DB = previous;
    }
    clerks = await Promise.all(Array.from({ length: 6 }, () => Client.signIn(t, 'contract')));
    admin = await Client.signIn(t, 'admin');
    const v = await clerks[0].post('/api/vendors', {
      name: '並行工務店', nameKana: 'ヘイコウコウムテン', representativeName: '防府 三郎', postalCode: '747-0003',
      address: '山口県防府市天神1番地', phone: '0835-22-0005', locality: 'local', entityType: 'individual',
    });
    expect(v.status).toBe(201);
    vendorId = v.body.id;
    const c = await clerks[0].post('/api/contracts', {
      title: '並行編集の契約', category: 'construction', tradeCode: '020', method: 'designated', amount: 5_500_000, vendorId,
      contractDate: '2026-06-01', periodFrom: '2026-06-02', periodTo: '2026-09-30',
    });
    expect(c.status).toBe(201);
    contractId = c.body.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it.each([
    ['contract', () => `/api/contracts/${contractId}`, (i: number) => ({ notes: `同時${i}` }), 'notes'],
    ['vendor', () => `/api/vendors/${vendorId}`, (i: number) => ({ notes: `同時${i}` }), 'notes'],
  ])('lets exactly one of six simultaneous edits of a %s with the same version win; the rest get 409', async (_, url, change, field) => {
    if (skip) return console.warn(`${label} not reachable: skipped`);
    const current = (await clerks[0].get(url())).body;
    const results = await Promise.all(clerks.map((c, i) => c.patch(url(), { ...change(i), version: current.version })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'VERSION_CONFLICT')).toBe(true);
    const winner = results.findIndex((r) => r.status === 200);
    const now = (await clerks[0].get(url())).body;
    expect(now[field]).toBe(change(winner)[field as 'notes']);
    expect(now.version).toBe(current.version + 1);
  });

  it('loses no update when every client re-reads and retries on 409', async () => {
    if (skip) return console.warn(`${label} not reachable: skipped`);
    const perClient = 3;
    const retries: number[] = [];
    const work = async (c: Client, who: number) => {
      for (let k = 0; k < perClient; k++) {
        for (let attempt = 0; ; attempt++) {
          const cur = (await c.get(`/api/contracts/${contractId}`)).body;
          const notes = `${cur.notes ?? ''}[${who}-${k}]`;
          const res = await c.patch(`/api/contracts/${contractId}`, { notes, version: cur.version });
          if (res.status === 200) break;
          expect(res.status).toBe(409);
          retries.push(who);
          if (attempt > 50) throw new Error('no progress');
        }
      }
    };
    const start = (await clerks[0].get(`/api/contracts/${contractId}`)).body;
    await clerks[0].patch(`/api/contracts/${contractId}`, { notes: null, version: start.version });
    await Promise.all(clerks.map(work));
    const end = (await clerks[0].get(`/api/contracts/${contractId}`)).body;
    const tokens = (end.notes as string).match(/\[\d+-\d+\]/g) ?? [];
    expect(tokens.sort()).toEqual(clerks.flatMap((_, who) => Array.from({ length: perClient }, (_, k) => `[${who}-${k}]`)).sort());
    expect(end.version).toBe(start.version + 1 + clerks.length * perClient);
    // The history shows every successful write once.
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
  });

  describe('audit chain tampering', () => {
    const repo = () => t.dataSource.getRepository(AuditLog);
    const table = () => t.dataSource.driver.escape(t.dataSource.getMetadata(AuditLog).tableName);
    const colName = (prop: string) => t.dataSource.driver.escape(t.dataSource.getMetadata(AuditLog).findColumnWithPropertyName(prop)!.databaseName);
    const verify = async () => (await admin.get('/api/audit/verify')).body;
    const middle = async () => {
      const rows = await repo().find({ order: { seq: 'ASC' } });
      expect(rows.length).toBeGreaterThan(10);
      return { rows, row: rows[Math.floor(rows.length / 2)] };
    };
    const setRaw = async (id: number, prop: string, value: string | number | null) =>
      t.dataSource.query(`UPDATE ${table()} SET ${colName(prop)} = ${typeof value === 'number' ? value : value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`} WHERE ${colName('id')} = ${id}`);

    it('detects an edited before/after image and is whole again once it is put back', async () => {
      if (skip) return;
      expect(await verify()).toMatchObject({ ok: true });
      const { row } = await middle();
      const original = (await t.dataSource.query(`SELECT ${colName('after')} AS a FROM ${table()} WHERE ${colName('id')} = ${row.id}`))[0].a;
      await setRaw(row.id, 'after', JSON.stringify({ amount: 1 }));
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: row.seq, id: row.id } });
      await setRaw(row.id, 'after', original);
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('detects an edit whose forger also recomputed the row hash (the next link breaks)', async () => {
      if (skip) return;
      const { rows, row } = await middle();
      const forged = { ...row, loginId: 'someone-else' };
      const forgedHash = chainHash(forged);
      await setRaw(row.id, 'loginId', 'someone-else');
      await setRaw(row.id, 'hash', forgedHash);
      const next = rows.find((r) => r.seq === row.seq + 1)!;
      expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: next.seq, id: next.id } });
      await setRaw(row.id, 'loginId', row.loginId);
      await setRaw(row.id, 'hash', row.hash);
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('detects two rows swapped and a row appended behind the head', async () => {
      if (skip) return;
      const { rows, row } = await middle();
      const other = rows.find((r) => r.seq === row.seq + 1)!;
      await setRaw(row.id, 'seq', -1);
      await setRaw(other.id, 'seq', row.seq);
      await setRaw(row.id, 'seq', other.seq);
      expect(await verify()).toMatchObject({ ok: false });
      await setRaw(row.id, 'seq', -1);
      await setRaw(other.id, 'seq', other.seq);
      await setRaw(row.id, 'seq', row.seq);
      expect(await verify()).toMatchObject({ ok: true });

      const last = rows[rows.length - 1];
      const fake = repo().create({ ...last, id: undefined, seq: last.seq + 1, prevHash: last.hash, summary: '偽の記録', occurredAt: new Date() });
      fake.hash = chainHash(fake);
      // Written past the subscriber (raw insert through the query builder is not audited).
      await t.dataSource.createQueryBuilder().insert().into(AuditLog).values(fake as never).execute();
      expect(await verify()).toMatchObject({ ok: false });
    });
  });
});
