import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@keiyaku/server/core';
import { seedIfEmpty, seedRegistryMasterIfEmpty } from '@keiyaku/seed';
import { createApp } from '../app/create-app';

/** The database the HTTP tests run on: a fresh SQLite file, or PostgreSQL with TEST_DB=postgres. */
export async function testDatabase(): Promise<{ db: AppConfig['db']; filesDir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'keiyaku-test-'));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  const filesDir = join(dir, 'files');
  if (process.env.TEST_DB === 'postgres') {
    // A database of its own per test application, like a fresh SQLite file.
    const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const name = `keiyaku_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await postgresAdmin(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      db: { type: 'postgres', url: url.toString() },
      filesDir,
      cleanup: async () => {
        await postgresAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await removeDir();
      },
    };
  }
  return { db: { type: 'sqlite', path: join(dir, 'test.sqlite') }, filesDir, cleanup: removeDir };
}

async function postgresAdmin(url: string, sql: string): Promise<void> {
  const ds = await new DataSource({ type: 'postgres', url }).initialize();
  try {
    await ds.query(sql);
  } finally {
    await ds.destroy();
  }
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/**
 * Starts the real application (migrations, seed) on a real database. With `reuse`, it starts
 * again on another test app's database and files, as after a restart.
 */
export async function startTestApp(env: Record<string, string> = {}, reuse?: TestApp): Promise<TestApp> {
  const fresh = reuse ? null : await testDatabase();
  const db = reuse ? reuse.config.db : fresh!.db;
  const filesDir = reuse ? reuse.config.filesDir : fresh!.filesDir;
  const cleanup = fresh ? fresh.cleanup : async () => undefined;
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env }), db, filesDir };
  const app = await createApp(config);
  const dataSource = app.get(DataSource);
  await seedRegistryMasterIfEmpty(dataSource);
  await seedIfEmpty(dataSource, { demo: true, adminPassword: null, production: false });
  return {
    app,
    config,
    dataSource,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

export const ADMIN = { loginId: 'admin', password: 'keiyaku-admin-2026' };
export const DEMO_PASSWORD = 'keiyaku-demo-2026';

/** A signed-in client: keeps the cookies and sends the CSRF header on writes. */
export class Client {
  private cookies: string[] = [];
  csrf = '';
  constructor(private readonly app: TestApp) {}

  static async signIn(app: TestApp, loginId: string, password = loginId === 'admin' ? ADMIN.password : DEMO_PASSWORD): Promise<Client> {
    const client = new Client(app);
    const res = await client.post('/api/auth/login', { loginId, password });
    if (res.status !== 200) throw new Error(`sign-in of ${loginId} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  private keep(res: request.Response): request.Response {
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const c of set) {
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      this.cookies = this.cookies.filter((x) => !x.startsWith(`${name}=`));
      if (value) this.cookies.push(pair);
      if (name === 'XSRF-TOKEN') this.csrf = value;
    }
    return res;
  }

  get cookieHeader(): string {
    return this.cookies.join('; ');
  }

  /** A raw request with this client's cookies and CSRF header (multipart uploads, etc.). */
  raw(method: 'get' | 'post' | 'put' | 'patch' | 'delete', url: string) {
    return this.app.http()[method](url).set('Cookie', this.cookieHeader).set('X-XSRF-TOKEN', this.csrf);
  }

  async get(url: string) {
    return this.keep(await this.app.http().get(url).set('Cookie', this.cookieHeader));
  }
  async send(method: 'post' | 'put' | 'patch' | 'delete', url: string, body?: unknown) {
    return this.keep(await this.app.http()[method](url).set('Cookie', this.cookieHeader).set('X-XSRF-TOKEN', this.csrf).send(body as object));
  }
  post(url: string, body?: unknown) {
    return this.send('post', url, body);
  }
  put(url: string, body?: unknown) {
    return this.send('put', url, body);
  }
  patch(url: string, body?: unknown) {
    return this.send('patch', url, body);
  }
}
