import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export const WORKSPACE = resolve(__dirname, '../../../..');
export const MAIN = join(WORKSPACE, 'dist/apps/api/main.js');

export type DbTarget = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The built api (dist/apps/api/main.js) as a separate process that can be killed with SIGKILL
 * and started again on the same database, files and port — what a crash and a restart do.
 */
export class ApiProcess {
  child: ChildProcess | null = null;
  readonly baseUrl: string;
  private log: WriteStream;
  starts = 0;

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly db: DbTarget,
    private readonly extraEnv: Record<string, string>,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.log = createWriteStream(join(dir, 'server.log'), { flags: 'a' });
  }

  static async create(db: DbTarget | 'sqlite', extraEnv: Record<string, string> = {}): Promise<ApiProcess> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first (npx nx build api)`);
    const dir = mkdtempSync(join(tmpdir(), 'keiyaku-rel-'));
    const target: DbTarget = db === 'sqlite' ? { type: 'sqlite', path: join(dir, 'keiyaku.sqlite') } : db;
    return new ApiProcess(await freePort(), dir, target, extraEnv);
  }

  get logText(): string {
    return readFileSync(join(this.dir, 'server.log'), 'utf8');
  }

  /** Starts the process and resolves once /api/health answers. */
  async start(): Promise<void> {
    this.starts++;
    const child = spawn(process.execPath, [MAIN], {
      cwd: WORKSPACE,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        SEED_DEMO_DATA: 'false',
        FILES_DIR: join(this.dir, 'files'),
        ...(this.db.type === 'sqlite' ? { DB_TYPE: 'sqlite', DB_PATH: this.db.path } : { DB_TYPE: 'postgres', DATABASE_URL: this.db.url }),
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.log.write(`--- start ${this.starts} (pid ${child.pid}) ---\n`);
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode} before becoming healthy:\n${this.logText.slice(-3000)}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`api did not become healthy within 90 s:\n${this.logText.slice(-3000)}`);
      await sleep(200);
    }
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: no shutdown hooks, no flushing, open transactions cut off mid-way. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.log.end();
    // REL_KEEP_LOGS=1 keeps the folder (server.log, the SQLite file) for a look after a failure.
    if (process.env.REL_KEEP_LOGS) console.log(`api folder kept: ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs SQL on the process's database directly (for invariants the API does not expose). */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    if (this.db.type === 'sqlite') {
      const db = new Database(this.db.path, { readonly: true });
      try {
        db.pragma('busy_timeout = 10000');
        return db.prepare(sql).all() as T[];
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: this.db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async count(table: string, where = ''): Promise<number> {
    const [row] = await this.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`);
    return Number(row.n);
  }
}

export async function postgresDatabaseReachable(url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A PostgreSQL database of its own on the server the HTTP tests use (swept by npm test like theirs). */
export async function postgresDatabase(adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `keiyaku_t_rel_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
