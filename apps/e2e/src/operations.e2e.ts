import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login, screenshot, useBrowser } from './support/browser';
import { startServer, TestServer } from './support/server';

/**
 * 管理 → 運用: a backup from the screen with its verification, a maintenance window that every
 * user sees and that blocks a clerk's write; the screenshots feed docs/manual.
 */
describe('operations', () => {
  const fx = useBrowser();
  let server: TestServer;
  let backups: string;

  beforeAll(async () => {
    backups = mkdtempSync(join(tmpdir(), 'keiyaku-e2e-backups-'));
    server = await startServer({ BACKUP_DIR: backups, FILES_DIR: join(backups, '..', `${backups.split('/').pop()}-files`), APP_ENVIRONMENT: 'test' });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(backups, { recursive: true, force: true });
    rmSync(`${backups}-files`, { recursive: true, force: true });
  });

  it('backs up from the screen, shows the verified run, and the test environment ribbon', async () => {
    const { page } = fx;
    await login(fx, 'operator', undefined, server.baseUrl);
    await page.getByRole('link', { name: '運用（バックアップ・メンテナンス）' }).click();
    await page.getByRole('heading', { name: '運用' }).waitFor();
    await page.getByText('まだありません').waitFor();
    await page.getByRole('button', { name: '今すぐバックアップ' }).click();
    await page.getByText(/を作成し、検証しました/).first().waitFor({ timeout: 30_000 });
    await page.locator('.ag-row', { hasText: '一致' }).first().waitFor();
    await page.locator('[data-test="last-success"]', { hasText: 'keiyaku-' }).waitFor();
    expect(readdirSync(backups).filter((n) => n.startsWith('keiyaku-'))).toHaveLength(1);
    await screenshot(page, 'manual-ops-backups');

    await page.getByRole('tab', { name: '稼働状況' }).click();
    await page.getByText('接続OK').waitFor();
    await screenshot(page, 'manual-ops-health');
  });

  it('a maintenance window is announced to everyone and makes a clerk read-only', async () => {
    const { page } = fx;
    await login(fx, 'operator', undefined, server.baseUrl);
    await page.goto(`${server.baseUrl}/admin/operations`);
    await page.getByRole('tab', { name: 'メンテナンス' }).click();
    const local = (offsetMin: number) => {
      const d = new Date(Date.now() + 9 * 3600_000 + offsetMin * 60_000);
      return d.toISOString().slice(0, 16);
    };
    await page.getByLabel('開始日時').fill(local(-1));
    await page.getByLabel('終了日時').fill(local(60));
    await page.getByLabel('お知らせ（全員に表示）').fill('年度更新のため、登録・変更を停止しています。');
    await page.getByRole('button', { name: '予定を登録' }).click();
    await page.getByRole('cell', { name: 'メンテナンス中' }).waitFor();
    await screenshot(page, 'manual-ops-maintenance');

    // A clerk's write answers with the maintenance message. (The banner and the 検証環境 ribbon come
    // from <ky-ops-banner>, which the shell places above every screen.)
    await login(fx, 'contract', undefined, server.baseUrl);
    const status = await page.evaluate(async () => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.split('=')[1] ?? '';
      const res = await fetch('/api/me/grid-states/e2e', { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf }, body: JSON.stringify({ state: {} }) });
      return { status: res.status, body: await res.json() };
    });
    expect(status.status).toBe(503);
    expect(status.body.message).toContain('年度更新のため');
    await screenshot(page, 'manual-maintenance-banner');
  });
});
