// Preloaded into the built api by the benchmarks (NODE_OPTIONS=--require …/sql-capture.cjs with
// BENCH_SQL_LOG=<file>): appends every statement the drivers run — SQL text and parameters,
// exactly as TypeORM hands them over — as JSON lines, so the raw-driver side of P1 runs the same
// SQL. Nothing in the application changes; the file is read by tools/bench/run.mjs.
const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_SQL_LOG;
if (file) {
  const record = (sql, params) => {
    try {
      appendFileSync(file, JSON.stringify({ sql, params: params ?? [] }) + '\n');
    } catch {
      // the benchmark reads what it can
    }
  };
  try {
    const Database = require('better-sqlite3');
    const prepare = Database.prototype.prepare;
    Database.prototype.prepare = function (sql) {
      const st = prepare.call(this, sql);
      for (const m of ['all', 'get', 'run', 'iterate']) {
        const original = st[m];
        if (typeof original !== 'function') continue;
        st[m] = function (...args) {
          record(sql, args.length === 1 && Array.isArray(args[0]) ? args[0] : args);
          return original.apply(this, args);
        };
      }
      return st;
    };
  } catch {
    // no SQLite driver
  }
  try {
    const pg = require('pg');
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (config, values, callback) {
      if (typeof config === 'string') record(config, Array.isArray(values) ? values : []);
      else if (config && typeof config.text === 'string') record(config.text, config.values ?? (Array.isArray(values) ? values : []));
      return query.call(this, config, values, callback);
    };
  } catch {
    // no PostgreSQL driver
  }
}
