import type { Workbook } from 'exceljs';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Permission } from '@keiyaku/domain';
import type { AuthUser } from '@keiyaku/server/auth';
import type { ExcelKit } from './kit/excel-kit';
import type { PdfKit } from './kit/pdf-kit';

export const REPORT_FORMATS = ['pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * A report a feature module registers at start (`reports.register(def)`): who may output it,
 * which parameters it takes (a DTO class with class-validator rules and @Label names), how it
 * loads its data (through the module's own services) and how it lays the data out.
 */
export interface ReportDefinition<P extends object = any, D = any> {
  /** URL name: /api/reports/<name>. */
  name: string;
  /** Japanese title: the document heading and the file name. */
  title: string;
  /** The user needs any one of these. */
  permissions: Permission[];
  params?: new () => P;
  formats: ReportFormat[];
  load(params: P, user: AuthUser): Promise<D>;
  pdf?(data: D, kit: PdfKit): TDocumentDefinitions | Promise<TDocumentDefinitions>;
  xlsx?(data: D, workbook: Workbook, kit: ExcelKit): void | Promise<void>;
  /** The parameters in Japanese for the audit trail (default: name=value pairs). */
  describe?(params: P): string;
}

export interface ReportInfo {
  name: string;
  title: string;
  formats: ReportFormat[];
}

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  /** The Japanese file name (title and date) and its ASCII fallback. */
  filename: string;
  asciiFilename: string;
}
