import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { bulkInsert, currentContext, describeList, ExportColumn, ListQueryDto, ListSpec, notFound } from '@keiyaku/server/core';
import { AuditHead, AuditLog } from './audit-log.entity';
import { chainHash, ChainFields, GENESIS_HASH } from './audit-chain';
import { REDACTED_FIELDS } from './not-audited';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'login'
  | 'loginFailed'
  | 'logout'
  | 'export'
  | 'print'
  | (string & {});

export interface AuditEntry {
  action: AuditAction;
  entity?: string | null;
  entityId?: string | number | null;
  summary?: string | null;
  before?: unknown;
  after?: unknown;
  /** Overrides the request context (e.g. a failed sign-in has no user yet). */
  userId?: number | null;
  loginId?: string | null;
}

export class AuditListQueryDto extends ListQueryDto {}

export const AUDIT_LIST: ListSpec = {
  fields: {
    seq: { expr: 'a.seq', type: 'number', label: '番号' },
    occurredAt: { expr: 'a.occurredAt', type: 'date', label: '日時' },
    loginId: { expr: 'a.loginId', type: 'text', label: 'ユーザー' },
    action: { expr: 'a.action', type: 'text', label: '操作' },
    entity: { expr: 'a.entity', type: 'text', label: '対象' },
    entityId: { expr: 'a.entityId', type: 'text', label: 'ID' },
    summary: { expr: 'a.summary', type: 'text', label: '要約' },
    ip: { expr: 'a.ip', type: 'text', label: 'IPアドレス' },
  },
  searchPlain: ['a.loginId', 'a.action', 'a.entity', 'a.entityId', 'a.summary'],
  defaultSort: 'seq:desc',
  tieBreaker: 'a.id',
};

const ACTION_LABELS: Record<string, string> = {
  create: '登録',
  update: '更新',
  delete: '削除',
  login: 'ログイン',
  loginFailed: 'ログイン失敗',
  logout: 'ログアウト',
  export: '出力',
  print: '印刷',
};

type AuditRow = Omit<AuditLog, 'before' | 'after' | 'hash' | 'prevHash'>;

const auditRow = ({ before: _b, after: _a, hash: _h, prevHash: _p, ...row }: AuditLog): AuditRow => row;

export const AUDIT_EXPORT_COLUMNS: ExportColumn<AuditRow>[] = [
  { key: 'seq', header: '番号', type: 'number', value: (r) => r.seq },
  { key: 'occurredAt', header: '日時', type: 'datetime', value: (r) => r.occurredAt },
  { key: 'loginId', header: 'ユーザー', value: (r) => r.loginId },
  { key: 'action', header: '操作', width: 12, value: (r) => ACTION_LABELS[r.action] ?? r.action },
  { key: 'entity', header: '対象', value: (r) => r.entity },
  { key: 'entityId', header: 'ID', width: 10, value: (r) => r.entityId },
  { key: 'summary', header: '要約', width: 60, value: (r) => r.summary },
  { key: 'ip', header: 'IPアドレス', value: (r) => r.ip },
];

/** JSON-safe copy without secrets, so what is hashed is exactly what is stored. */
export function auditSnapshot(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(
    JSON.stringify(value, (key, v) => (REDACTED_FIELDS.has(key) ? '[秘匿]' : v === '' ? null : v)),
  );
}

