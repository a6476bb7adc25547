#!/usr/bin/env node
// `npm test`: unit tests, HTTP tests on SQLite, HTTP tests on PostgreSQL when reachable, browser
// tests when Chromium exists. Prints a clear line for anything skipped and ends with one
// summary line. REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 turn a skip into a failure (CI sets both).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('../..', import.meta.url).pathname;
const tmp = join(root, 'tmp', 'test-results');
mkdirSync(tmp, { recursive: true });
const env = {
  ...process.env,
  CI: 'true',
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_INTERACTIVE: 'false',
  NG_CLI_ANALYTICS: 'false',
  npm_config_yes: 'true',
};
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = (name) => ['1', 'true', 'yes'].includes(String(process.env[name] ?? '').toLowerCase());

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let problems = 0;

// Wall-clock seconds since the start, on every stage line: a CI log then shows where time went.
const started = Date.now();
const at = () => `${Math.round((Date.now() - started) / 1000)} s`;

function jest(label, config, extraEnv = {}) {
  const out = join(tmp, `${label.replace(/\W+/g, '-')}.json`);
  rmSync(out, { force: true });
  console.log(`\n=== ${label} (at ${at()}) ===`);
  const res = spawnSync('npx', ['jest', '-c', config, '--ci', '--json', `--outputFile=${out}`], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  if (!existsSync(out)) {
    totals.failed += 1;
    problems++;
    lines.push(`${label}: did not run (exit ${res.status}, signal ${res.signal ?? 'none'}) at ${at()}`);
    return;
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests;
  if (res.status !== 0 || !r.success) problems++;
  if (r.numTotalTests === 0) {
    problems++;
    lines.push(`${label}: ran no test`);
  } else {
    lines.push(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed (done at ${at()})`);
    // The failing tests by name, so the summary alone says what broke.
    for (const file of r.testResults ?? []) {
      for (const t of file.assertionResults ?? []) if (t.status === 'failed') lines.push(`    ✕ ${file.name.replace(root, '')}: ${t.fullName}`);
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) lines.push(`    ✕ ${file.name.replace(root, '')}: ${String(file.message).split('\n')[0].slice(0, 200)}`);
    }
  }
}

/** The manuals (HTML and PDF) from the screenshots the browser tests just took: they must build with every image. */
function manuals() {
  console.log(`\n=== manuals (at ${at()}) ===`);
  const res = spawnSync(process.execPath, ['tools/ops/build-manuals.mjs'], { cwd: root, env: { ...env, CHROMIUM_PATH: chromium }, stdio: 'inherit' });
  if (res.status === 0) {
    totals.passed += 1;
    lines.push('manuals: built (HTML and PDF in dist/manual)');
  } else {
    totals.failed += 1;
    problems++;
    lines.push(`manuals: build failed (exit ${res.status})`);
  }
}

function skip(label, why, requiredBy) {
  const msg = `SKIPPED ${label}: ${why}`;
  console.log(`\n${msg}${requiredBy ? ` — but ${requiredBy}=1 requires it` : ''}`);
  lines.push(msg);
  if (requiredBy) problems++;
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    // Each HTTP test app makes its own database; sweep those a crashed run left behind.
    const stale = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'keiyaku_t_%'");
    for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

jest('unit', 'jest.unit.config.js');
jest('http on SQLite', 'jest.http.config.js');

if (await postgresReachable()) jest('http on PostgreSQL', 'jest.http.config.js', { TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl });
else skip('HTTP tests on PostgreSQL', `not reachable at ${pgUrl}`, required('REQUIRE_POSTGRES') && 'REQUIRE_POSTGRES');

if (existsSync(chromium)) {
  console.log(`\n=== build for browser tests (at ${at()}) ===`);
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,web,portal', '--output-style=static'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) {
    totals.failed += 1;
    problems++;
    lines.push('browser: build failed');
  } else {
    jest('browser', 'apps/e2e/jest.config.js', { CHROMIUM_PATH: chromium });
    manuals();
  }
} else {
  skip('browser tests', `no Chromium at ${chromium}`, required('REQUIRE_BROWSER') && 'REQUIRE_BROWSER');
}

// Reliability (npm run test:reliability) drives the built api: kill -9, database restarts, fuzzing.
if (existsSync(join(root, 'dist/apps/api/main.js'))) jest('reliability', 'apps/reliability/jest.config.js', { TEST_DATABASE_URL: pgUrl });
else skip('reliability tests', 'dist/apps/api/main.js is missing (npx nx build api)', required('REQUIRE_BROWSER') && 'REQUIRE_BROWSER');

console.log(`\n=== summary (at ${at()}) ===`);
for (const l of lines) console.log(`  ${l}`);
console.log(`summary: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = problems || totals.failed ? 1 : 0;
