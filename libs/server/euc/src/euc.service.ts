import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { EucDatasetInfo, EucQuery, EucResult, operatorsFor } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import type { AuthUser } from '@keiyaku/server/auth';
import {
  AppException, badRequest, contentDisposition, dateStamp, EXPORT_CONTENT_TYPES, ExportColumn, isExportAborted, ListDescription, PreparedList, SettingsService, writeCsv, writeXlsx,
} from '@keiyaku/server/core';
import { DATASETS, mayReadDataset, seesDraftScores, seesTenderPrices } from './catalog';
import { checkQuery, CheckedQuery, compile, CompiledQuery, decodeRow, describeQuery, displayValue } from './compiler';

export const EUC_TIME_LIMIT = 'EUC_TIME_LIMIT';

type Row = Record<string, unknown>;

export interface EucFile {
  stream: PassThrough;
  contentType: string;
  filename: string;
  asciiFilename: string;
  total: number;
  /** Resolves when the whole file has been written (rejects if writing failed). */
  done: Promise<void>;
}

/** Runs and exports EUC queries within the row and time limits, and audits every one. */
@Injectable()
export class EucService {
  private readonly logger = new Logger('EucService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  /** The datasets this user may search, with their fields and operators. */
  catalog(user: AuthUser): EucDatasetInfo[] {
    return DATASETS.filter((d) => mayReadDataset(user, d)).map((d) => ({
      key: d.key,
      label: d.label,
      description: d.description,
      defaultColumns: d.defaultColumns,
      scope: d.scopeLabel(user),
      fields: d.fields.map((f) => ({
        key: f.key,
        label: f.label,
        type: f.type,
        group: f.group,
        operators: operatorsFor(f),
        ...(f.codes ? { codes: Object.entries(f.codes).map(([code, label]) => ({ code, label })) } : {}),
        ...(f.fiscalYear ? { fiscalYear: true } : {}),
        ...((f.secret === 'tenderPrice' && !seesTenderPrices(user)) || (f.secret === 'evaluationScore' && !seesDraftScores(user)) ? { masked: true } : {}),
      })),
    }));
  }

  check(query: EucQuery, user: AuthUser): CheckedQuery {
    return checkQuery(query, user);
  }

  async limits(): Promise<{ maxRows: number; timeoutMs: number; seconds: number }> {
    const maxRows = await this.settings.get<number>('euc.maxRows');
    const seconds = await this.settings.get<number>('euc.timeoutSeconds');
    return { maxRows, seconds, timeoutMs: Math.max(1, Math.floor(seconds * 1000)) };
  }

  private timeLimit(seconds: number): AppException {
    return new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      EUC_TIME_LIMIT,
      `検索が時間の上限（${seconds}秒）を超えたため中止しました。条件を絞り込むか、集計の単位を減らしてください。`,
    );
  }

