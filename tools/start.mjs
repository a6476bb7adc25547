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
if (!process.argv.includes('--no-build')) {
  console.log('keiyaku: building api, web and portal (cached after the first time)…');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,web,portal', '--output-style=static'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, ['dist/apps/api/main.js', ...process.argv.slice(2).filter((a) => a !== '--no-build')], {
  cwd: root,
  env: process.env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
