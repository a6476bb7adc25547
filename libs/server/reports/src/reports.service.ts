import { HttpStatus, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ERROR_CODES, hasAnyPermission } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import type { AuthUser } from '@keiyaku/server/auth';
import { AppException, badRequest, dateStamp, notFound, SettingsService, toFieldErrors, XLSX_CONTENT_TYPE } from '@keiyaku/server/core';
import { ExcelKit } from './kit/excel-kit';
import { Issuer, PdfKit } from './kit/pdf-kit';
import { PdfRenderer } from './kit/pdf-renderer';
import { RenderedReport, REPORT_FORMATS, ReportDefinition, ReportFormat, ReportInfo } from './report-definition';

const NAME = /^[a-z][a-z0-9-]{1,59}$/;

function describeParams(params: object): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
}

/** The report registry: feature modules register definitions at start; this renders and audits them. */
@Injectable()
export class ReportsService {
  private readonly reports = new Map<string, ReportDefinition>();

  constructor(
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly pdf: PdfRenderer,
  ) {}

  register<P extends object, D>(def: ReportDefinition<P, D>): void {
    // Mistakes here are programming errors: fail at start, not when a clerk prints.
    if (!NAME.test(def.name)) throw new Error(`report name "${def.name}" must match ${NAME}`);
    if (this.reports.has(def.name)) throw new Error(`report "${def.name}" is registered twice`);
    if (!def.formats.length || def.formats.some((f) => !REPORT_FORMATS.includes(f) || !def[f])) {
      throw new Error(`report "${def.name}" lists formats it does not implement`);
    }
    if (!def.permissions.length) throw new Error(`report "${def.name}" needs at least one permission`);
    this.reports.set(def.name, def as ReportDefinition);
  }

  /** The reports this user may output. */
  available(user: AuthUser): ReportInfo[] {
    return [...this.reports.values()]
      .filter((r) => hasAnyPermission(user.permissions, r.permissions))
      .map((r) => ({ name: r.name, title: r.title, formats: [...r.formats] }));
  }

  /** The definitions this user may output, with their parameter classes (the EUC form catalogue). */
  definitionsFor(user: AuthUser): ReportDefinition[] {
    return [...this.reports.values()].filter((r) => hasAnyPermission(user.permissions, r.permissions));
  }

  private definition(name: string, user: AuthUser): ReportDefinition {
    const def = this.reports.get(name);
    if (!def) throw notFound('帳票');
    if (!hasAnyPermission(user.permissions, def.permissions)) {
      throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.forbidden, `「${def.title}」を出力する権限がありません。`);
    }
    return def;
  }

  /** Validates the query against the report's parameter class; messages name each field in Japanese. */
  private async params(def: ReportDefinition, raw: Record<string, unknown>): Promise<object> {
    if (!def.params) {
      const extra = Object.keys(raw);
      if (extra.length) throw badRequest(extra[0], `${extra[0]}は受け付けられない項目です。`);
      return {};
    }
    const params = plainToInstance(def.params, raw, { enableImplicitConversion: false });
    const errors = await validate(params, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true, value: false } });
    if (errors.length) {
      const fieldErrors = toFieldErrors(errors);
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, fieldErrors.map((f) => f.message).join(' '), fieldErrors);
    }
    return params;
  }

  private async issuer(): Promise<Issuer> {
    return {
      orgName: await this.settings.get<string>('org.name'),
      department: await this.settings.get<string>('org.contractDepartment'),
      headTitle: await this.settings.get<string>('org.headTitle'),
    };
  }

  async render(name: string, format: string | undefined, raw: Record<string, unknown>, user: AuthUser): Promise<RenderedReport> {
    const def = this.definition(name, user);
    const fmt = (format ?? def.formats[0]) as ReportFormat;
    if (!def.formats.includes(fmt)) {
      throw badRequest('format', `出力形式（format）は次のいずれかを指定してください: ${def.formats.join('、')}`);
    }
    const params = await this.params(def, raw);
    const data = await def.load(params, user);
    const issuer = await this.issuer();
    const printedAt = new Date();

    let body: Buffer;
    if (fmt === 'pdf' && def.pdf) {
      body = await this.pdf.render(await def.pdf(data, new PdfKit(issuer, printedAt)));
    } else if (fmt === 'xlsx' && def.xlsx) {
      const { Workbook } = await import('exceljs');
      const workbook = new Workbook();
      workbook.creator = 'keiyaku';
      workbook.created = printedAt;
      await def.xlsx(data, workbook, new ExcelKit(issuer, printedAt));
      body = Buffer.from(await workbook.xlsx.writeBuffer());
    } else {
      // register() refuses a format without its renderer, so this cannot happen.
      throw new Error(`report ${def.name} cannot render ${fmt}`);
    }

    const conditions = def.describe ? def.describe(params) : describeParams(params);
    await this.audit.record({
      action: fmt === 'pdf' ? 'print' : 'export',
      entity: 'Report',
      entityId: def.name,
      summary: `${def.title}（${fmt === 'pdf' ? 'PDF' : 'Excel'}）${conditions ? ` ${conditions}` : ''}`,
    });
    const stamp = dateStamp(printedAt);
    return {
      body,
      contentType: fmt === 'pdf' ? 'application/pdf' : XLSX_CONTENT_TYPE,
      filename: `${def.title}_${stamp}.${fmt}`,
      asciiFilename: `${def.name}_${stamp}.${fmt}`,
    };
  }
}
