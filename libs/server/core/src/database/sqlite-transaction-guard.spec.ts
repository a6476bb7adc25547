import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runWithContext } from '../context/request-context';
import { createDataSource } from './data-source-options';
import { installSqliteTransactionGuard } from './sqlite-transaction-guard';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SQLite transaction guard', () => {
  let dir: string;
  let ds: DataSource;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keiyaku-guard-'));
    ds = await createDataSource({ type: 'sqlite', path: join(dir, 'g.sqlite') }).initialize();
    await ds.query('CREATE TABLE t (name varchar(20))');
  });
  afterEach(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const names = async () => (await ds.query('SELECT name FROM t ORDER BY name')).map((r: any) => r.name);

  /** Request A writes and then fails; request B writes while A's transaction is open. */
  async function interleave(): Promise<void> {
    const a = runWithContext({}, () =>
      ds
        .transaction(async (m) => {
          await m.query("INSERT INTO t VALUES ('a')");
          await tick();
          await tick();
          throw new Error('A fails');
        })
        .catch(() => undefined),
    );
    const b = runWithContext({}, async () => {
      await tick();
      await ds.transaction((m) => m.query("INSERT INTO t VALUES ('b')"));
    });
    await Promise.all([a, b]);
  }

  it('without it, a concurrent request is swallowed by another request\'s rollback (the hazard)', async () => {
    await interleave();
    expect(await names()).not.toEqual(['b']);
  });

  it('with it, each request gets its own transaction: A rolls back, B is kept', async () => {
    installSqliteTransactionGuard(ds);
    await interleave();
    expect(await names()).toEqual(['b']);
  });

  it('lets nested transactions of the same request proceed', async () => {
    installSqliteTransactionGuard(ds);
    await runWithContext({}, () =>
      ds.transaction(async (m) => {
        await m.query("INSERT INTO t VALUES ('outer')");
        await m.transaction((inner) => inner.query("INSERT INTO t VALUES ('inner')"));
      }),
    );
    expect(await names()).toEqual(['inner', 'outer']);
  });
});
