#!/usr/bin/env node
// `npm run migrate-legacy -- --dir <folder> [--dry-run] [--out <file>] [--report <file.json>]`: builds the API and runs
// its `migrate-legacy` subcommand, so the legacy files go through the same code as the screens.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, CI: 'true', NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
// The server runs from the workspace root (its .env and data/), the folders are where the caller is.
const here = process.env.INIT_CWD ?? process.cwd();
const PATHS = ['--dir', '--out', '--report'];
const args = process.argv.slice(2).map((a, i, all) => (PATHS.includes(all[i - 1]) ? resolve(here, a) : a.replace(/^(--dir|--out|--report)=(.+)$/, (_, f, v) => `${f}=${resolve(here, v)}`)));
const build = spawnSync('npx', ['nx', 'build', 'api', '--output-style=static'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  process.exitCode = build.status ?? 1;
} else {
  const run = spawnSync(process.execPath, ['dist/apps/api/main.js', 'migrate-legacy', ...args], { cwd: root, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
