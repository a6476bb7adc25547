import { ApiProcess, freePort, sleep } from './support/api-process';
import { PrivatePostgres } from './support/private-postgres';
import { Session } from './support/session';

/**
 * The database server restarts (and crashes) while 30 signed-in users work: the api keeps
 * running, answers while the database is away without crashing, and serves reads and writes
 * again by itself once the database is back — nobody restarts it.
 */
describe('a PostgreSQL restart under load', () => {
  let db: PrivatePostgres;
  let api: ApiProcess;
  let sessions: Session[];

  beforeAll(async () => {
    // No silent skip: without the server binaries this test cannot say anything, so it fails and says why.
    if (PrivatePostgres.binaries() === null) throw new Error('PostgreSQL のサーバー（initdb, pg_ctl）が見つかりません: Debian の postgresql パッケージを入れてください。');
    db = await PrivatePostgres.create(await freePort());
    api = await ApiProcess.create({ type: 'postgres', url: db.url });
    await api.start();
    sessions = [];
    for (let i = 0; i < 10; i++) sessions.push(await Session.signIn(api.baseUrl, i % 2 ? 'contract' : 'works'));
  }, 180_000);
  afterAll(async () => {
    await api?.dispose();
    db?.dispose();
  });

  type Outcome = { at: number; status: number; write: boolean };
  const countBy = (list: Outcome[]) => list.reduce<Record<number, number>>((m, o) => ({ ...m, [o.status]: (m[o.status] ?? 0) + 1 }), {});

  /** 30 users: mostly list and detail reads, every tenth request a vendor registration. */
  function load(outcomes: Outcome[], until: () => boolean) {
    const one = async (s: Session, w: number) => {
      for (let i = 0; !until(); i++) {
        const write = i % 10 === 9 && w % 2 === 1;
        let status: number;
        try {
          const res = write
            ? await s.post('/api/vendors', { name: `再起動試験${w}-${i}`, nameKana: 'サイキドウシケン', representativeName: '防府 四郎', postalCode: '747-0004', address: '山口県防府市警固町1番地', phone: '0835-22-0006', locality: 'local', entityType: 'individual' })
            : await s.get(i % 3 ? '/api/contracts?limit=20&sort=contractDate:desc' : '/api/vendors?limit=20');
          status = res.status;
        } catch {
          status = 0; // connection refused or reset
        }
        outcomes.push({ at: Date.now(), status, write });
        await sleep(20);
      }
    };
    return Promise.all(Array.from({ length: 30 }, (_, w) => one(sessions[w % sessions.length], w)));
  }

  it.each(['fast', 'immediate'] as const)('recovers by itself from a %s stop and start of the database', async (mode) => {
    const outcomes: Outcome[] = [];
    let done = false;
    const running = load(outcomes, () => done);
    await sleep(2500);
    const pid = api.child!.pid;
    const stoppedAt = Date.now();
    db.stop(mode);
    await sleep(1500);
    // The api is alive while its database is away, and says so instead of hanging.
    expect(api.running).toBe(true);
    const health = await fetch(`${api.baseUrl}/api/health`).catch(() => null);
    expect(health).not.toBeNull();
    await db.start();
    const backAt = Date.now();

    // Once the database is back, the api serves again within a few seconds, by itself.
    let recoveredAt = 0;
    for (let i = 0; i < 150 && !recoveredAt; i++) {
      const r = await sessions[0].get('/api/vendors?limit=1');
      if (r.status === 200) recoveredAt = Date.now();
      else await sleep(100);
    }
    expect(recoveredAt).toBeGreaterThan(0);
    await sleep(3500);
    done = true;
    await running;

    expect(api.running).toBe(true);
    expect(api.child!.pid).toBe(pid);
    const before = outcomes.filter((o) => o.at < stoppedAt);
    // Pool connections that died with the server may fail a request or two right after; from
    // one second after recovery on, every request succeeds.
    const after = outcomes.filter((o) => o.at > recoveredAt + 1000);
    const bad = (list: Outcome[]) => list.filter((o) => o.status >= 500 || o.status === 0 || (o.write ? o.status !== 201 : o.status !== 200));
    expect(before.length).toBeGreaterThan(10);
    expect(after.length).toBeGreaterThan(10);
    console.log(`${mode}: ${outcomes.length} requests; during the outage: ${JSON.stringify(countBy(outcomes.filter((o) => o.at >= stoppedAt && o.at <= recoveredAt)))}`);
    expect(bad(before)).toEqual([]);
    expect(bad(after)).toEqual([]);
    expect(after.some((o) => o.write)).toBe(true);
    // Recovery time, for the record.
    console.log(`${mode}: database back after ${backAt - stoppedAt} ms; api serving ${recoveredAt - backAt} ms later; ${outcomes.length} requests`);
  });
});
