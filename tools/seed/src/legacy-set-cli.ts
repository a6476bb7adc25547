/**
 * `SWC_NODE_PROJECT=tools/seed/tsconfig.lib.json node -r @swc-node/register tools/seed/src/legacy-set-cli.ts
 * --dir <folder> [--vendors 7000] [--contracts 18000] [--summary <file.json>]`: writes a Hofu-size
 * legacy set (CP932) for `npm run migrate-legacy` and the migration benchmark.
 */
import { writeFileSync } from 'node:fs';
import { writeLegacySet } from './legacy-set';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const dir = arg('dir');
if (!dir) {
  console.error('使い方: legacy-set-cli.ts --dir <フォルダ> [--vendors 7000] [--contracts 18000] [--summary <file.json>]');
  process.exitCode = 1;
} else {
  const started = Date.now();
  const summary = writeLegacySet(dir, { vendors: arg('vendors') ? Number(arg('vendors')) : undefined, contracts: arg('contracts') ? Number(arg('contracts')) : undefined });
  if (arg('summary')) writeFileSync(arg('summary')!, JSON.stringify(summary, null, 2));
  console.log(`legacy set: ${Object.entries(summary.files).map(([f, x]) => `${f} ${x.rows}行（うち誤り${x.bad}）`).join('、')} → ${dir}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
}
