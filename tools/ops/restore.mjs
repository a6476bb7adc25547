#!/usr/bin/env node
// `npm run restore -- <backup> [--dry-run] [--yes] [--verify] [--list] [--env-file=<file>]`:
// restores a backup folder (or its name under BACKUP_DIR) into the configured database and files
// directory. Runs the TypeScript sources through @swc-node/register (no build needed).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const envFiles = args.filter((a) => a.startsWith('--env-file=')).map((a) => a);
const rest = args.filter((a) => !a.startsWith('--env-file='));
const run = spawnSync(process.execPath, [...envFiles, '-r', '@swc-node/register', 'tools/ops/src/restore-cli.ts', ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: 'tools/ops/tsconfig.json', TZ: 'UTC' },
});
process.exitCode = run.status ?? 1;
