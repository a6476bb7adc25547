import { rmSync } from 'node:fs';
import { SERVER_FILE, TestServer } from './server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as any).__KEIYAKU_E2E_SERVER__ as TestServer | undefined;
  await server?.stop();
  rmSync(SERVER_FILE, { force: true });
}