type PendingRow = Omit<ChainFields, 'seq' | 'prevHash'>;

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; id: number | null; reason: string };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends waiting per transaction (see record). */
  private readonly queues = new WeakMap<object, { waiting: Array<{ row: PendingRow; done: (e?: unknown) => void }>; busy: boolean }>();

  /**
   * Appends one row to the chain inside the given transaction (or a new one). Saving several
   * rows at once makes TypeORM call the subscriber concurrently within ONE transaction, where
   * the head-row lock cannot keep them apart; so appends of one transaction take turns here —
   * and those that arrive together (a bulk save of a migration's 18,000 contracts) are chained
   * and written together: one head update and one multi-row insert per batch, not four
   * statements per row.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    // Fields and snapshots are taken now, as the caller's entity and context are at this moment.
    const row = this.pendingRow(entry);
    if (!manager) {
      await this.dataSource.transaction((m) => this.appendMany(m, [row]));
      return;
    }
    const key = manager.queryRunner ?? manager;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { waiting: [], busy: false };
      this.queues.set(key, queue);
    }
    const q = queue;
    await new Promise<void>((resolve, reject) => {
      q.waiting.push({ row, done: (e) => (e ? reject(e) : resolve()) });
      if (!q.busy) {
        q.busy = true;
        // After the current microtasks, so that rows saved together (a bulk save's subscriber calls, a
        // Promise.all of records) are appended together. Not a macrotask: that would let another request's
        // transaction start in between, which the single SQLite connection cannot take.
        queueMicrotask(() => void this.drain(manager, q));
      }
    });
  }

  private async drain(manager: EntityManager, q: { waiting: Array<{ row: PendingRow; done: (e?: unknown) => void }>; busy: boolean }): Promise<void> {
    try {
      while (q.waiting.length) {
        const batch = q.waiting.splice(0, 1000);
        try {
          await this.appendMany(manager, batch.map((b) => b.row));
          batch.forEach((b) => b.done());
        } catch (e) {
          batch.forEach((b) => b.done(e));
        }
      }
    } finally {
      q.busy = false;
    }
  }

  private pendingRow(entry: AuditEntry): PendingRow {
    const ctx = currentContext();
    return {
      occurredAt: new Date(),
      userId: entry.userId !== undefined ? entry.userId : (ctx?.userId ?? null),
      loginId: entry.loginId !== undefined ? entry.loginId : (ctx?.loginId ?? null),
      ip: ctx?.ip || null,
      requestId: ctx?.requestId || null,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      summary: entry.summary ? entry.summary.slice(0, 300) : null,
      before: auditSnapshot(entry.before),
      after: auditSnapshot(entry.after),
    };
  }

  private async appendMany(m: EntityManager, pending: PendingRow[]): Promise<void> {
    // Bumping the head first takes its row lock: concurrent writers queue here, one chain.
    const seqColumn = m.connection.driver.escape(m.connection.getMetadata(AuditHead).findColumnWithPropertyName('seq')!.databaseName);
    await m
      .createQueryBuilder()
      .update(AuditHead)
      .set({ seq: () => `${seqColumn} + ${pending.length}` })
      .where('id = :id', { id: 1 })
      .execute();
    const head = await m.findOneByOrFail(AuditHead, { id: 1 });
    let seq = head.seq - pending.length;
    let prevHash = head.hash;
    const rows = pending.map((p) => {
      const row = { ...p, seq: ++seq, prevHash };
      prevHash = chainHash(row);
      return { ...row, hash: prevHash };
    });
    await bulkInsert(m, AuditLog, rows as AuditLog[]);
    await m.update(AuditHead, { id: 1 }, { hash: prevHash });
  }

  list(query: AuditListQueryDto & { from?: string; to?: string; action?: string; entity?: string; loginId?: string }) {
    const qb = this.dataSource.getRepository(AuditLog).createQueryBuilder('a');
    if (query.from) qb.andWhere('a.occurredAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('a.occurredAt < :to', { to: new Date(new Date(query.to).getTime() + 86_400_000) });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.entity) qb.andWhere('a.entity = :entity', { entity: query.entity });
    if (query.loginId) qb.andWhere('a.loginId = :loginId', { loginId: query.loginId });
    const conditions = [
      query.from || query.to ? `期間: ${query.from ?? ''}〜${query.to ?? ''}` : '',
      query.action ? `操作: ${query.action}` : '',
      query.entity ? `対象: ${query.entity}` : '',
      query.loginId ? `ユーザー: ${query.loginId}` : '',
    ].filter(Boolean);
    return describeList({ name: 'audit', title: '操作ログ', qb, query, spec: AUDIT_LIST, map: auditRow, columns: AUDIT_EXPORT_COLUMNS, conditions });
  }

  async get(id: number): Promise<AuditLog> {
    const row = await this.dataSource.getRepository(AuditLog).findOneBy({ id });
    if (!row) throw notFound('操作ログ');
    return row;
  }

  /** Walks the whole chain; reports the first row whose link or content does not hold. */
  async verify(onProgress?: (checked: number, total: number) => Promise<void>): Promise<VerifyResult> {
    const repo = this.dataSource.getRepository(AuditLog);
    const total = onProgress ? await repo.count() : 0;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    const batch = 1000;
    for (;;) {
      const rows = await repo
        .createQueryBuilder('a')
        .where('a.seq >= :from', { from: expectedSeq })
        .orderBy('a.seq', 'ASC')
        .take(batch)
        .getMany();
      for (const row of rows) {
        const broken = (reason: string): VerifyResult => ({ ok: false, checked, firstBroken: { seq: expectedSeq, id: row.id, reason } });
        if (row.seq !== expectedSeq) return broken(`番号${expectedSeq}の記録が欠落しています。`);
        if (row.prevHash !== prevHash) return broken(`番号${row.seq}の直前の記録との連結が一致しません。`);
        if (chainHash(row) !== row.hash) return broken(`番号${row.seq}の記録の内容が変更されています。`);
        prevHash = row.hash;
        expectedSeq++;
        checked++;
      }
      if (onProgress) await onProgress(checked, total);
      if (rows.length < batch) break;
    }
    const head = await this.dataSource.getRepository(AuditHead).findOneByOrFail({ id: 1 });
    if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
      return { ok: false, checked, firstBroken: { seq: expectedSeq, id: null, reason: `番号${expectedSeq}以降の記録が削除されています。` } };
    }
    return { ok: true, checked };
  }
}
