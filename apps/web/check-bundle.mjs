// Fails the build when the initial JavaScript exceeds the gzip budget. Angular's own budgets
// measure raw bytes; what the thin clients download is gzip, so that is what is checked here.
// Usage: node check-bundle.mjs <browser dir> <max KB gzip>
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Returns the exit code: 1 when the initial scripts are missing or over budget. */
function main() {
  const [dir, maxArg] = process.argv.slice(2);
  const maxKb = Number(maxArg ?? 350);
  const indexPath = join(dir ?? '', 'index.html');
  if (!dir || !existsSync(indexPath)) {
    console.error(`check-bundle: ${indexPath} not found`);
    return 1;
  }
  const html = readFileSync(indexPath, 'utf8');
  // The initial chunks are exactly what index.html loads: module scripts and modulepreloads.
  const files = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+\.js)"[^>]*\brel="modulepreload"/g)) files.add(m[1]);
  if (files.size === 0) {
    console.error('check-bundle: no initial scripts found in index.html');
    return 1;
  }
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file.replace(/^\//, '')));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  const kb = (n) => (n / 1024).toFixed(1);
  const verdict = gz <= maxKb * 1024 ? 'OK' : 'OVER BUDGET';
  console.log(`Initial JS (${files.size} files): ${kb(raw)} KB raw, ${kb(gz)} KB gzip — budget ${maxKb} KB gzip: ${verdict}`);
  return verdict === 'OK' ? 0 : 1;
}
process.exitCode = main();
