import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster of the test's own (initdb + pg_ctl on a free port, socket in
 * its folder), so it can be stopped and restarted under load without touching the server other
 * tests use on 5432. As root the binaries run as the `postgres` user (initdb refuses root).
 */
export class PrivatePostgres {
  readonly dir: string;
  readonly data: string;

  private constructor(
    private readonly bin: string,
    readonly port: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'keiyaku-pg-'));
    this.data = join(this.dir, 'data');
  }

  /** The binaries of the newest installed PostgreSQL, or null when there are none. */
  static binaries(): string | null {
    if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    return versions.length ? join(root, versions[0], 'bin') : null;
  }

  static async create(port: number): Promise<PrivatePostgres> {
    const bin = PrivatePostgres.binaries();
    if (!bin) throw new Error('no PostgreSQL binaries (initdb) found; set PG_BIN');
    const pgc = new PrivatePostgres(bin, port);
    if (userInfo().uid === 0) chownSync(pgc.dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    pgc.run('initdb', ['-D', pgc.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '-N']);
    await pgc.start();
    return pgc;
  }

  private run(tool: string, args: string[]): string {
    const cmd = join(this.bin, tool);
    const asRoot = userInfo().uid === 0;
    return execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/keiyaku`;
  }

  async start(): Promise<void> {
    this.run('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`, 'start']);
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'keiyaku'");
    if (!exists.rowCount) await admin.query('CREATE DATABASE keiyaku');
    await admin.end();
  }

  /** `immediate` is a crash of the database server: connections cut, no checkpoint. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  dispose(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
