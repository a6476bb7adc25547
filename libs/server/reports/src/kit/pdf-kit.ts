import type { Content, ContentTable, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatYen, formatYenMark, wareki, warekiDateTime, warekiToday } from './format';

/** Who issues the document, from the settings (団体名, 契約担当課名, 契約者名). */
export interface Issuer {
  orgName: string;
  department: string;
  headTitle: string;
}

export interface PdfColumn<R> {
  header: string;
  /** pdfmake width: points, '*' (share the rest) or 'auto'. */
  width?: number | '*' | 'auto';
  align?: 'left' | 'center' | 'right';
  value: (row: R) => string | number | null | undefined;
}

export interface PdfDocumentOptions {
  title: string;
  orientation?: 'portrait' | 'landscape';
  /** Conditions the output was made under (所属, 対象, …), printed under the title. */
  conditions?: string[];
  /** 決裁欄 on page 1; false for none. */
  stamps?: string[] | false;
  /** Print the head's title (契約者名) in the issuer block, as notices addressed outside do. */
  withHeadTitle?: boolean;
  content: Content[];
}

const HEADER_FILL = '#D9E1F2';
const STRIPE_FILL = '#F5F7FB';
const RULE = '#808080';

/** Thin grey rules, a tinted header row, faint stripes: readable on a monochrome printer too. */
const LEDGER_LAYOUT: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  fillColor: (row: number) => (row === 0 ? HEADER_FILL : row % 2 === 0 ? STRIPE_FILL : null),
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/**
 * Layout helpers every PDF report shares, so all forms look like one family: A4, Noto Sans JP,
 * title and issuer block, 決裁欄, tables whose header row repeats on every page, "n / m" footer.
 */
export class PdfKit {
  readonly yen = formatYen;
  readonly yenMark = formatYenMark;
  readonly wareki = wareki;
  readonly warekiDateTime = warekiDateTime;

  constructor(
    readonly issuer: Issuer,
    readonly printedAt: Date = new Date(),
  ) {}

  /** 令和8年1月31日: the day the document is printed, in Japan. */
  get printedDate(): string {
    return warekiToday(this.printedAt);
  }

  title(text: string): Content {
    return { text, style: 'title', alignment: 'center', margin: [0, 4, 0, 8] };
  }

  /** Date, city and department (and the head's title when asked), right-aligned. */
  issuerBlock(withHeadTitle = false): Content {
    return {
      stack: [
        this.printedDate,
        `${this.issuer.orgName} ${this.issuer.department}`,
        ...(withHeadTitle ? [{ text: this.issuer.headTitle, bold: true }] : []),
      ],
      alignment: 'right',
      fontSize: 9,
      lineHeight: 1.3,
    };
  }

  /** 決裁欄: one box per approver (課長・係長・担当 …), a name row above space for the seal. */
  stampBoxes(labels: string[] = ['課長', '係長', '担当']): Content {
    return {
      table: {
        widths: labels.map(() => 46),
        heights: (row: number) => (row === 0 ? 12 : 40),
        body: [labels.map((l) => ({ text: l, alignment: 'center', fontSize: 8 })), labels.map(() => ({ text: '' }))],
      },
      layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6, hLineColor: () => '#000000', vLineColor: () => '#000000' },
    };
  }

  /** A table across as many pages as it needs; its header row repeats on each, rows never split. */
  table<R>(columns: PdfColumn<R>[], rows: R[], options: { fontSize?: number; empty?: string } = {}): ContentTable {
    const header: TableCell[] = columns.map((c) => ({ text: c.header, style: 'th' }));
    const body: TableCell[][] = rows.map((row) =>
      columns.map((c) => {
        const value = c.value(row);
        return { text: value === null || value === undefined ? '' : String(value), alignment: c.align ?? 'left' };
      }),
    );
    if (!body.length) {
      body.push([{ text: options.empty ?? '該当するデータはありません。', colSpan: columns.length, alignment: 'center' }, ...columns.slice(1).map(() => ({}))]);
    }
    return {
      table: { headerRows: 1, dontBreakRows: true, widths: columns.map((c) => c.width ?? '*'), body: [header, ...body] },
      layout: LEDGER_LAYOUT,
      fontSize: options.fontSize ?? 9,
    };
  }

  /** Right-aligned note such as 件数. */
  note(text: string): Content {
    return { text, alignment: 'right', fontSize: 9, margin: [0, 0, 0, 4] };
  }

  /** The whole document: A4, page 1 headed by issuer, 決裁欄, title and conditions; footer "n / m". */
  document(options: PdfDocumentOptions): TDocumentDefinitions {
    const stamps = options.stamps === false ? null : this.stampBoxes(options.stamps);
    const head: Content[] = [
      {
        columns: [
          { width: '*', stack: [this.issuerBlock(options.withHeadTitle)], margin: [0, 0, 12, 0] },
          ...(stamps ? [{ width: 'auto', stack: [stamps] } as Content] : []),
        ],
      },
      this.title(options.title),
      ...(options.conditions?.length ? [{ text: options.conditions.join('　'), fontSize: 9, margin: [0, 0, 0, 2] } as Content] : []),
    ];
    const printed = this.printedDate;
    return {
      pageSize: 'A4',
      pageOrientation: options.orientation ?? 'portrait',
      pageMargins: [36, 36, 36, 42],
      info: { title: options.title, author: `${this.issuer.orgName} ${this.issuer.department}`, creator: 'keiyaku', producer: 'keiyaku' },
      content: [...head, ...options.content],
      footer: (currentPage: number, pageCount: number) => ({
        margin: [36, 14, 36, 0],
        fontSize: 8,
        columns: [
          { text: options.title, color: '#555555' },
          { text: `${currentPage} / ${pageCount}`, alignment: 'center' },
          { text: `${printed} 印刷`, alignment: 'right', color: '#555555' },
        ],
      }),
      styles: {
        title: { fontSize: 16, bold: true },
        th: { bold: true, alignment: 'center' },
      },
      defaultStyle: { fontSize: 10, lineHeight: 1.15 },
    };
  }
}
