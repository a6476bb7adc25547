import { DataSource } from 'typeorm';
import { currentContext } from '../context/request-context';

/**
 * TypeORM's better-sqlite3 driver runs every query of the process on ONE query runner. Without
 * this guard, two requests' transactions interleave on it: one request's statements land in
 * the other's transaction (and vanish with its rollback). The guard gives the transaction to
 * one request context at a time; other contexts' queries and transactions wait for it.
 */
export function installSqliteTransactionGuard(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const runner: any = dataSource.driver.createQueryRunner('master');
  if (runner.__guarded) return;
  runner.__guarded = true;

  const fallback = {};
  const token = () => currentContext() ?? fallback;
  let owner: object | null = null;
  let waiters: Array<() => void> = [];
  let active = false;

  const waitUntilFree = async (me: object) => {
    while (owner !== null && owner !== me) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const release = () => {
    owner = null;
    const w = waiters;
    waiters = [];
    w.forEach((resolve) => resolve());
  };

  Object.defineProperty(runner, 'isTransactionActive', {
    configurable: true,
    get: () => active && owner === token(),
    set: (value: boolean) => {
      active = value;
    },
  });

  const start = runner.startTransaction.bind(runner);
  runner.startTransaction = async (level?: unknown) => {
    const me = token();
    await waitUntilFree(me);
    owner = me;
    try {
      return await start(level);
    } catch (e) {
      if (runner.transactionDepth === 0) release();
      throw e;
    }
  };
  for (const name of ['commitTransaction', 'rollbackTransaction'] as const) {
    const original = runner[name].bind(runner);
    runner[name] = async () => {
      try {
        return await original();
      } finally {
        if (runner.transactionDepth === 0) {
          active = false;
          release();
        }
      }
    };
  }
  const query = runner.query.bind(runner);
  runner.query = async (...args: unknown[]) => {
    await waitUntilFree(token());
    return query(...args);
  };
}
