#!/usr/bin/env node
// Hofu-size legacy migration: `npm run bench:migration` (node tools/bench/legacy-migration.mjs).
// Writes the synthetic legacy set of tools/seed (7,000 vendors, 18,000 contracts with changes,
// qualifications and ratings, CP932 with NEC/IBM extension characters and a few bad rows), then
// runs the built API's `migrate-legacy` on a fresh SQLite database: a dry run, the commit and
// a re-run. Checks the figures against what the generator wrote (every bad row refused, every
// other row in, contract sums per fiscal year and category to the yen), prints them and records
// them in docs/benchmarks.md. Target: dry run + commit ≤ 10 s.
// BENCH_NO_BUILD=1 uses dist/apps/api/main.js as it is; BENCH_VENDORS / BENCH_CONTRACTS resize the set.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(join(root, 'package.json'));
const TARGET_SECONDS = 10;
// BENCH_CONTRACTS=1000000: the issue's second P2 figure — the commit of a set with 1,000,000 contract
// rows, ≤ 3 min at ≤ 512 MB peak RSS — written into a section of its own.
const MILLION = Number(process.env.BENCH_CONTRACTS ?? 0) >= 1_000_000;
const MILLION_TARGET = { seconds: 180, rssMb: 512 };
const main = join(root, 'dist/apps/api/main.js');
const env = { ...process.env, CI: 'true', NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };

