import { CreateDateColumn, EntityManager, EntityTarget, ObjectLiteral, UpdateDateColumn, VersionColumn } from 'typeorm';
import { notFound, versionConflict } from '../http/app-exception';

/** created_at, updated_at and the optimistic-lock version of every editable record. */
export abstract class VersionedEntity {
  @CreateDateColumn() createdAt!: Date;
  @UpdateDateColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

/**
 * Loads a record to change it inside a transaction and checks the version the client saw.
 * The row is locked (PostgreSQL/Oracle) or the transaction is exclusive (SQLite), so a
 * concurrent edit gets 409 instead of silently overwriting.
 */
export async function loadForUpdate<T extends ObjectLiteral & { version: number }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: number | string,
  expectedVersion: number | null | undefined,
  what = 'データ',
): Promise<T> {
  const lockable = manager.connection.options.type !== 'better-sqlite3';
  const found = await manager.findOne(entity, {
    where: { id } as any,
    ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw notFound(what);
  if (expectedVersion !== undefined && expectedVersion !== null && found.version !== expectedVersion) {
    throw versionConflict(what);
  }
  return found;
}
