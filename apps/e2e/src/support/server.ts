import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WORKSPACE = resolve(__dirname, '../../../..');
export const SERVER_FILE = join(WORKSPACE, 'tmp/e2e/server.json');

export interface TestServer {
  baseUrl: string;
  pid: number;
  dir: string;
  stop(): Promise<void>;
}

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

/**
 * Starts the built api (dist/apps/api/main.js) on a free port with a fresh SQLite file; extra
 * env (e.g. SESSION_IDLE_MINUTES) is added on top. Resolves when /api/health answers.
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'keiyaku-e2e-'));
  const log = createWriteStream(join(dir, 'server.log'));
  const child: ChildProcess = spawn(process.execPath, [join(WORKSPACE, 'dist/apps/api/main.js')], {
    cwd: WORKSPACE,
    env: {
      ...process.env,
      PORT: String(port),
      DB_TYPE: 'sqlite',
      DB_PATH: join(dir, 'keiyaku.sqlite'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      // Demo users yes; the ≈900 demo vendors would only slow every server start.
      SEED_DEMO_DATA: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`api exited with code ${child.exitCode} before becoming healthy; see ${join(dir, 'server.log')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('api did not become healthy within 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, pid: child.pid ?? -1, dir, stop };
}

/** The shared server started by the global setup. */
export function baseUrl(): string {
  const url = process.env['E2E_BASE_URL'];
  if (!url) throw new Error('E2E_BASE_URL is not set: run through apps/e2e/jest.config.js');
  return url;
}

/**
 * A server of the test file's own (a fresh database, so the data it makes stays out of the other
 * files'), started before its tests and stopped after them. `env` is read when it starts.
 */
export function useOwnServer(env: () => Record<string, string> = () => ({})): Pick<TestServer, 'baseUrl' | 'dir'> {
  let server: TestServer | null = null;
  beforeAll(async () => {
    server = await startServer(env());
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });
  const started = () => {
    if (!server) throw new Error('the server is only available inside the tests');
    return server;
  };
  return {
    get baseUrl() {
      return started().baseUrl;
    },
    get dir() {
      return started().dir;
    },
  };
}
