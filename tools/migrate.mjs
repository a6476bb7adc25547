#!/usr/bin/env node
// `npm run migrate` (add `-- --revert` to undo the last migration): uses the built API so the
// same migrations run here as at start.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, CI: 'true', NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
const build = spawnSync('npx', ['nx', 'build', 'api', '--output-style=static'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  process.exitCode = build.status ?? 1;
} else {
  const run = spawnSync(process.execPath, ['dist/apps/api/main.js', 'migrate', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