if (process.env.BENCH_NO_BUILD !== '1') {
  const build = spawnSync('npx', ['nx', 'build', 'api', '--output-style=static'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('bench: the API build failed');
}
if (!existsSync(main)) throw new Error('bench: dist/apps/api/main.js is missing — run `npx nx build api` first.');

const dir = mkdtempSync(join(tmpdir(), 'keiyaku-bench-migration-'));
const data = join(dir, 'legacy');
try {
  // 1. The legacy set.
  const genArgs = ['-r', '@swc-node/register', join(root, 'tools/seed/src/legacy-set-cli.ts'), '--dir', data, '--summary', join(dir, 'summary.json')];
  if (process.env.BENCH_VENDORS) genArgs.push('--vendors', process.env.BENCH_VENDORS);
  if (process.env.BENCH_CONTRACTS) genArgs.push('--contracts', process.env.BENCH_CONTRACTS);
  const gen = spawnSync(process.execPath, genArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tools/seed/tsconfig.lib.json') } });
  if (gen.status !== 0) throw new Error('bench: writing the legacy set failed');
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

  // 2. dry run, commit, re-run — each a process of its own, as an operator runs them.
  const serverEnv = { ...process.env, NODE_ENV: 'development', DB_TYPE: 'sqlite', DB_PATH: join(dir, 'bench.sqlite'), FILES_DIR: join(dir, 'files'), LOG_LEVEL: 'warn', SEED_DEMO: 'false', SEED_DEMO_DATA: 'false' };
  const run = (label, extra) => {
    const report = join(dir, `${label}.json`);
    const started = Date.now();
    const p = spawnSync(process.execPath, [main, 'migrate-legacy', '--dir', data, '--out', join(dir, `${label}.xlsx`), '--report', report, ...extra], { cwd: root, env: serverEnv, encoding: 'utf8' });
    const wall = (Date.now() - started) / 1000;
    process.stdout.write(p.stdout.split('\n').filter((l) => !l.includes('seeded')).join('\n'));
    if (p.status !== 0) {
      process.stderr.write(p.stderr);
      throw new Error(`bench: migrate-legacy ${label} exited with ${p.status}`);
    }
    return { label, wall, ...JSON.parse(readFileSync(report, 'utf8')) };
  };
  const dry = MILLION ? null : run('dry-run', ['--dry-run']);
  const commit = run('commit', []);
  const again = MILLION ? null : run('re-run', []);

  // 3. The figures against what was written.
  const problems = [];
  for (const r of [dry, commit].filter(Boolean)) {
    for (const f of r.files) {
      const expected = summary.files[f.file];
      if (f.counts.read !== expected.rows) problems.push(`${r.label} ${f.file}: read ${f.counts.read}, written ${expected.rows}`);
      if (f.counts.rejected !== expected.bad) problems.push(`${r.label} ${f.file}: refused ${f.counts.rejected}, bad on purpose ${expected.bad}`);
      if (f.counts.create !== expected.rows - expected.bad) problems.push(`${r.label} ${f.file}: added ${f.counts.create} of ${expected.rows - expected.bad}`);
    }
    if (!r.reconciled) problems.push(`${r.label}: the checklist does not reconcile`);
  }
  if (again?.files.some((f) => f.counts.create || f.counts.update)) problems.push('re-run: changed something');
  // The generator writes every file of the legacy set: one left out is a failure of the run, not a footnote.
  const notMigrated = [...commit.missingFiles, ...commit.skippedFiles];
  if (notMigrated.length) problems.push(`commit: files not migrated: ${notMigrated.join(', ')}`);
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'commit.xlsx'));
  const names = { 建設工事: 'construction', '測量・建設コンサルタント等': 'survey', '物品・役務': 'goods' };
  const sums = wb.getWorksheet('年度別金額');
  let checkedYears = 0;
  sums.eachRow((row, n) => {
    if (n === 1 || typeof row.getCell(1).value !== 'number') return;
    const key = `${row.getCell(1).value}|${names[row.getCell(2).value]}`;
    const want = summary.importable[key] ?? { n: 0, sum: 0 };
    if (row.getCell(5).value !== want.n || row.getCell(6).value !== want.sum) problems.push(`checklist ${key}: imported ${row.getCell(5).value} / ${row.getCell(6).value}, expected ${want.n} / ${want.sum}`);
    checkedYears++;
  });
  if (checkedYears !== Object.keys(summary.importable).length) problems.push(`checklist: ${checkedYears} year × category rows, expected ${Object.keys(summary.importable).length}`);

  if (MILLION) {
    writeMillionSection(summary, commit, checkedYears, problems);
    process.exitCode = problems.length ? 1 : 0;
  } else {
  const target = dry.seconds + commit.seconds;
  const met = target <= TARGET_SECONDS;
  const rows = (r) => r.files.map((f) => `| ${r.label} | ${f.file} | ${f.counts.read.toLocaleString('en-US')} | ${f.counts.create.toLocaleString('en-US')} | ${f.counts.unchanged.toLocaleString('en-US')} | ${f.counts.rejected} | ${f.seconds.toFixed(1)} |`);
  const machine = machineLine();
  const total = Object.values(summary.files).reduce((a, f) => a + f.rows, 0);
  const section = [
    '<!-- bench:migration -->',
    '## Legacy migration, Hofu size (`npm run bench:migration`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; SQLite; the built server (\`dist/apps/api/main.js migrate-legacy\`).`,
    `The synthetic set of \`tools/seed/src/legacy-set.ts\` (CP932 with ①, ㈱, 髙, 﨑; 和暦, full-width digits, quoted line breaks, total rows): ${Object.entries(summary.files).map(([f, x]) => `${f} ${x.rows.toLocaleString('en-US')} rows (${x.bad} bad on purpose)`).join(', ')} — ${total.toLocaleString('en-US')} rows.`,
    `Target: dry run + commit ≤ ${TARGET_SECONDS} s (the migration's own time, from reading the first file to writing the checklist).`,
    '',
    `Load average when it ran: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) — the machine is shared; CPU seconds are the process's own.`,
    '',
    '| run | seconds (migration) | CPU seconds (migration) | seconds (process, incl. start-up) | reconciled |',
    '|---|---:|---:|---:|---|',
    ...[dry, commit, again].map((r) => `| ${r.label} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.wall.toFixed(1)} | ${r.reconciled ? 'yes' : '**no**'} |`),
    `| **dry run + commit** | **${target.toFixed(1)}** | ${(dry.cpuSeconds + commit.cpuSeconds).toFixed(1)} | ${(dry.wall + commit.wall).toFixed(1)} | ${met ? 'target met' : '**target missed**'} |`,
    '',
    '| run | file | read | added | unchanged | refused | seconds |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows(dry),
    ...rows(commit),
    ...rows(again),
    '',
    `${notMigrated.length ? `**Files not migrated: ${notMigrated.join(', ')}.**` : 'Every file of the set was migrated.'} Checklist checked against the generator: every bad row refused, every other row added,`,
    `contract sums per fiscal year and category equal to the yen (${checkedYears} rows)${problems.length ? ` — **${problems.length} problems**` : ''}.`,
    'Rows are written a hundred per INSERT and each is still audited (the audit chain appends the rows of one',
    'transaction together); the dry run writes the same rows in one transaction and rolls it back, so each file',
    'is checked against the ones before it (without per-row audit rows, which would be rolled back with them).',
    'Where the time goes (CPU profile of a commit): SQLite statements ~20 %, garbage collection ~11 %, the audit',
    'trail ~15 % (a JSON snapshot and a SHA-256 link per row), CSV parsing ~12 %, entity hydration for the plan.',
    'Before the bulk path (TypeORM `save` per row, 4 audit statements per row) the dry run alone took 217 s.',
    '<!-- /bench:migration -->',
  ].join('\n');
  console.log(`\ndry run ${dry.seconds.toFixed(1)} s + commit ${commit.seconds.toFixed(1)} s = ${target.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s: ${met ? 'met' : 'MISSED'}); re-run ${again.seconds.toFixed(1)} s`);
  for (const p of problems) console.error(`bench: ${p}`);
  const doc = join(root, 'docs/benchmarks.md');
  const current = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n\nFigures from the scripts in `tools/bench`; each script rewrites its own section.\n';
  const pattern = /<!-- bench:migration -->[\s\S]*?<!-- \/bench:migration -->/;
  writeFileSync(doc, pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`);
  console.log('wrote docs/benchmarks.md');
  process.exitCode = met && !problems.length ? 0 : 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function machineLine() {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB memory, Node ${process.version}, ${process.platform}`;
}

/** The million-row commit: its own section, so the Hofu-size figures above stay as they were measured. */
function writeMillionSection(summary, commit, checkedYears, problems) {
  const secondsMet = commit.seconds <= MILLION_TARGET.seconds;
  const rssMet = commit.peakRssMb <= MILLION_TARGET.rssMb;
  const contracts = commit.files.find((f) => f.file === 'contracts.csv');
  const section = [
    '<!-- bench:migration-million -->',
    '## Legacy migration, 1,000,000 contracts (`BENCH_CONTRACTS=1000000 npm run bench:migration`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}; SQLite; the built server (\`dist/apps/api/main.js migrate-legacy\`), the commit alone.`,
    `The same generator as above with ${Object.entries(summary.files).map(([f, x]) => `${f} ${x.rows.toLocaleString('en-US')} rows`).join(', ')}.`,
    `Targets: ≤ ${MILLION_TARGET.seconds} s and ≤ ${MILLION_TARGET.rssMb} MB peak RSS. Load average when it ran: ${loadavg().map((x) => x.toFixed(1)).join(' / ')}.`,
    '',
    '| seconds (migration) | CPU seconds | seconds (process) | peak RSS (MB) | contracts added | reconciled | target |',
    '|---:|---:|---:|---:|---:|---|---|',
    `| ${commit.seconds.toFixed(1)} | ${commit.cpuSeconds.toFixed(1)} | ${commit.wall.toFixed(1)} | ${commit.peakRssMb?.toFixed(0) ?? '—'} | ${contracts?.counts.create.toLocaleString('en-US') ?? '—'} | ${commit.reconciled ? 'yes' : '**no**'} | time ${secondsMet ? 'met' : '**missed**'}, memory ${rssMet ? 'met' : '**missed**'} |`,
    '',
    '| file | read | added | refused | seconds |',
    '|---|---:|---:|---:|---:|',
    ...commit.files.map((f) => `| ${f.file} | ${f.counts.read.toLocaleString('en-US')} | ${f.counts.create.toLocaleString('en-US')} | ${f.counts.rejected} | ${f.seconds.toFixed(1)} |`),
    '',
    `Checklist checked against the generator (${checkedYears} year × category sums)${problems.length ? ` — **${problems.length} problems**: ${problems.join('; ')}` : ': every figure equal'}.`,
    '<!-- /bench:migration-million -->',
  ].join('\n');
  console.log(`\ncommit of ${contracts?.counts.read ?? '?'} contract rows: ${commit.seconds.toFixed(1)} s (≤ ${MILLION_TARGET.seconds} s: ${secondsMet ? 'met' : 'MISSED'}), peak RSS ${commit.peakRssMb?.toFixed(0)} MB (≤ ${MILLION_TARGET.rssMb} MB: ${rssMet ? 'met' : 'MISSED'})`);
  for (const p of problems) console.error(`bench: ${p}`);
  const doc = join(root, 'docs/benchmarks.md');
  const current = readFileSync(doc, 'utf8');
  const pattern = /<!-- bench:migration-million -->[\s\S]*?<!-- \/bench:migration-million -->/;
  // A first run puts it right after the Hofu-size section.
  writeFileSync(doc, pattern.test(current) ? current.replace(pattern, section) : current.replace('<!-- /bench:migration -->', `<!-- /bench:migration -->\n\n${section}`));
  console.log('wrote docs/benchmarks.md');
}
