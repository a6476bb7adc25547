import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, InsertEvent, RemoveEvent, UpdateEvent } from 'typeorm';
import { AuditService } from './audit.service';
import { isAudited } from './not-audited';
import { AuditHead, AuditLog } from './audit-log.entity';

const SUMMARY_FIELDS = ['name', 'title', 'code', 'loginId', 'contractNumber', 'vendorCode'];

/** The words that name a record in the trail (its name, title, code …). */
export function summaryOf(entity: Record<string, unknown> | undefined): string | null {
  if (!entity) return null;
  const parts = SUMMARY_FIELDS.map((f) => entity[f]).filter((v) => typeof v === 'string' || typeof v === 'number');
  return parts.length ? parts.join(' ') : null;
}

/**
 * Records every insert, update and delete made through TypeORM, with before and after, in
 * the same transaction as the write: a write without its audit row cannot commit.
 */
@Injectable()
export class AuditSubscriber implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    dataSource.subscribers.push(this);
  }

  private audited(target: Function | string): boolean {
    return target !== AuditLog && target !== AuditHead && isAudited(target);
  }

  async afterInsert(event: InsertEvent<any>): Promise<void> {
    if (!this.audited(event.metadata.target)) return;
    const id = event.metadata.getEntityIdMixedMap(event.entity);
    await this.audit.record(
      { action: 'create', entity: event.metadata.name, entityId: id as any, summary: summaryOf(event.entity), after: event.entity },
      event.manager,
    );
  }

  async afterUpdate(event: UpdateEvent<any>): Promise<void> {
    if (!this.audited(event.metadata.target)) return;
    const after = { ...(event.databaseEntity ?? {}), ...(event.entity ?? {}) };
    const id = event.metadata.getEntityIdMixedMap(event.databaseEntity ?? event.entity);
    const changed = event.updatedColumns.map((c) => c.propertyName);
    await this.audit.record(
      {
        action: 'update',
        entity: event.metadata.name,
        entityId: id as any,
        summary: [summaryOf(after), changed.length ? `(${changed.join(', ')})` : null].filter(Boolean).join(' ') || null,
        before: event.databaseEntity ?? null,
        after,
      },
      event.manager,
    );
  }

  async afterRemove(event: RemoveEvent<any>): Promise<void> {
    if (!this.audited(event.metadata.target)) return;
    const before = event.databaseEntity ?? event.entity;
    await this.audit.record(
      { action: 'delete', entity: event.metadata.name, entityId: (event.entityId ?? before?.id) as any, summary: summaryOf(before), before },
      event.manager,
    );
  }
}
