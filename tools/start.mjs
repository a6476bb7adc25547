#!/usr/bin/env node
// `npm start`: builds what is missing or stale (Nx caches the rest), then runs api + web +
// portal from one Node process. Migrations and the demo seed run inside the API at start.
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
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
/** Builds unless told not to; false when the build failed. */
function build() {
  if (process.argv.includes('--no-build')) return true;
  console.log('keiyaku: building api, web and portal (cached after the first time)…');
  const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,web,portal', '--output-style=static'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
  return result.status === 0;
}

function serve() {
  const server = spawn(process.execPath, ['dist/apps/api/main.js', ...process.argv.slice(2).filter((a) => a !== '--no-build')], {
    cwd: root,
    env: process.env,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => {
    process.exitCode = code ?? 0;
  });
}

if (build()) serve();
