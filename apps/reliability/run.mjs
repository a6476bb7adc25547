#!/usr/bin/env node
// npm run test:reliability — needs dist/apps/api (npx nx build api). Bounded: a few minutes on 2 cores.
// The authorization matrix, fuzzing, concurrent edits and audit tampering run in process; kill -9
// and the PostgreSQL restart drive the built api. PostgreSQL parts use TEST_DATABASE_URL (default
// 127.0.0.1:5432/test) and a private throwaway cluster; REQUIRE_POSTGRES=1 makes "unreachable" fail.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function main() {
  if (!existsSync('dist/apps/api/main.js')) {
    console.error('dist/apps/api/main.js is missing: run "npx nx build api" (or npm run build) first.');
    return 1;
  }
  const jest = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '-c', 'apps/reliability/jest.config.js', ...process.argv.slice(2)], { stdio: 'inherit' });
  return jest.status ?? 1;
}
process.exitCode = main();
