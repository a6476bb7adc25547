import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SERVER_FILE, startServer, WORKSPACE } from './server';

export default async function globalSetup(): Promise<void> {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/web/browser/index.html', 'dist/apps/portal/browser/index.html']) {
    if (!existsSync(join(WORKSPACE, file))) throw new Error(`${file} is missing: build api, web and portal first`);
  }
  const server = await startServer();
  // Workers are spawned after this and inherit the environment; the file is for humans.
  process.env['E2E_BASE_URL'] = server.baseUrl;
  mkdirSync(dirname(SERVER_FILE), { recursive: true });
  writeFileSync(SERVER_FILE, JSON.stringify({ baseUrl: server.baseUrl, pid: server.pid, dir: server.dir }, null, 2));
  (globalThis as any).__KEIYAKU_E2E_SERVER__ = server;
}
