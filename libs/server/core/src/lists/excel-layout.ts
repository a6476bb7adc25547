import type { AddWorksheetOptions, Border, Row, Style } from 'exceljs';
import { businessDate, toJapanWallClock } from './output-format';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How a column's values are written: the type decides the Excel number format. */
export type ColumnType = 'text' | 'number' | 'yen' | 'date' | 'datetime';

export const NUM_FMT: Record<ColumnType, string | undefined> = {
  text: '@',
  number: '#,##0',
  // Money is integer yen; negative amounts in red, as accounting sheets show them.
  yen: '#,##0"円";[Red]-#,##0"円"',
  date: 'yyyy/mm/dd',
  datetime: 'yyyy/mm/dd hh:mm',
};

/** The font Japanese Excel uses by default (charset 128 = Shift_JIS, so Excel picks the Japanese face). */
export const EXCEL_FONT = { name: '游ゴシック', size: 10, charset: 128, family: 3 } as const;

export interface SheetLayout {
  orientation: 'portrait' | 'landscape';
  /** Rows printed on top of every page, e.g. '4:4' for the header row of a table. */
  printTitlesRow?: string;
  /** Rows kept visible while scrolling. */
  frozenRows?: number;
}

/**
 * A4 print setup every workbook we hand out shares: fit all columns on the page width, as many
 * pages as needed down, header rows repeated, page "n / m" in the footer. Given when the sheet
 * is created because the streaming writer writes the sheet properties with the first row.
 */
export function a4SheetOptions(layout: SheetLayout): Partial<AddWorksheetOptions> {
  return {
    properties: { defaultRowHeight: 18 },
    pageSetup: {
      paperSize: 9,
      orientation: layout.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(layout.printTitlesRow ? { printTitlesRow: layout.printTitlesRow } : {}),
    },
    headerFooter: { oddFooter: '&C&P / &N', evenFooter: '&C&P / &N' },
    views: layout.frozenRows ? [{ state: 'frozen', ySplit: layout.frozenRows }] : [],
  };
}

const THIN: Partial<Border> = { style: 'thin', color: { argb: 'FF808080' } };
export const CELL_BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export function columnStyle(type: ColumnType = 'text'): Partial<Style> {
  return {
    font: { ...EXCEL_FONT },
    numFmt: NUM_FMT[type],
    alignment: { vertical: 'middle', horizontal: type === 'number' || type === 'yen' ? 'right' : undefined, wrapText: type === 'text' },
  };
}

/** Column headers: bold on light grey, centred, ruled, the way municipal ledgers look. */
export function styleHeaderRow(row: Row, count: number): void {
  row.height = 22;
  for (let i = 1; i <= count; i++) {
    const cell = row.getCell(i);
    cell.style = {
      font: { ...EXCEL_FONT, bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      border: CELL_BORDER,
    };
  }
}

/** A sensible width (in characters) for a column from its header and type. */
export function defaultWidth(header: string, type: ColumnType = 'text'): number {
  const byType: Record<ColumnType, number> = { text: 16, number: 10, yen: 16, date: 12, datetime: 17 };
  // A Japanese character is about two characters wide in Excel.
  return Math.max(byType[type], [...header].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0) + 2);
}

/** The value to put in a cell: numbers stay numbers, timestamps show Japan time, dates are days. */
export function excelValue(value: unknown, type: ColumnType = 'text'): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'number':
    case 'yen': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : String(value);
    }
    case 'date':
      return businessDate(value);
    case 'datetime': {
      const d = value instanceof Date ? value : new Date(String(value));
      // Excel has no time zones: the cell holds the time as read in Japan.
      return isNaN(d.getTime()) ? null : toJapanWallClock(d);
    }
    default:
      if (Array.isArray(value)) return value.join('、');
      if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
      return String(value);
  }
}

/** Excel forbids some characters and more than 31 characters in a sheet name. */
export function sheetName(title: string): string {
  return title.replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'Sheet1';
}
