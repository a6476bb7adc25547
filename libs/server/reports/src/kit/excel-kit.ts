import type { Workbook, Worksheet } from 'exceljs';
import {
  a4SheetOptions,
  CELL_BORDER,
  columnStyle,
  defaultWidth,
  EXCEL_FONT,
  excelValue,
  ExportColumn,
  sheetName,
  styleHeaderRow,
} from '@keiyaku/server/core';
import { Issuer } from './pdf-kit';
import { warekiToday } from './format';

export interface ExcelSheetOptions<R> {
  title: string;
  orientation?: 'portrait' | 'landscape';
  conditions?: string[];
  columns: ExportColumn<R>[];
  rows: R[];
}

/** Rows above the table: title, issuer and date, conditions, a gap. The header row comes next. */
const HEADER_ROW = 4;

/**
 * Layout helpers for report workbooks, matching the list exports: A4 print setup fitted to the
 * page width, the header row repeated on every printed page, footer "&P / &N", yen formats.
 */
export class ExcelKit {
  constructor(
    readonly issuer: Issuer,
    readonly printedAt: Date = new Date(),
  ) {}

  get printedDate(): string {
    return warekiToday(this.printedAt);
  }

  /** One sheet holding a titled table; returns it for report-specific additions. */
  sheet<R>(workbook: Workbook, options: ExcelSheetOptions<R>): Worksheet {
    const { columns } = options;
    const sheet = workbook.addWorksheet(
      sheetName(options.title),
      a4SheetOptions({ orientation: options.orientation ?? 'portrait', printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`, frozenRows: HEADER_ROW }),
    );
    sheet.columns = columns.map((c) => ({ key: c.key, width: c.width ?? defaultWidth(c.header, c.type), style: columnStyle(c.type) }));
    const last = columns.length;

    sheet.mergeCells(1, 1, 1, last);
    const title = sheet.getCell(1, 1);
    title.value = options.title;
    title.style = { font: { ...EXCEL_FONT, size: 14, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
    sheet.getRow(1).height = 26;

    const half = Math.max(1, Math.floor(last / 2));
    if (half > 1) sheet.mergeCells(2, 1, 2, half);
    sheet.getCell(2, 1).value = (options.conditions ?? []).join('　');
    sheet.getCell(2, 1).style = { font: { ...EXCEL_FONT, size: 9 }, alignment: { vertical: 'middle' } };
    if (last > half + 1) sheet.mergeCells(2, half + 1, 2, last);
    const issuer = sheet.getCell(2, Math.min(half + 1, last));
    issuer.value = `${this.issuer.orgName} ${this.issuer.department}\u3000${this.printedDate}`;
    issuer.style = { font: { ...EXCEL_FONT, size: 9 }, alignment: { horizontal: 'right', vertical: 'middle' } };

    const header = sheet.getRow(HEADER_ROW);
    header.values = columns.map((c) => c.header);
    styleHeaderRow(header, last);

    for (const row of options.rows) {
      const added = sheet.addRow(columns.map((c) => excelValue(c.value(row), c.type)));
      added.eachCell({ includeEmpty: true }, (cell) => (cell.border = CELL_BORDER));
    }
    return sheet;
  }
}
