#!/usr/bin/env node
// Benchmark data: `node tools/bench/generate.mjs --db sqlite|postgres --scale N [--contracts N] [--path file] [--url url]`.
// Scale 1 is Hofu (900 vendors, 18,000 contracts over 10 fiscal years, ~350 tenders a year with
// their bids, ~10 % of contracts changed); scale 50 is 45,000 vendors and 900,000 contracts, and
// `--contracts 1000000` (what `npm run bench` uses at scale 50) rounds that up to the issue's million.
// The schema comes from the BUILT api (dist/apps/api/main.js): it is started once on the empty
// database (migrations, the demo users and departments, the registry master) and stopped; the rows
// are then written straight through the driver in multi-row inserts, one transaction per batch.
// PostgreSQL: a database of its own (default keiyaku_bench on 127.0.0.1:5432), dropped and
// recreated — never the `test` database the HTTP tests use.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(join(root, 'package.json'));
export const MAIN = join(root, 'dist/apps/api/main.js');
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/keiyaku_bench';

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'];
const KANA = ['サトウ', 'スズキ', 'タカハシ', 'タナカ', 'イトウ', 'ワタナベ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマダ'];
const WORKS = ['舗装', '改良', '改修', '補修', '修繕', '新築', '解体', '設備更新', '維持管理', '測量', '設計', '点検'];
const PLACES = ['台道', '牟礼', '華城', '勝間', '西浦', '富海', '大道', '右田', '小野', '中関', '野島', '向島', '佐波', '松崎', '宮市', '天神'];
const OBJECTS = ['市道', '小学校', '中学校', '公民館', '市営住宅', '排水路', '公園', '橋梁', '配水管', '下水道管渠', '庁舎', '体育館'];
const LOCALITY = ['local', 'local', 'local', 'semiLocal', 'outside'];
const CATEGORIES = ['construction', 'construction', 'construction', 'survey', 'goods'];

/** normalizeForSearch of libs/domain (NFKC, katakana → hiragana, no spaces, lower case). */
export function normalize(value) {
  if (!value) return '';
  return String(value)
    .normalize('NFKC')
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase();
}
const searchText = (...fields) => fields.map(normalize).filter(Boolean).join('|').slice(0, 1200);

/** A small deterministic PRNG, so a scale always produces the same data. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** Environment for the built api on a bench database. */
export function apiEnv(target, port, filesDir) {
  return {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    SEED_DEMO_DATA: 'false',
    FILES_DIR: filesDir,
    ...(target.type === 'sqlite' ? { DB_TYPE: 'sqlite', DB_PATH: target.path } : { DB_TYPE: 'postgres', DATABASE_URL: target.url }),
  };
}

export async function waitForHealth(child, base) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('api did not become healthy');
}

