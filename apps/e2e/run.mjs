// npm run test:e2e — needs dist/apps/{api,web,portal} (npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function main() {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/web/browser/index.html', 'dist/apps/portal/browser/index.html']) {
    if (!existsSync(file)) {
      console.error(`${file} is missing: run "npm run build" first.`);
      return 1;
    }
  }
  const jest = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '-c', 'apps/e2e/jest.config.js', ...process.argv.slice(2)], { stdio: 'inherit' });
  return jest.status ?? 1;
}
process.exitCode = main();
