import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { baseUrl, WORKSPACE } from './server';

/** System Chromium only: browsers are never downloaded on these machines. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const SCREENSHOT_DIR = join(WORKSPACE, 'tmp/e2e/screenshots');

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when a request leaves the machine (the app must run on a closed network). */
export function isForeign(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  return NETWORK_SCHEMES.has(parsed.protocol) && !LOCAL_HOSTS.has(parsed.hostname);
}

export interface BrowserFixture {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every URL requested during the current test. */
  readonly requests: string[];
  /** Uncaught page errors and AG Grid errors (e.g. a module not registered). */
  readonly errors: string[];
  /** Opens a path of a server (the shared one unless given). */
  goto(path: string, server?: string): Promise<void>;
}

/**
 * Per test: a fresh Chromium profile (its own --user-data-dir), one page, and a record of every
 * request. After each test the browser closes and the test fails if any request went to a host
 * other than 127.0.0.1/localhost.
 */
export function useBrowser(): BrowserFixture {
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let profile = '';
  const requests: string[] = [];
  const errors: string[] = [];

  beforeEach(async () => {
    requests.length = 0;
    errors.length = 0;
    profile = mkdtempSync(join(tmpdir(), 'keiyaku-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1366, height: 800 },
    });
    context.setDefaultTimeout(10_000);
    context.on('request', (req) => void requests.push(req.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => void errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().includes('AG Grid')) errors.push(`console: ${m.text()}`);
    });
  });

  afterEach(async () => {
    await context?.close();
    context = null;
    page = null;
    rmSync(profile, { recursive: true, force: true });
    const foreign = requests.filter(isForeign);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });

  return {
    get page() {
      if (!page) throw new Error('page is only available inside a test');
      return page;
    },
    get context() {
      if (!context) throw new Error('context is only available inside a test');
      return context;
    },
    requests,
    errors,
    async goto(path: string, server = baseUrl()) {
      await page!.goto(server + path);
    },
  };
}

export const PASSWORDS: Record<string, string> = {
  admin: process.env['SEED_ADMIN_PASSWORD'] ?? 'keiyaku-admin-2026',
};
export const DEMO_PASSWORD = 'keiyaku-demo-2026';
export const passwordOf = (loginId: string) => PASSWORDS[loginId] ?? DEMO_PASSWORD;

/** Fills the staff login form; does not wait for the result. */
export async function submitLogin(page: Page, loginId: string, password: string): Promise<void> {
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** Signs in through the login page and waits for the shell. */
export async function login(fx: BrowserFixture, loginId: string, password = passwordOf(loginId), server?: string): Promise<void> {
  await fx.goto('/login', server);
  await submitLogin(fx.page, loginId, password);
  await fx.page.getByRole('navigation', { name: '業務メニュー' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A same-origin fetch from the page, with or without the CSRF header the app would send. */
export async function pageFetch(
  page: Page,
  path: string,
  init: { method?: string; body?: unknown; csrf?: boolean } = {},
): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ path, method, body, csrf }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (csrf) {
        const token = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length);
        if (token) headers['X-XSRF-TOKEN'] = decodeURIComponent(token);
      }
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed };
    },
    { path, method: init.method ?? 'GET', body: init.body, csrf: init.csrf ?? false },
  );
}

export interface DownloadedFile {
  /** The name the browser would save it under (from Content-Disposition or the link). */
  name: string;
  url: string;
  bytes: Buffer;
}

/** Runs `action` and returns the file the page downloads because of it. */
export async function downloadOf(page: Page, action: () => Promise<unknown>, timeout = 30_000): Promise<DownloadedFile> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), action()]);
  const path = await download.path();
  const failure = await download.failure();
  if (failure) throw new Error(`download of ${download.url()} failed: ${failure}`);
  return { name: download.suggestedFilename(), url: download.url(), bytes: readFileSync(path) };
}

/**
 * The open dialog once it has finished opening: it then moves the focus to its first field,
 * and text typed before that could land in the wrong input.
 */
export async function openedDialog(page: Page): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.waitForFunction(() => !!document.activeElement?.closest('mat-dialog-container'));
  return dialog;
}

/**
 * Picks an option of a mat-select. Waits for the closing panel's backdrop to go (on a slow
 * desktop it still covers the next field for a moment), unless the select stays open (multiple).
 */
export async function chooseOption(page: Page, scope: Page | Locator, combobox: string, option: string | RegExp, { keepOpen = false } = {}): Promise<void> {
  await scope.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  if (!keepOpen) await page.locator('.cdk-overlay-transparent-backdrop').waitFor({ state: 'detached' });
}
