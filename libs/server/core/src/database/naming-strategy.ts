import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

export function snakeCase(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

/**
 * snake_case ASCII names for every table and column, UPPER_SNAKE on Oracle so that a DBA's
 * plain SQL works unquoted there. Constraint names stay TypeORM's hashed ones (≤ 30 bytes).
 */
export class PortableNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  constructor(private readonly upper = false) {
    super();
  }

  private out(name: string): string {
    return this.upper ? name.toUpperCase() : name;
  }

  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return this.out(userSpecifiedName ?? snakeCase(targetName));
  }

  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    const name = snakeCase([...embeddedPrefixes, customName ?? propertyName].join('_'));
    return this.out(name);
  }

  override relationName(propertyName: string): string {
    return this.out(snakeCase(propertyName));
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return this.out(snakeCase(`${relationName}_${referencedColumnName}`));
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return this.out(snakeCase(`${firstTableName}_${firstPropertyName}`));
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return this.out(snakeCase(`${tableName}_${columnName ?? propertyName}`));
  }

  override primaryKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return this.out(super.primaryKeyName(tableOrName, columnNames));
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return this.out(super.uniqueConstraintName(tableOrName, columnNames));
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[], referencedTablePath?: string, referencedColumnNames?: string[]): string {
    return this.out(super.foreignKeyName(tableOrName, columnNames, referencedTablePath, referencedColumnNames));
  }

  override indexName(tableOrName: Table | string, columns: string[], where?: string): string {
    return this.out(super.indexName(tableOrName, columns, where));
  }
}
