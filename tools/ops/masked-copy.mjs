#!/usr/bin/env node
// `node tools/ops/masked-copy.mjs --env-file=<test env file> <production backup> [--with-files] [--yes]`:
// copies a production backup into the TEST environment (APP_ENVIRONMENT=test) with personal data masked.
// Runs the TypeScript sources through @swc-node/register (no build needed).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const envFiles = args.filter((a) => a.startsWith('--env-file=')).map((a) => a);
const rest = args.filter((a) => !a.startsWith('--env-file='));
const run = spawnSync(process.execPath, [...envFiles, '-r', '@swc-node/register', 'tools/ops/src/masked-copy-cli.ts', ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: 'tools/ops/tsconfig.json', TZ: 'UTC' },
});
process.exitCode = run.status ?? 1;
