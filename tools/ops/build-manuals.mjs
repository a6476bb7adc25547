#!/usr/bin/env node
// `node tools/ops/build-manuals.mjs [--screenshots] [--no-pdf]`: docs/manual (and docs/operations.md) to HTML and PDF in
// dist/manual; --screenshots first rebuilds and runs the browser tests, which capture the screens.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const envFiles = args.filter((a) => a.startsWith('--env-file=')).map((a) => a);
const rest = args.filter((a) => !a.startsWith('--env-file='));
const run = spawnSync(process.execPath, [...envFiles, '-r', '@swc-node/register', 'tools/ops/src/build-manuals.ts', ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: 'tools/ops/tsconfig.json', TZ: 'UTC' },
});
process.exitCode = run.status ?? 1;