  /**
   * Runs database work under the time limit. PostgreSQL cancels the statement itself
   * (statement_timeout, in a read-only transaction). SQLite runs a statement synchronously and
   * cannot be interrupted: there the limit is checked as each statement returns, so a query that
   * ran too long still answers with the time-limit error rather than a result.
   */
  async timed<T>(work: (m: EntityManager) => Promise<T>, limit?: { timeoutMs: number; seconds: number }): Promise<T> {
    const { timeoutMs, seconds } = limit ?? (await this.limits());
    const started = Date.now();
    if (this.dataSource.options.type === 'postgres') {
      try {
        return await this.dataSource.transaction(async (m) => {
          await m.query('SET TRANSACTION READ ONLY');
          // A number from the settings (validated integer), not user text: SET takes no bind parameters.
          await m.query(`SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
          return work(m);
        });
      } catch (e: any) {
        if (e?.code === '57014' || e?.driverError?.code === '57014') throw this.timeLimit(seconds);
        throw e;
      }
    }
    const result = await work(this.dataSource.manager);
    if (Date.now() - started > timeoutMs) throw this.timeLimit(seconds);
    return result;
  }

  private compileIn(m: EntityManager, checked: CheckedQuery, user: AuthUser, now: Date): CompiledQuery {
    return compile(checked, user, (entity, alias) => m.createQueryBuilder(entity as any, alias), now);
  }

  private async count(m: EntityManager, c: CompiledQuery): Promise<number> {
    if (!c.grouped) {
      const raw = await c.base.clone().select('COUNT(*)', 'n').orderBy().getRawOne<Record<string, unknown>>();
      return Number(raw?.n ?? raw?.N ?? 0);
    }
    const inner = c.select.clone().orderBy();
    const raw = await m
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(`(${inner.getQuery()})`, 'g')
      .setParameters(inner.getParameters())
      .getRawOne<Record<string, unknown>>();
    return Number(raw?.n ?? raw?.N ?? 0);
  }

  /** One page of the result (rows or groups) for the grid's infinite row model. */
  async run(query: EucQuery, page: { offset?: number; limit?: number }, user: AuthUser, saved?: { id: number; name: string }, now = new Date()): Promise<EucResult> {
    const checked = this.check(query, user);
    const limits = await this.limits();
    const offset = page.offset ?? 0;
    const { rows, total, columns } = await this.timed(async (m) => {
      const c = this.compileIn(m, checked, user, now);
      const total = await this.count(m, c);
      const visible = Math.min(total, limits.maxRows);
      const limit = Math.max(0, Math.min(page.limit ?? 100, visible - offset));
      const raw = limit > 0 ? await c.select.clone().offset(offset).limit(limit).getRawMany() : [];
      return { rows: raw.map((r) => decodeRow(c.columns, r)), total, columns: c.columns };
    }, limits);
    // The first page is the "run"; the grid's further pages are the same run scrolling on.
    if (offset === 0) {
      await this.audit.record({
        action: 'euc.run',
        entity: 'EucQuery',
        entityId: saved?.id ?? null,
        summary: `${saved ? `「${saved.name}」` : ''}${describeQuery(checked)}（${total}件）`.slice(0, 300),
      });
    }
    return {
      columns: columns.map(({ key, label, type }) => ({ key, label, type })),
      rows,
      total: Math.min(total, limits.maxRows),
      truncated: total > limits.maxRows,
      rowLimit: limits.maxRows,
    };
  }

  /**
   * The whole result as xlsx or CSV, streamed. Refused above the row limit. The order is fixed by
   * one timed query for the row keys; batches then load their rows by key, so each stays cheap.
   */
  async exportFile(query: EucQuery, format: 'xlsx' | 'csv', encoding: 'utf8' | 'sjis', user: AuthUser, title: string, saved?: { id: number; name: string }, now = new Date()): Promise<EucFile> {
    const checked = this.check(query, user);
    const limits = await this.limits();
    const prepared = await this.timed(async (m) => {
      const c = this.compileIn(m, checked, user, now);
      const total = await this.count(m, c);
      if (total > limits.maxRows) {
        throw badRequest('query', `検索結果が${total.toLocaleString('ja-JP')}件あり、EUCの上限（${limits.maxRows.toLocaleString('ja-JP')}件）を超えています。条件を絞り込んでください。`);
      }
      if (c.grouped) {
        // Groups are few next to rows: read them at once under the time limit.
        const all = (await c.select.getRawMany()).map((r) => decodeRow(c.columns, r));
        return { c, total, keys: null as unknown[] | null, all };
      }
      const tb = checked.dataset.tieBreaker;
      const keys = (await c.select.clone().select(tb, 'k').getRawMany<Record<string, unknown>>()).map((r) => r.k ?? r.K);
      return { c, total, keys, all: null as Row[] | null };
    }, limits);

    const { c, total } = prepared;
    let position = 0;
    const next = async (batchSize: number): Promise<Row[]> => {
      if (prepared.all) {
        const slice = prepared.all.slice(position, position + batchSize);
        position += slice.length;
        return slice;
      }
      // Oracle takes at most 1000 values in an IN list.
      const slice = prepared.keys!.slice(position, position + Math.min(batchSize, 1000));
      position += slice.length;
      if (!slice.length) return [];
      const tb = checked.dataset.tieBreaker;
      const raw = await this.compileIn(this.dataSource.manager, checked, user, now)
        .select.andWhere(`${tb} IN (:...eucKeys)`, { eucKeys: slice })
        .addSelect(tb, 'k')
        .getRawMany<Record<string, unknown>>();
      const byKey = new Map(raw.map((r) => [String(r.k ?? r.K), r]));
      return slice.flatMap((k) => {
        const r = byKey.get(String(k));
        return r ? [decodeRow(c.columns, r)] : [];
      });
    };
    const list = { description: { title } as ListDescription<any, Row>, total, next } as PreparedList<any, Row>;
    const columns: ExportColumn<Row>[] = c.columns.map((col) => ({
      key: col.key,
      header: col.label,
      type: col.type === 'number' ? 'number' : col.type === 'date' ? 'date' : col.type === 'datetime' ? 'datetime' : 'text',
      value: (row: Row) => displayValue(col, row[col.key]),
    }));

    const describedFormat = format === 'csv' ? `CSV（${encoding === 'sjis' ? 'Shift_JIS' : 'UTF-8'}）` : 'Excel';
    // Recorded before the first byte: an export cut off half way has still been seen.
    await this.audit.record({
      action: 'export',
      entity: 'EucQuery',
      entityId: saved?.id ?? null,
      summary: `EUC${saved ? `「${saved.name}」` : ''}を${describedFormat}で出力（${total}件） / ${describeQuery(checked)}`.slice(0, 300),
    });

    const stream = new PassThrough();
    const done = format === 'xlsx' ? writeXlsx(list, columns, stream) : writeCsv(list, columns, encoding, stream);
    done.catch((e) => {
      if (!isExportAborted(e)) this.logger.error(`EUC export failed: ${e instanceof Error ? e.stack : e}`);
      stream.destroy(isExportAborted(e) ? undefined : (e as Error));
    });
    const stamp = dateStamp(now);
    return {
      stream,
      total,
      done,
      contentType: format === 'xlsx' ? EXPORT_CONTENT_TYPES.xlsx : EXPORT_CONTENT_TYPES.csv[encoding],
      filename: `${title}_${stamp}.${format}`,
      asciiFilename: `euc_${stamp}.${format}`,
    };
  }

  static disposition(file: EucFile): string {
    return contentDisposition('attachment', file.filename, file.asciiFilename);
  }
}
