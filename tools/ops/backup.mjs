#!/usr/bin/env node
// `node tools/ops/backup.mjs [--env-file=<file>]`: one backup with verification and retention, outside the API
// (before an upgrade, or from keiyaku-backup.service). Takes the same database lock as the API.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const envFiles = args.filter((a) => a.startsWith('--env-file=')).map((a) => a);
const rest = args.filter((a) => !a.startsWith('--env-file='));
const run = spawnSync(process.execPath, [...envFiles, '-r', '@swc-node/register', 'tools/ops/src/backup-cli.ts', ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: 'tools/ops/tsconfig.json', TZ: 'UTC' },
});
process.exitCode = run.status ?? 1;
