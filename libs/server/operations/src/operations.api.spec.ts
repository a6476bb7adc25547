import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';

const SCRAPE_TOKEN = 'prometheus-scrape-token-0123456789abcdef';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { MaintenanceWindow } from './entities';

const iso = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString();

describe('maintenance mode, environment, monitoring (HTTP)', () => {
  let t: TestApp;
  let dir: string;
  let admin: Client;
  let contract: Client;
  let operator: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keiyaku-ops-'));
    t = await startTestApp({ BACKUP_DIR: dir, APP_ENVIRONMENT: 'test', METRICS_TOKEN: SCRAPE_TOKEN });
    admin = await Client.signIn(t, 'admin');
    contract = await Client.signIn(t, 'contract');
    operator = await Client.signIn(t, 'operator');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says publicly which environment this is (the 検証環境 ribbon)', async () => {
    const res = await t.http().get('/api/ops/status');
    expect(res.status).toBe(200);
    expect(res.body.environment).toEqual({ kind: 'test', label: '検証環境' });
    expect(res.body.maintenance).toEqual([]);
  });

  it('announces a future window to everyone and keeps writes open until it starts', async () => {
    const created = await operator.post('/api/ops/maintenance-windows', { startsAt: iso(60), endsAt: iso(120), message: 'サーバー更新のため停止します。' });
    expect(created.status).toBe(201);
    const status = await t.http().get('/api/ops/status');
    expect(status.body.maintenance).toEqual([expect.objectContaining({ message: 'サーバー更新のため停止します。', active: false })]);
    // A write still goes through to its own validation (400, not 503).
    expect((await contract.put('/api/me/grid-states/ops', { state: {} })).status).not.toBe(503);
    await operator.post(`/api/ops/maintenance-windows/${created.body.id}/cancel`, {});
    expect((await t.http().get('/api/ops/status')).body.maintenance).toEqual([]);
  });

  it('during a window every write answers 503 with the message, reads work, administrators are excepted', async () => {
    const bad = await admin.post('/api/ops/maintenance-windows', { startsAt: iso(10), endsAt: iso(5), message: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('endsAt');
    expect((await admin.post('/api/ops/maintenance-windows', {})).status).toBe(400);

    const w = await admin.post('/api/ops/maintenance-windows', { startsAt: iso(-1), endsAt: iso(30), message: '年度更新作業中です。' });
    expect(w.status).toBe(201);
    const before = await t.dataSource.getRepository(MaintenanceWindow).count();

    const write = await contract.put('/api/me/grid-states/ops', { state: { columns: [] } });
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('MAINTENANCE');
    expect(write.body.message).toContain('メンテナンス中のため、登録・変更はできません');
    expect(write.body.message).toContain('年度更新作業中です。');
    expect((await contract.post('/api/vendors', {})).status).toBe(503);
    // Reads are unaffected; signing in and out still work.
    expect((await contract.get('/api/vendors?limit=1')).status).toBe(200);
    expect((await Client.signIn(t, 'viewer')).csrf).toBeTruthy();
    // The administrator keeps working (the request reaches its own validation).
    const adminWrite = await admin.post('/api/vendors', {});
    expect(adminWrite.status).toBe(400);
    expect((await t.http().get('/api/ops/status')).body.maintenance[0]).toMatchObject({ active: true, message: '年度更新作業中です。' });

    // Ending the window early reopens writes at once.
    expect((await operator.post(`/api/ops/maintenance-windows/${w.body.id}/cancel`, {})).status).toBe(200);
    expect((await contract.put('/api/me/grid-states/ops', { state: { columns: [] } })).status).not.toBe(503);
    expect(await t.dataSource.getRepository(MaintenanceWindow).count()).toBe(before);
    // Scheduling is for administrators and operators only.
    expect((await contract.post('/api/ops/maintenance-windows', { startsAt: iso(1), endsAt: iso(2), message: 'x' })).status).toBe(403);
    expect((await operator.get('/api/ops/maintenance-windows')).body.length).toBe(2);
  });

  it('serves Prometheus metrics and detailed health to operators, not to business staff', async () => {
    await t.http().get('/api/ops/status');
    const res = await operator.get('/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    expect(text).toMatch(/^keiyaku_http_requests_total\{method="GET",route="\/api\/ops\/status",status="200"\} \d+$/m);
    expect(text).toMatch(/^keiyaku_http_request_duration_seconds_bucket\{method="GET",route="\/api\/ops\/status",le="\+Inf"\} \d+$/m);
    expect(text).toContain('# TYPE keiyaku_http_request_duration_seconds histogram');
    expect(text).toMatch(/^keiyaku_backup_age_seconds -1$/m);
    expect(text).toMatch(/^keiyaku_maintenance_active 0$/m);
    expect(text).toContain('keiyaku_job_failures_total');
    // Ids never become labels: the route pattern is used.
    await admin.get('/api/vendors/123456');
    expect((await operator.get('/api/metrics')).text).toContain('route="/api/vendors/:id"');
    expect((await contract.get('/api/metrics')).status).toBe(403);
    // The monitoring server scrapes with the configured bearer token, without a session; a wrong token is refused.
    const scraped = await t.http().get('/api/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('keiyaku_http_requests_total');
    expect((await t.http().get('/api/metrics').set('Authorization', 'Bearer wrong-token')).status).toBe(401);
    expect((await t.http().get('/api/metrics')).status).toBe(401);
    // The token opens nothing else.
    expect((await t.http().get('/api/ops/health').set('Authorization', `Bearer ${SCRAPE_TOKEN}`)).status).toBe(401);

    const health = await admin.get('/api/ops/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ environment: 'test', database: { type: t.config.db.type, reachable: true, pendingMigrations: false } });
    expect(health.body.disks.backups.path).toBe(dir);
    expect(typeof health.body.disks.data.freeBytes).toBe('number');
    expect((await contract.get('/api/ops/health')).status).toBe(403);
  });

  it('the monthly maintenance record (xlsx) lists who did what and when from the audit trail', async () => {
    const month = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7);
    const res = await operator.raw('get', `/api/ops/maintenance-record?month=${month}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`保守作業記録_${month.replace('-', '')}.xlsx`));
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([`保守作業記録（${Number(month.slice(0, 4))}年${Number(month.slice(5))}月）`, 'バックアップ', 'メンテナンス']);
    const rows = wb.worksheets[0].getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1));
    // The windows scheduled above: who (operator, admin), what (登録 MaintenanceWindow), and their sign-ins.
    expect(rows).toEqual(expect.arrayContaining([
      expect.arrayContaining(['operator', '登録', 'MaintenanceWindow']),
      expect.arrayContaining(['admin', '登録', 'MaintenanceWindow']),
      expect.arrayContaining(['admin', 'ログイン']),
    ]));
    // Business staff's own work is not maintenance.
    expect(rows.some((r) => r[1] === 'contract' && r[4] === 'ログイン')).toBe(false);
    expect(wb.worksheets[2].getSheetValues().slice(4).length).toBeGreaterThanOrEqual(2);

    expect((await operator.get('/api/ops/maintenance-record?month=2026-13')).status).toBe(400);
    expect((await contract.get(`/api/ops/maintenance-record?month=${month}`)).status).toBe(403);
  });
});
