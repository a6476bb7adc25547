import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';

describe('audit trail (HTTP)', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await Client.signIn(t, 'admin');
  });
  afterAll(async () => t?.close());

  const table = () => t.dataSource.getMetadata('AuditLog').tableName;
  const column = (prop: string) => t.dataSource.getMetadata('AuditLog').findColumnWithPropertyName(prop)!.databaseName;
  const q = (name: string) => t.dataSource.driver.escape(name);

  it('records who, when, IP, request id and before/after of every write, without secrets', async () => {
    const created = await admin.post('/api/departments', { code: 'AUD1', name: '監査課' });
    await admin.patch(`/api/departments/${created.body.id}`, { name: '監査室', version: 1 });
    const rows = (await admin.get(`/api/audit?entity=Department&limit=5&sort=seq:desc`)).body.rows;
    const [update, create] = rows;
    expect(create).toMatchObject({ action: 'create', entity: 'Department', entityId: String(created.body.id), loginId: 'admin' });
    expect(update).toMatchObject({ action: 'update', loginId: 'admin' });
    expect(update.requestId).toMatch(/[0-9a-f-]{36}/);
    expect(update.ip).toBeTruthy();
    const detail = (await admin.get(`/api/audit/${update.id}`)).body;
    expect(detail.before).toMatchObject({ name: '監査課', version: 1 });
    expect(detail.after).toMatchObject({ name: '監査室', version: 2 });
    expect(detail.hash).toMatch(/^[0-9a-f]{64}$/);
    const userCreate = await admin.post('/api/users', { loginId: 'audited', name: '監査 対象', departmentId: created.body.id, roles: ['viewer'], password: 'sufficiently-long' });
    const userRow = (await admin.get(`/api/audit?entity=User&action=create&limit=1&sort=seq:desc`)).body.rows[0];
    expect(userRow.entityId).toBe(String(userCreate.body.id));
    const userDetail = (await admin.get(`/api/audit/${userRow.id}`)).body;
    expect(userDetail.after.passwordHash).toBe('[秘匿]');
  });

  it('records sign-in and sign-out events', async () => {
    const c = await Client.signIn(t, 'works');
    await c.post('/api/auth/logout');
    const rows = (await admin.get('/api/audit?loginId=works&limit=5&sort=seq:desc')).body.rows.map((r: any) => r.action);
    expect(rows.slice(0, 2)).toEqual(['logout', 'login']);
    // The sign-in's own bookkeeping is not a second, anonymous "update User" row.
    const anonymous = (await admin.get('/api/audit?action=update&entity=User&limit=100')).body.rows.filter((r: any) => !r.entityId);
    expect(anonymous).toEqual([]);
  });

  it('is readable by administrators only', async () => {
    for (const role of ['contract', 'viewer', 'operator', 'inspector']) {
      const c = await Client.signIn(t, role);
      expect((await c.get('/api/audit')).status).toBe(403);
      expect((await c.get('/api/audit/verify')).status).toBe(403);
    }
  });

  it('keeps one unbroken chain under concurrent writes', async () => {
    const writes = Array.from({ length: 12 }, (_, i) => admin.post('/api/departments', { code: `PAR${i}`, name: `並行${i}` }));
    const results = await Promise.all(writes);
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const verify = await admin.get('/api/audit/verify');
    expect(verify.body.ok).toBe(true);
    const seqs = (await admin.get('/api/audit?limit=1000&sort=seq:asc')).body.rows.map((r: any) => r.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
  });

  it('keeps the chain when one save writes several rows at once', async () => {
    // By entity name: the audit library's tests do not import the auth library.
    const repo = t.dataSource.getRepository<{ code: string; name: string }>('Department');
    await repo.save([repo.create({ code: 'BULK1', name: '一括1' }), repo.create({ code: 'BULK2', name: '一括2' }), repo.create({ code: 'BULK3', name: '一括3' })]);
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
    expect((await admin.get('/api/audit?entity=Department&q=BULK')).body.total).toBe(3);
  });

  it('reports a row edited directly in the database', async () => {
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
    const target = (await admin.get('/api/audit?action=create&entity=Department&limit=1&sort=seq:asc')).body.rows[0];
    await t.dataSource.query(`UPDATE ${q(table())} SET ${q(column('summary'))} = 'tampered' WHERE ${q(column('id'))} = ${target.id}`);
    const res = (await admin.get('/api/audit/verify')).body;
    expect(res.ok).toBe(false);
    expect(res.firstBroken).toMatchObject({ seq: target.seq, id: target.id });
    expect(res.firstBroken.reason).toContain('変更');
    expect(res.checked).toBe(target.seq - 1);
  });

  it('reports rows deleted from the middle or the end of the chain', async () => {
    const fresh = await startTestApp();
    try {
      const a = await Client.signIn(fresh, 'admin');
      await a.post('/api/departments', { code: 'DEL1', name: '削除試験' });
      const last = (await a.get('/api/audit?limit=1&sort=seq:desc')).body.rows[0];
      const ds = fresh.dataSource;
      const tn = ds.driver.escape(ds.getMetadata('AuditLog').tableName);
      const seqCol = ds.driver.escape(ds.getMetadata('AuditLog').findColumnWithPropertyName('seq')!.databaseName);
      await ds.query(`DELETE FROM ${tn} WHERE ${seqCol} = ${last.seq}`);
      const tail = (await a.get('/api/audit/verify')).body;
      expect(tail.ok).toBe(false);
      expect(tail.firstBroken.reason).toContain('削除');
      await ds.query(`DELETE FROM ${tn} WHERE ${seqCol} = 3`);
      expect((await a.get('/api/audit/verify')).body.firstBroken).toMatchObject({ seq: 3 });
    } finally {
      await fresh.close();
    }
  });
});