/** Starts the built api once on the empty database and stops it: migrations and seed only. */
async function migrate(target, filesDir) {
  if (!existsSync(MAIN)) throw new Error('bench: dist/apps/api/main.js is missing — run `npx nx build api` first.');
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { cwd: root, env: apiEnv(target, port, filesDir), stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitForHealth(child, `http://127.0.0.1:${port}`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

/** A writer for one database: columns of each table, batched multi-row inserts in transactions. */
async function openWriter(target) {
  if (target.type === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(target.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -200000');
    const statements = new Map();
    return {
      type: 'sqlite',
      async columns(table) {
        return db.prepare(`PRAGMA table_info(${table})`).all().map((c) => ({ name: c.name, required: !!c.notnull && c.dflt_value === null && !c.pk }));
      },
      async all(sql) {
        return db.prepare(sql).all();
      },
      async exec(sql) {
        db.exec(sql);
      },
      async insert(table, cols, rows) {
        // 500 rows a statement keeps under SQLite's 32,766 parameters for ~60 columns.
        const per = Math.max(1, Math.floor(30000 / cols.length));
        db.transaction(() => {
          for (let i = 0; i < rows.length; i += per) {
            const chunk = rows.slice(i, i + per);
            const key = `${table}:${chunk.length}`;
            let st = statements.get(key);
            if (!st) {
              const one = `(${cols.map(() => '?').join(',')})`;
              st = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${Array(chunk.length).fill(one).join(',')}`);
              statements.set(key, st);
            }
            st.run(chunk.flat().map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
          }
        })();
      },
      async close() {
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.exec('ANALYZE');
        db.close();
      },
    };
  }
  const pg = require('pg');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  // Foreign keys are checked by construction (every id written exists at the end); the batches of
  // different tables interleave, so the per-row triggers are off for this session, as on SQLite.
  await client.query('SET session_replication_role = replica');
  return {
    type: 'postgres',
    async columns(table) {
      const r = await client.query(
        "SELECT column_name AS name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        [table],
      );
      return r.rows.map((c) => ({ name: c.name, required: c.is_nullable === 'NO' && c.column_default === null }));
    },
    async all(sql) {
      return (await client.query(sql)).rows;
    },
    async exec(sql) {
      await client.query(sql);
    },
    async insert(table, cols, rows) {
      const per = Math.max(1, Math.floor(60000 / cols.length));
      await client.query('BEGIN');
      try {
        for (let i = 0; i < rows.length; i += per) {
          const chunk = rows.slice(i, i + per);
          const values = chunk.map((_, r) => `(${cols.map((__, c) => `$${r * cols.length + c + 1}`).join(',')})`).join(',');
          await client.query({ text: `INSERT INTO ${table} (${cols.join(',')}) VALUES ${values}`, values: chunk.flat() });
        }
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    },
    async close() {
      // VACUUM too: a bulk-loaded table has no visibility map yet, so COUNT(*) could not use an
      // index-only scan — unlike a database in service, which autovacuum has long visited.
      await client.query('VACUUM ANALYZE');
      await client.end();
    },
  };
}

/** Buffers rows per table and flushes them in batches; checks the table's required columns once. */
function table(w, name, cols, batch = 20000) {
  let rows = [];
  let checked = false;
  let written = 0;
  return {
    async add(row) {
      rows.push(row);
      if (rows.length >= batch) await this.flush();
    },
    async flush() {
      if (!checked) {
        const missing = (await w.columns(name)).filter((c) => c.required && !cols.includes(c.name)).map((c) => c.name);
        if (missing.length) throw new Error(`bench generator: ${name} has required columns it does not fill: ${missing.join(', ')}`);
        checked = true;
      }
      if (!rows.length) return;
      await w.insert(name, cols, rows);
      written += rows.length;
      rows = [];
    },
    get written() {
      return written + rows.length;
    },
  };
}

async function resetPostgres(url) {
  const pg = require('pg');
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'test' || name.startsWith('keiyaku_t_')) throw new Error(`bench: refusing to reset database "${name}"`);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

/**
 * Writes a fresh bench database at the given scale. Returns the counts and timings.
 * target: { type: 'sqlite', path } | { type: 'postgres', url }.
 */
export async function generate(target, scale, log = console.log, { contracts: contractsTotal = 18_000 * scale } = {}) {
  const started = performance.now();
  const filesDir = join(target.type === 'sqlite' ? dirname(resolve(target.path)) : '/tmp', `keiyaku-bench-files-${process.pid}`);
  if (target.type === 'sqlite') {
    mkdirSync(dirname(resolve(target.path)), { recursive: true });
    for (const f of [target.path, `${target.path}-wal`, `${target.path}-shm`]) rmSync(f, { force: true });
  } else {
    await resetPostgres(target.url);
  }
  await migrate(target, filesDir);
  rmSync(filesDir, { recursive: true, force: true });
  const migratedAt = performance.now();
  const w = await openWriter(target);
  const random = rng(20261203 + scale);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

  const departments = (await w.all('SELECT id FROM departments')).map((d) => Number(d.id));
  const trades = (await w.all("SELECT code FROM trades WHERE category = 'construction'")).map((t) => t.code);
  const surveyTrades = (await w.all("SELECT code FROM trades WHERE category = 'survey'")).map((t) => t.code);
  const goodsTrades = (await w.all("SELECT code FROM trades WHERE category = 'goods'")).map((t) => t.code);
  const tradeOf = (category) => pick(category === 'construction' ? trades : category === 'survey' ? surveyTrades.length ? surveyTrades : trades : goodsTrades.length ? goodsTrades : trades);
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const iso = (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const addDays = (dateIso, days) => new Date(Date.parse(`${dateIso}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
  const base = (await w.all('SELECT COUNT(*) AS n FROM vendors'))[0];
  if (Number(base.n ?? base.N) > 0) throw new Error('bench: the vendors table is not empty');

  // Vendors: ids follow insertion order on a fresh table (1 … V).
  const V = 900 * scale;
  const vendors = table(w, 'vendors', [
    'id', 'vendor_code', 'corporate_number', 'invoice_number', 'name', 'name_kana', 'representative_title', 'representative_name', 'postal_code', 'address', 'phone',
    'locality', 'capital', 'entity_type', 'status', 'search_text', 'created_at', 'updated_at', 'version',
  ]);
  const vendorName = [];
  for (let i = 1; i <= V; i++) {
    const f = i % FAMILY.length;
    const name = `株式会社${FAMILY[f]}${pick(['建設', '工務店', '組', '設備', 'コンサルタント', '電気'])}${i}`;
    vendorName[i] = name;
    const code = String(i).padStart(6, '0');
    await vendors.add([
      i, code, null, null, name, `${KANA[f]}ケンセツ`, '代表取締役', `${FAMILY[f]} 太郎`, '747-0001', `山口県防府市大字${pick(PLACES)}${i}番地`, '0835-22-0001',
      pick(LOCALITY), int(1, 500) * 1_000_000, 'corporation', i % 40 ? 'active' : 'dormant', searchText(code, name, `${KANA[f]}ケンセツ`), now, now, 1,
    ]);
  }
  await vendors.flush();
  log(`  vendors ${V.toLocaleString('en-US')}`);

  // 10 fiscal years ending with the current one; tenders ~350 a year (× scale), contracts 1,800 a year (× scale).
  const lastYear = new Date().getUTCMonth() >= 3 ? new Date().getUTCFullYear() : new Date().getUTCFullYear() - 1;
  const years = Array.from({ length: 10 }, (_, i) => lastYear - 9 + i);
  const tenderCols = [
    'id', 'tender_number', 'fiscal_year', 'title', 'location', 'category', 'trade_code', 'department_id', 'method', 'design_price', 'planned_price', 'minimum_price',
    'opening_date', 'status', 'current_round', 'outcome', 'award_vendor_id', 'award_amount', 'contract_id', 'search_text', 'created_at', 'updated_at', 'version',
  ];
  const contractCols = [
    'id', 'contract_number', 'tender_id', 'vendor_id', 'title', 'location', 'department_id', 'category', 'trade_code', 'method', 'amount', 'tax_amount', 'tax_rate',
    'contract_date', 'period_from', 'period_to', 'status', 'fiscal_year', 'original_amount', 'original_period_to', 'approval_status', 'search_text', 'completed_on',
    'inspected_on', 'paid_on', 'created_at', 'updated_at', 'version',
  ];
  const tenders = table(w, 'tenders', tenderCols);
  const bids = table(w, 'bids', ['tender_id', 'round', 'vendor_id', 'amount', 'declined', 'verdict', 'created_at', 'updated_at', 'version'], 50000);
  const contracts = table(w, 'contracts', contractCols);
  const changes = table(w, 'contract_changes', ['contract_id', 'change_no', 'change_date', 'amount', 'tax_amount', 'period_to', 'reason', 'approval_status', 'created_at', 'updated_at', 'version'], 50000);
  const tendersPerYear = 350 * scale;
  const contractsPerYear = Math.ceil(contractsTotal / 10);
  let tenderId = 0;
  let contractId = 0;
  const today = new Date().toISOString().slice(0, 10);
  for (const fy of years) {
    const era = fy - 2018; // 令和 year
    for (let k = 1; k <= contractsPerYear; k++) {
      const fromTender = k <= tendersPerYear;
      const category = pick(CATEGORIES);
      const trade = tradeOf(category);
      const dept = pick(departments);
      const title = `${pick(OBJECTS)}${pick(PLACES)}線${pick(WORKS)}工事（その${int(1, 3)}）`;
      const location = `防府市${pick(PLACES)}`;
      const contractDate = iso(fy + (k % 12 >= 9 ? 1 : 0), ((k % 12) + 3) % 12 + 1, int(1, 28));
      const periodTo = addDays(contractDate, int(30, 300));
      const planned = int(10, 3000) * 100_000;
      const award = Math.floor(planned * (0.8 + random() * 0.18));
      const amount = Math.floor(award * 1.1);
      const tax = amount - award;
      const vendor = int(1, V);
      const status = periodTo > today ? (contractDate > today ? 'concluded' : 'inProgress') : pick(['completed', 'inspected', 'paid', 'paid', 'paid']);
      contractId++;
      let tId = null;
      if (fromTender) {
        tId = ++tenderId;
        const method = pick(['general', 'designated', 'designated']);
        const opening = addDays(contractDate, -int(7, 20));
        const bidders = int(3, 8);
        const chosen = new Set([vendor]);
        while (chosen.size < bidders) chosen.add(int(1, V));
        let r = 0;
        for (const v of chosen) {
          const bidAmount = v === vendor ? award : Math.floor(award * (1.001 + random() * 0.2));
          await bids.add([tId, 1, v, bidAmount, false, v === vendor ? 'winner' : 'valid', now, now, 1]);
          r++;
        }
        await tenders.add([
          tId, `R${era}-${String(k).padStart(5, '0')}`, fy, title, location, category, trade, dept, method, Math.floor(planned * 1.05), planned, Math.floor(planned * 0.85),
          opening, 'awarded', 1, 'awarded', vendor, award, contractId, searchText(`R${era}-${String(k).padStart(5, '0')}`, title, location), now, now, 1,
        ]);
      }
      const number = `R${era}-K${String(k).padStart(6, '0')}`;
      const changed = k % 10 === 3;
      const finalAmount = changed ? Math.floor(amount * 1.08) : amount;
      await contracts.add([
        contractId, number, tId, vendor, title, location, dept, category, trade, fromTender ? 'designated' : 'negotiated', finalAmount, changed ? finalAmount - Math.floor(finalAmount / 1.1) : tax, 10,
        contractDate, addDays(contractDate, 1), periodTo, status, fy, amount, periodTo, 'approved', searchText(number, title, vendorName[vendor], location),
        ['completed', 'inspected', 'paid'].includes(status) ? periodTo : null, ['inspected', 'paid'].includes(status) ? addDays(periodTo, 10) : null,
        status === 'paid' ? addDays(periodTo, 40) : null, now, now, changed ? 2 : 1,
      ]);
      if (changed) {
        await changes.add([contractId, 1, addDays(contractDate, 20), finalAmount, finalAmount - Math.floor(finalAmount / 1.1), periodTo, '設計数量の増', 'approved', now, now, 1]);
      }
    }
    await Promise.all([]);
    log(`  fiscal year ${fy}: ${contractId.toLocaleString('en-US')} contracts, ${tenderId.toLocaleString('en-US')} tenders so far`);
  }
  for (const t of [tenders, bids, contracts, changes]) await t.flush();
  // Sequences follow the explicit ids on PostgreSQL.
  if (w.type === 'postgres') {
    for (const t of ['vendors', 'tenders', 'contracts']) await w.exec(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT MAX(id) FROM ${t}))`);
  }
  await w.close();
  const counts = { vendors: vendors.written, tenders: tenders.written, bids: bids.written, contracts: contracts.written, changes: changes.written };
  return { counts, migrateSeconds: (migratedAt - started) / 1000, insertSeconds: (performance.now() - migratedAt) / 1000 };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (isMain) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const scale = Number(arg('scale', '1'));
  if (!(scale >= 1 && scale <= 50)) throw new Error('--scale is 1 … 50');
  const type = arg('db', 'sqlite');
  const target = type === 'postgres' ? { type, url: arg('url', process.env.BENCH_DATABASE_URL ?? DEFAULT_PG_URL) } : { type: 'sqlite', path: arg('path', join(root, 'tmp/bench/keiyaku-bench.sqlite')) };
  console.log(`generating scale ${scale} into ${type === 'postgres' ? target.url : target.path}`);
  const r = await generate(target, scale, console.log, { contracts: Number(arg('contracts', String(18_000 * scale))) });
  console.log(JSON.stringify(r));
}
