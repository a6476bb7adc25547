import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts many rows of an entity with plain multi-row INSERTs of one shape (so the driver's
 * prepared statement is reused), values converted by the driver as TypeORM would. For imports
 * and the audit trail, where TypeORM's own insert spends more time building SQL and re-reading
 * rows than the database spends writing them. Listeners are NOT called: the caller audits.
 * Generated ids are not read back: the caller reads them by a key it knows.
 */
export async function bulkInsert<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: T[], rowsPerStatement = 100): Promise<void> {
  if (!rows.length) return;
  const meta = m.connection.getMetadata(entity);
  const driver = m.connection.driver;
  const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment') && !c.isVirtual);
  const table = driver.escape(meta.tablePath);
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const now = new Date();
  const valuesOf = (row: T) =>
    columns.map((c) => {
      let v = c.getEntityValue(row, true);
      if (v === undefined) {
        if (c.isVersion) v = 1;
        else if (c.isCreateDate || c.isUpdateDate) v = now;
        else if (c.default !== undefined && typeof c.default !== 'function') v = c.default;
        else v = null;
      }
      return driver.preparePersistentValue(v, c);
    });
  // Oracle has no multi-row VALUES; one row per statement there (still one shape, still prepared once).
  const size = m.connection.options.type === 'oracle' ? 1 : Math.max(1, Math.min(rowsPerStatement, Math.floor(30000 / columns.length)));
  const statements = new Map<number, string>();
  const sqlFor = (n: number) => {
    let sql = statements.get(n);
    if (!sql) {
      let i = 0;
      const tuples = Array.from({ length: n }, () => `(${columns.map(() => driver.createParameter(`p${i}`, i++)).join(', ')})`);
      sql = `INSERT INTO ${table} (${names}) VALUES ${tuples.join(', ')}`;
      statements.set(n, sql);
    }
    return sql;
  };
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    await m.query(sqlFor(part.length), part.flatMap(valuesOf));
  }
}
