import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, StreamableFile } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { from, mergeMap, Observable } from 'rxjs';
import { badRequest } from '../http/app-exception';
import { ListQueryDto } from '../http/list-query';
import { SettingsService } from '../settings/settings.service';
import { AUDIT_RECORDER, AuditRecorder } from './audit-recorder';
import { ListDescription, prepareList, selectColumns } from './list-description';
import { EXPORT_CONTENT_TYPES, isExportAborted, writeCsv, writeXlsx } from './list-export';
import { contentDisposition, dateStamp } from './output-format';

/** Whether the handler takes the list query (so format=xlsx|csv is meant for it). */
function takesListQuery(context: ExecutionContext): boolean {
  if (context.getType() !== 'http') return false;
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', context.getClass().prototype, context.getHandler().name) ?? [];
  return types.some((t) => typeof t === 'function' && (t === ListQueryDto || t.prototype instanceof ListQueryDto));
}

/** What the audit trail says about an export: which list, how many rows, under which conditions. */
export function exportSummary(d: ListDescription<any, any>, format: string, total: number, columns: string[]): string {
  const q = d.query;
  const parts = [`${d.title}を${format === 'csv' ? `CSV（${q.encoding === 'sjis' ? 'Shift_JIS' : 'UTF-8'}）` : 'Excel'}で出力（${total}件）`];
  parts.push(...(d.conditions ?? []));
  if (q.q) parts.push(`検索語: ${q.q}`);
  if (q.filter) parts.push(`絞り込み: ${q.filter}`);
  if (q.sort) parts.push(`並び順: ${q.sort}`);
  if (q.columns) parts.push(`列: ${columns.join(',')}`);
  return parts.join(' / ');
}

/**
 * Turns a ListDescription returned by any list endpoint into its JSON page, or (format=xlsx|csv)
 * into the whole filtered, sorted list streamed as a file and recorded in the audit trail.
 * Registered globally by CoreModule.
 */
@Injectable()
export class ListInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ListExport');

  constructor(
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
    private readonly settings: SettingsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(mergeMap((result) => from(this.respond(context, result))));
  }

  private async respond(context: ExecutionContext, result: unknown): Promise<unknown> {
    if (!(result instanceof ListDescription)) {
      // A list endpoint not built on ListDescription must not answer a file request with JSON.
      if (takesListQuery(context) && (result as { rows?: unknown })?.rows !== undefined) {
        const format = context.switchToHttp().getRequest()?.query?.format;
        if (format === 'xlsx' || format === 'csv') throw badRequest('format', 'この一覧はファイルに出力できません。');
      }
      return result;
    }
    const format = result.query.format ?? 'json';
    if (format === 'json') return result.page();
    return this.exportFile(context, result, format);
  }

  private async exportFile(context: ExecutionContext, d: ListDescription<any, any>, format: 'xlsx' | 'csv'): Promise<StreamableFile> {
    const encoding = d.query.encoding ?? 'utf8';
    const columns = selectColumns(d.columns, d.query.columns);
    const list = await prepareList(d);
    const maxRows = await this.settings.get<number>('export.maxRows');
    if (list.total > maxRows) {
      throw badRequest('filter', `${d.title}は${list.total.toLocaleString('ja-JP')}件あり、一括出力の上限（${maxRows.toLocaleString('ja-JP')}件）を超えています。条件を絞り込んでください。`);
    }
    // Recorded before the first byte: an export cut off half way has still been seen.
    await this.audit.record({ action: 'export', entity: d.name, summary: exportSummary(d, format, list.total, columns.map((c) => c.key)) });

    const out = new PassThrough();
    const work = format === 'xlsx' ? writeXlsx(list, columns, out) : writeCsv(list, columns, encoding, out);
    work.catch((e) => {
      if (!isExportAborted(e)) this.logger.error(`export of ${d.name} failed: ${e instanceof Error ? e.stack : e}`);
      out.destroy(isExportAborted(e) ? undefined : (e as Error));
    });

    const res = context.switchToHttp().getResponse();
    res.setHeader('Cache-Control', 'no-store');
    const stamp = dateStamp();
    return new StreamableFile(out, {
      type: format === 'xlsx' ? EXPORT_CONTENT_TYPES.xlsx : EXPORT_CONTENT_TYPES.csv[encoding],
      disposition: contentDisposition('attachment', `${d.title}_${stamp}.${format}`, `${d.name}_${stamp}.${format}`),
    });
  }
}
