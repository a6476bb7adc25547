import { existsSync, statSync } from 'node:fs';
import { CONSTRUCTION_TRADES } from '@keiyaku/domain';
import { ApiProcess, DbTarget, postgresDatabase, sleep } from './support/api-process';
import { Session } from './support/session';

/**
 * kill -9 of the built api in the middle of work, then a restart on the same database: every
 * write is all there or not there at all, the audit chain still verifies, and the work can be
 * done again. Runs on SQLite, and on PostgreSQL when the test server is reachable.
 */
const HEADER = '業者番号,法人番号,商号,フリガナ,代表者役職,代表者氏名,郵便番号,所在地,電話番号,FAX番号,地域区分,登録日,状態';
// Enough rows that the kill lands while they are being written: batched inserts take 1,500 rows
// in well under a second, and on SQLite a transaction that small stays in the page cache until
// its commit, so the write-ahead log only grows when it is already done.
const importRows = () => Number(process.env.REL_IMPORT_ROWS ?? 8000);

function vendorsCsv(rows: number): Buffer {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(6, '0');
    lines.push(`${n},,試験建設${n},シケンケンセツ,,防府 太郎${i},747-0001,山口県防府市大字台道${i}番地,0835-22-0001,,市内,令和元年5月1日,有効`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

const targets: Array<[string, () => Promise<{ db: DbTarget | 'sqlite'; drop: () => Promise<void> } | null>]> = [
  ['SQLite', async () => ({ db: 'sqlite', drop: async () => undefined })],
  ['PostgreSQL', async () => {
    const pgDb = await postgresDatabase();
    return pgDb && { db: { type: 'postgres', url: pgDb.url }, drop: pgDb.drop };
  }],
];

describe.each(targets)('kill -9 of the api on %s', (label, make) => {
  let api: ApiProcess | null = null;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const target = await make();
    if (!target) {
      if (['1', 'true'].includes(String(process.env.REQUIRE_POSTGRES))) throw new Error(`${label}: not reachable, but REQUIRE_POSTGRES=1`);
      return;
    }
    drop = target.drop;
    api = await ApiProcess.create(target.db);
    await api.start();
  });
  afterAll(async () => {
    await api?.dispose();
    await drop();
  });

  const verifyAudit = async () => {
    const admin = await Session.signIn(api!.baseUrl, 'admin');
    const v = await admin.get('/api/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ ok: true });
  };

  it('leaves nothing of an import it killed half-way, and the import runs again after the restart', async () => {
    if (!api) return console.warn(`${label} not reachable: skipped`);
    const rows = importRows();
    const clerk = await Session.signIn(api.baseUrl, 'contract');
    const fileId = await clerk.upload(vendorsCsv(rows), 'vendors.csv');
    const job = await clerk.post('/api/imports/commit', { fileId, kind: 'legacyVendors', mode: 'allOrNothing' });
    expect(job.status).toBe(202);
    // Kill once the rows are being written. On PostgreSQL the job reports progress (≥ 20 is the
    // apply phase); on SQLite the synchronous driver keeps the event loop busy until the commit,
    // so the sign is the write-ahead log growing with the open transaction's pages.
    const wal = api.db.type === 'sqlite' ? `${api.db.path}-wal` : null;
    const walAtStart = wal && existsSync(wal) ? statSync(wal).size : 0;
    let writing = false;
    for (let i = 0; i < 2400 && !writing; i++) {
      if (wal) {
        writing = existsSync(wal) && statSync(wal).size > walAtStart + 512 * 1024;
      } else {
        const seen = (await clerk.get(`/api/jobs/${job.body.id}`)).body;
        if (seen.status !== 'queued' && seen.status !== 'running') break;
        writing = seen.status === 'running' && seen.progress >= 25;
      }
      if (!writing) await sleep(25);
    }
    expect(writing).toBe(true);
    await api.kill9();

    await api.start();
    const vendors = await api.count('vendors');
    const versions = await api.count('vendor_versions');
    // All-or-nothing in one transaction: the cut-off transaction left no row behind.
    expect({ vendors, versions }).toEqual({ vendors: 0, versions: 0 });
    const after = await (await Session.signIn(api.baseUrl, 'contract')).get(`/api/jobs/${job.body.id}`);
    expect(after.body.status).toBe('failed');
    expect(await api.count('import_runs', "status = 'succeeded'")).toBe(0);
    await verifyAudit();

    const again = await Session.signIn(api.baseUrl, 'contract');
    const rerun = await again.post('/api/imports/commit', { fileId: await again.upload(vendorsCsv(rows), 'vendors.csv'), kind: 'legacyVendors', mode: 'allOrNothing' });
    let done: any = null;
    for (let i = 0; i < 2400; i++) {
      done = (await again.get(`/api/jobs/${rerun.body.id}`)).body;
      if (done.status !== 'queued' && done.status !== 'running') break;
      await sleep(100);
    }
    expect(done.status).toBe('succeeded');
    expect(await api.count('vendors')).toBe(rows);
    expect(await api.count('vendor_versions')).toBe(rows);
    await verifyAudit();
  });

  it('leaves no half-written vendor or 経審 result when killed under a stream of multi-row writes', async () => {
    if (!api) return console.warn(`${label} not reachable: skipped`);
    const trades = CONSTRUCTION_TRADES.map((t) => t.code);
    const scores = trades.map((tradeCode, i) => ({ tradeCode, x1: 700 + i, z: 800 + i }));
    const before = { results: await api.count('keishin_results'), vendors: await api.count('vendors') };
    const sessions = await Promise.all(Array.from({ length: 4 }, () => Session.signIn(api!.baseUrl, 'contract')));
    let stop = false;
    let acknowledged = 0;
    const unexpected: string[] = [];
    const worker = async (s: Session, w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const v = await s.post('/api/vendors', {
            name: `停止試験${w}-${i}`, nameKana: 'テイシシケン', representativeName: '防府 花子', postalCode: '747-0001',
            address: '山口県防府市寿町1番地', phone: '0835-22-0002', locality: 'local', entityType: 'individual',
          });
          if (v.status !== 201) {
            unexpected.push(`vendor ${v.status} ${JSON.stringify(v.body).slice(0, 200)}`);
            continue;
          }
          // One 経審 result with a score for every trade: 1 + 29 rows, plus the vendor's history and audit rows.
          const k = await s.post(`/api/vendors/${v.body.id}/keishin`, { baseDate: '2026-03-31', x2: 750, y: 800, w: 900, scores });
          if (k.status === 201) acknowledged++;
          else unexpected.push(`keishin ${k.status} ${JSON.stringify(k.body).slice(0, 200)}`);
        } catch {
          return; // the server went away
        }
      }
    };
    const running = sessions.map(worker);
    // Long enough for several complete writes, then cut one off in flight.
    for (let i = 0; i < 600 && acknowledged < 8; i++) await sleep(25);
    await sleep(Math.floor(Math.random() * 150));
    await api.kill9();
    stop = true;
    await Promise.all(running);
    expect(unexpected).toEqual([]);
    expect(acknowledged).toBeGreaterThanOrEqual(8);

    await api.start();
    const partial = await api.query(
      'SELECT r.id, COUNT(s.id) AS n FROM keishin_results r LEFT JOIN keishin_scores s ON s.result_id = r.id GROUP BY r.id HAVING COUNT(s.id) <> ' + trades.length,
    );
    expect(partial).toEqual([]);
    // Each vendor written here has its registration in the history, and one more entry per 経審 result.
    const unbalanced = await api.query(
      `SELECT v.id FROM vendors v WHERE v.name LIKE '停止試験%' AND (SELECT COUNT(*) FROM vendor_versions h WHERE h.vendor_id = v.id) <> 1 + (SELECT COUNT(*) FROM keishin_results r WHERE r.vendor_id = v.id)`,
    );
    expect(unbalanced).toEqual([]);
    // Every acknowledged write survived the kill (durability), at most the ones in flight are missing.
    expect(await api.count('keishin_results')).toBeGreaterThanOrEqual(before.results + acknowledged);
    expect(await api.count('vendors')).toBeGreaterThanOrEqual(before.vendors + acknowledged);
    await verifyAudit();
  });
});
