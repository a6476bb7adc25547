import 'reflect-metadata';
import { DataSource, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex, getMetadataArgsStorage } from 'typeorm';
import { EntityMetadataValidator } from 'typeorm/metadata-builder/EntityMetadataValidator';
import { dataSourceOptions, MIGRATIONS } from '@keiyaku/server/core';
// Importing the modules registers every entity the application has.
import '@keiyaku/server/audit';
import '@keiyaku/server/auth';
import '@keiyaku/server/platform';
import '@keiyaku/server/vendors';
import '@keiyaku/server/contracts';
import '@keiyaku/server/tenders';
import '@keiyaku/server/applications';
import '@keiyaku/server/operations';
import '@keiyaku/server/imports';
import '@keiyaku/server/evaluations';
import '@keiyaku/server/euc';

/**
 * No machine here has Oracle, so these tests hold the rules that keep the schema portable to
 * it: TypeORM's own Oracle driver checks the entities (without connecting), every name is at
 * most 30 bytes, and no entity writes out a type Oracle lacks.
 */
const FORBIDDEN_TYPES = ['bigint', 'boolean', 'bool', 'enum', 'simple-enum', 'text', 'datetime', 'timestamp', 'timestamptz', 'json', 'jsonb', 'nvarchar', 'uuid'];

function entityClasses(): Function[] {
  return getMetadataArgsStorage()
    .tables.filter((t) => t.type === 'regular')
    .map((t) => t.target as Function);
}

async function oracleDataSource(): Promise<DataSource> {
  const ds = new DataSource(
    dataSourceOptions({ type: 'oracle', user: 'keiyaku', password: 'unused', connectString: 'localhost/none' }, entityClasses()),
  );
  // Builds and validates metadata with the Oracle driver; no connection is opened.
  await (ds as any).buildMetadatas();
  return ds;
}

describe('Oracle portability', () => {
  it('the Oracle driver accepts every entity', async () => {
    const ds = await oracleDataSource();
    expect(ds.entityMetadatas.length).toBeGreaterThanOrEqual(6);
    expect(() => new EntityMetadataValidator().validateMany(ds.entityMetadatas, ds.driver)).not.toThrow();
  });

  it('every table, column, index and constraint name of the entities is ≤ 30 bytes and upper case on Oracle', async () => {
    const ds = await oracleDataSource();
    const names: string[] = [];
    for (const m of ds.entityMetadatas) {
      names.push(m.tableName, ...m.columns.map((c) => c.databaseName));
      names.push(...m.indices.map((i) => i.name), ...m.foreignKeys.map((f) => f.name), ...m.uniques.map((u) => u.name));
      if (m.primaryColumns.length) names.push(ds.namingStrategy.primaryKeyName(m.tableName, m.primaryColumns.map((c) => c.databaseName)));
    }
    expect(names.filter((n) => Buffer.byteLength(n) > 30)).toEqual([]);
    expect(names.filter((n) => n !== n.toUpperCase())).toEqual([]);
  });

  it('no entity declares a column type that breaks on Oracle', () => {
    const offenders = getMetadataArgsStorage()
      .columns.filter((c) => typeof c.options.type === 'string' && FORBIDDEN_TYPES.includes(c.options.type))
      .map((c) => `${(c.target as Function).name}.${c.propertyName}: ${c.options.type}`);
    expect(offenders).toEqual([]);
    const unbounded = getMetadataArgsStorage()
      .columns.filter((c) => c.options.type === 'varchar' && !c.options.length)
      .map((c) => `${(c.target as Function).name}.${c.propertyName}`);
    expect(unbounded).toEqual([]);
  });

  it('the migrations produce Oracle types and names within 30 bytes', async () => {
    // A recording query runner: the migrations' Table API calls, as Oracle would receive them.
    const ds = await oracleDataSource();
    const tables: Table[] = [];
    const indices: TableIndex[] = [];
    const fks: TableForeignKey[] = [];
    const qr = {
      connection: ds,
      createTable: async (t: Table) => void tables.push(t),
      createIndex: async (_t: string, i: TableIndex) => void indices.push(i),
      // A migration may replace an index: the one dropped must exist, and leaves the list.
      dropIndex: async (_t: string, name: string) => {
        const at = indices.findIndex((i) => i.name === name);
        if (at < 0) throw new Error(`dropIndex: no index ${name}`);
        indices.splice(at, 1);
      },
      createForeignKey: async (_t: string, f: TableForeignKey) => void fks.push(f),
      addColumns: async (t: string, columns: TableColumn[]) => void tables.find((x) => x.name === t)!.columns.push(...columns),
      query: async () => undefined,
    } as unknown as QueryRunner;
    for (const M of MIGRATIONS) await new M().up(qr);
    const supported = ds.driver.supportedDataTypes as string[];
    const names = [
      ...tables.flatMap((t) => [t.name, ...t.columns.map((c) => c.name), ...t.uniques.map((u) => u.name!)]),
      ...indices.map((i) => i.name!),
      ...fks.map((f) => f.name!),
    ];
    expect(names.filter((n) => Buffer.byteLength(n) > 30 || n !== n.toUpperCase())).toEqual([]);
    const badTypes = tables.flatMap((t) => t.columns.filter((c) => !supported.includes(c.type)).map((c) => `${t.name}.${c.name}: ${c.type}`));
    expect(badTypes).toEqual([]);
    // The migrations create exactly the tables the entities map to.
    expect(tables.map((t) => t.name).sort()).toEqual(ds.entityMetadatas.map((m) => m.tableName).sort());
  });
});
