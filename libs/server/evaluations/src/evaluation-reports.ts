import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Workbook, Worksheet } from 'exceljs';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { DataSource } from 'typeorm';
import { EvaluationResult, EvaluationRuleDefinition, formatJapaneseDate, RATER_LABELS, RaterScore } from '@keiyaku/domain';
import type { AuthUser } from '@keiyaku/server/auth';
import { a4SheetOptions, badRequest, CELL_BORDER, EXCEL_FONT, ExportColumn, Label, SettingsService } from '@keiyaku/server/core';
import { ExcelKit, PdfColumn, PdfKit, ReportsService } from '@keiyaku/server/reports';
import { Vendor } from '@keiyaku/server/vendors';
import { RULE_CATEGORIES } from './dto';
import { EvaluationsService, tradeNameOf } from './evaluations.service';
import { RuleSetsService } from './rule-sets.service';

export class EvaluationReportParams {
  @Label('工事成績評定') @Type(() => Number) @IsInt() @Min(1) evaluationId!: number;
}

export class StatisticsParams {
  @Label('年度') @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear!: number;
  @Label('集計年度数') @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10) years?: number;
  @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
}

type Statistics = Awaited<ReturnType<EvaluationsService['statistics']>>;
interface StatRow {
  label: string;
  code?: string | null;
  count: number;
  average: number | null;
}

export class PublicationParams {
  @Label('年度') @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear!: number;
  @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
}

type Detail = Awaited<ReturnType<EvaluationsService['detail']>>;
type VendorFacts = Pick<Vendor, 'vendorCode' | 'name' | 'postalCode' | 'address' | 'representativeTitle' | 'representativeName'>;

/** One column group of the sheet: a rater (or an interim inspection) with weight and score. */
interface Slot {
  key: string;
  label: string;
  name: string | null;
  role: 'chiefSupervisor' | 'generalSupervisor' | 'inspector';
  score: RaterScore;
  weight: number;
}

interface GridRow {
  itemNo: number;
  itemName: string;
  subNo: string;
  subName: string;
  /** Per slot key: the criterion's grade and points, or null where the slot does not rate the sub-item. */
  cells: Record<string, { grade: string | null; points: number } | null>;
  /** The sub-item's points weighted by the raters' weights (別表1 項目別評定点). */
  weighted: number;
}

export interface SheetData {
  d: Detail;
  def: EvaluationRuleDefinition;
  result: EvaluationResult;
  slots: Slot[];
  rows: GridRow[];
  vendor: VendorFacts;
  explanationDays: number;
}

export interface PublicationRow {
  no: number;
  contractNumber: string | null;
  title: string;
  location: string | null;
  departmentName: string | null;
  vendorName: string | null;
  tradeName: string | null;
  amount: number | null;
  completedOn: string | null;
  finalScore: number | null;
  band: string | null;
}

const clean = (v: number) => Math.round(v * 1e6) / 1e6;
const pt = (v: number | null | undefined) => (v === null || v === undefined ? '' : (v > 0 ? '+' : '') + String(clean(v)));
const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(clean(v)));
const wareki = (date: string | null | undefined) => (date ? formatJapaneseDate(date) : '');
const fiscalYearName = (fy: number) => formatJapaneseDate(`${fy}-12-31`).replace(/年.*$/, '年度');

/** The grid of the score sheet: items × raters, from the rule set and the server's result. */
export function scoreGrid(def: EvaluationRuleDefinition, result: EvaluationResult, d: Pick<Detail, 'parts'>): { slots: Slot[]; rows: GridRow[] } {
  const w = result.weighting === 'withInterim' ? def.weights.withInterim : def.weights.withoutInterim;
  const nameOf = (rater: string, seq = 0) => d.parts.find((p) => p.rater === rater && p.seq === seq)?.userName ?? null;
  const interimWeight = result.interimInspectors.length ? (def.weights.withInterim.interimInspector ?? 0) / result.interimInspectors.length : 0;
  const slots: Slot[] = [
    { key: 'chiefSupervisor', label: RATER_LABELS.chiefSupervisor, name: nameOf('chiefSupervisor'), role: 'chiefSupervisor', score: result.chiefSupervisor, weight: w.chiefSupervisor },
    { key: 'generalSupervisor', label: RATER_LABELS.generalSupervisor, name: nameOf('generalSupervisor'), role: 'generalSupervisor', score: result.generalSupervisor, weight: w.generalSupervisor },
    { key: 'inspector', label: result.interimInspectors.length ? '検査員（完成）' : RATER_LABELS.inspector, name: nameOf('inspector'), role: 'inspector', score: result.inspector, weight: w.inspector },
    ...result.interimInspectors.map((s, i) => ({
      key: `interim${i}`,
      label: result.interimInspectors.length > 1 ? `検査員（中間${i + 1}）` : '検査員（中間）',
      name: nameOf('interimInspector', i),
      role: 'inspector' as const,
      score: s,
      weight: interimWeight,
    })),
  ];
  const rows: GridRow[] = [];
  for (const item of def.items) {
    for (const sub of item.subItems) {
      const cells: GridRow['cells'] = {};
      let weighted = 0;
      for (const slot of slots) {
        const c = sub.criteria.find((x) => x.rater === slot.role);
        const s = c ? slot.score.criteria.find((x) => x.key === c.key) : undefined;
        cells[slot.key] = s ? { grade: s.grade, points: s.points } : null;
        if (s) weighted += s.points * slot.weight;
      }
      rows.push({ itemNo: item.no, itemName: item.name, subNo: sub.no, subName: sub.name, cells, weighted: clean(weighted) });
    }
  }
  return { slots, rows };
}

const BOLD = { ...EXCEL_FONT, bold: true };
const FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFD9E1F2' } };

/** A form sheet (not a list): A4 portrait, fitted to the width, title in row 1. */
function formSheet(workbook: Workbook, title: string, widths: number[], orientation: 'portrait' | 'landscape' = 'portrait'): Worksheet {
  const sheet = workbook.addWorksheet(title.slice(0, 31), a4SheetOptions({ orientation }));
  sheet.columns = widths.map((width) => ({ width, style: { font: { ...EXCEL_FONT }, alignment: { vertical: 'middle', wrapText: true } } }));
  sheet.mergeCells(1, 1, 1, widths.length);
  const cell = sheet.getCell(1, 1);
  cell.value = title;
  cell.style = { font: { ...EXCEL_FONT, size: 14, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  sheet.getRow(1).height = 26;
  return sheet;
}

/** Writes a row of values (with borders) at `row`; merged spans are [fromCol, toCol] pairs. */
function put(sheet: Worksheet, row: number, values: Array<string | number | null>, options: { bold?: boolean; fill?: boolean; merges?: Array<[number, number]>; align?: 'left' | 'center' | 'right' } = {}) {
  values.forEach((v, i) => {
    const cell = sheet.getCell(row, i + 1);
    cell.value = v === '' ? null : v;
    cell.border = CELL_BORDER;
    cell.font = options.bold ? BOLD : { ...EXCEL_FONT };
    if (options.fill) cell.fill = FILL;
    cell.alignment = { vertical: 'middle', wrapText: true, horizontal: typeof v === 'number' ? 'right' : options.align };
    if (typeof v === 'number') cell.numFmt = '0.0##';
  });
  for (const [a, b] of options.merges ?? []) sheet.mergeCells(row, a, row, b);
}

/** The contract facts at the top of the sheets: label / value pairs over the whole width. */
function factsBlock(sheet: Worksheet, start: number, width: number, facts: Array<[string, string]>): number {
  let row = start;
  for (const [label, value] of facts) {
    put(sheet, row, [label, value, ...Array(width - 2).fill('')], { merges: [[2, width]] });
    sheet.getCell(row, 1).fill = FILL;
    row++;
  }
  return row;
}

function contractFacts(s: SheetData, withRule = true): Array<[string, string]> {
  const d = s.d;
  return [
    ['契約番号', d.contractNumber ?? ''],
    ['工事名', d.title],
    ['工事場所', d.location ?? ''],
    ['受注者', s.vendor.name],
    ['担当課', d.departmentName ?? ''],
    ['請負代金額', `${d.amount.toLocaleString('ja-JP')}円`],
    ['工期', `${wareki(d.periodFrom)} ～ ${wareki(d.periodTo)}`],
    ['完成年月日', wareki(d.completedOn)],
    ['評定日', wareki(d.evaluatedOn)],
    ...(withRule ? ([['評定要領', `${d.ruleCode}${d.revision > 1 ? `（第${d.revision}版・訂正）` : ''}`]] as Array<[string, string]>) : []),
  ];
}

const deductionText = (s: SheetData) =>
  s.result.deductionKeys.length ? s.result.deductionKeys.map((k) => s.def.deductions.find((x) => x.key === k)?.label ?? k).join('・') : 'なし';

/** 工事成績採点表, 細目別評定点採点表, 工事成績評定通知書（別表1 項目別評定点）and the publication list. */
@Injectable()
export class EvaluationReports implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
    private readonly evaluations: EvaluationsService,
    private readonly rules: RuleSetsService,
    private readonly settings: SettingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const permissions = ['evaluation.read' as const, 'evaluation.rate' as const];
    this.reports.register<EvaluationReportParams, SheetData>({
      name: 'evaluation-score-sheet',
      title: '工事成績採点表',
      permissions,
      params: EvaluationReportParams,
      formats: ['xlsx', 'pdf'],
      load: (p, user) => this.sheetData(p.evaluationId, user, false),
      describe: (p) => `工事成績評定ID=${p.evaluationId}`,
      xlsx: (s, workbook) => this.scoreSheetXlsx(s, workbook),
      pdf: (s, kit) => kit.document({ title: '工事成績採点表', stamps: ['課長', '係長', '担当'], conditions: [`${s.d.contractNumber ?? ''} ${s.d.title}`], content: this.scoreSheetPdf(s) }),
    });
    this.reports.register<EvaluationReportParams, SheetData>({
      name: 'evaluation-detail-sheet',
      title: '細目別評定点採点表',
      permissions,
      params: EvaluationReportParams,
      formats: ['xlsx', 'pdf'],
      load: (p, user) => this.sheetData(p.evaluationId, user, false),
      describe: (p) => `工事成績評定ID=${p.evaluationId}`,
      xlsx: (s, workbook) => this.detailSheetXlsx(s, workbook),
      pdf: (s, kit) => kit.document({ title: '細目別評定点採点表', stamps: false, conditions: [`${s.d.contractNumber ?? ''} ${s.d.title}`], content: this.detailSheetPdf(s) }),
    });
    this.reports.register<EvaluationReportParams, SheetData>({
      name: 'evaluation-notice',
      title: '工事成績評定通知書',
      permissions,
      params: EvaluationReportParams,
      formats: ['pdf', 'xlsx'],
      load: (p, user) => this.sheetData(p.evaluationId, user, true),
      describe: (p) => `工事成績評定ID=${p.evaluationId}`,
      xlsx: (s, workbook, kit) => this.noticeXlsx(s, workbook, kit),
      pdf: (s, kit) => {
        const doc = kit.document({ title: '工事成績評定通知書', stamps: false, content: [] });
        doc.content = this.noticePdf(s, kit);
        return doc;
      },
    });
    this.reports.register<StatisticsParams, Statistics>({
      name: 'evaluation-statistics',
      title: '工事成績評定の集計',
      permissions,
      params: StatisticsParams,
      formats: ['xlsx'],
      load: (p, user) => this.evaluations.statistics(p, user),
      describe: (p) => `年度=${p.fiscalYear}${p.years ? ` 年度数=${p.years}` : ''}`,
      xlsx: (st, workbook, kit) => this.statisticsXlsx(st, workbook, kit),
    });
    this.reports.register<PublicationParams, { rows: PublicationRow[]; fiscalYear: number }>({
      name: 'evaluation-publication',
      title: '工事成績評定結果一覧',
      permissions,
      params: PublicationParams,
      formats: ['xlsx', 'pdf'],
      load: (p, user) => this.publicationData(p, user),
      describe: (p) => `年度=${p.fiscalYear}`,
      xlsx: (d, workbook, kit) => {
        const sheet = kit.sheet(workbook, { title: '工事成績評定結果一覧', orientation: 'landscape', conditions: [`${fiscalYearName(d.fiscalYear)}（${d.fiscalYear}年度）`], columns: PUBLICATION_COLUMNS, rows: d.rows });
        sheet.getColumn('finalScore').eachCell((cell, row) => {
          if (row > 4) cell.numFmt = '0';
        });
      },
      pdf: (d, kit) =>
        kit.document({
          title: '工事成績評定結果一覧',
          orientation: 'landscape',
          stamps: false,
          conditions: [fiscalYearName(d.fiscalYear)],
          content: [kit.note(`${d.rows.length.toLocaleString('ja-JP')}件`), kit.table(PUBLICATION_PDF_COLUMNS, d.rows, { fontSize: 8, empty: '該当する評定はありません。' })],
        }),
    });
  }

  /** 工事成績評定の集計: one sheet per breakdown of the statistics endpoint. */
  private statisticsXlsx(st: Statistics, workbook: Workbook, kit: ExcelKit) {
    const years = st.fiscalYears.map(fiscalYearName).join('・');
    const columns = (label: string, code?: string): ExportColumn<StatRow>[] => [
      ...(code ? [{ key: 'code', header: code, width: 10, value: (r: StatRow) => r.code ?? '' }] : []),
      { key: 'label', header: label, width: 30, value: (r) => r.label },
      { key: 'count', header: '件数', type: 'number', width: 8, value: (r) => r.count },
      { key: 'average', header: '平均評定点', type: 'number', width: 12, value: (r) => r.average },
    ];
    const sheet = (title: string, cols: ExportColumn<StatRow>[], rows: StatRow[]) => {
      const ws = kit.sheet(workbook, { title, conditions: [years], columns: cols, rows });
      ws.getColumn('average').eachCell((cell, row) => {
        if (row > 4) cell.numFmt = '0.0';
      });
    };
    sheet('概要', columns('区分'), [{ label: '全体', count: st.count, average: st.average }, ...st.bands.map((b) => ({ label: `評定 ${b.band}`, count: b.count, average: null }))]);
    sheet('年度別', columns('年度'), st.trend.map((t) => ({ label: fiscalYearName(t.fiscalYear), count: t.count, average: t.average })));
    sheet('業者別', columns('業者', '業者番号'), st.byVendor.map((v) => ({ code: v.vendorCode, label: v.vendorName ?? '', count: v.count, average: v.average })));
    sheet('担当課別', columns('担当課'), st.byDepartment.map((d) => ({ label: d.departmentName ?? '（なし）', count: d.count, average: d.average })));
    sheet('業種別', columns('業種', 'コード'), st.byTrade.map((t) => ({ code: t.tradeCode, label: t.tradeName ?? '（なし）', count: t.count, average: t.average })));
    sheet('検査員別', columns('検査員'), st.byInspector.map((i) => ({ label: i.name ?? '（未設定）', count: i.count, average: i.average })));
  }

  // ---- data ----

  private async sheetData(id: number, user: AuthUser, notice: boolean): Promise<SheetData> {
    const d = await this.evaluations.detail(id, user);
    if (!d.result) throw badRequest('evaluationId', 'この工事成績評定は確定していないため出力できません（確定後に出力できます）。');
    if (notice && d.status !== 'approved' && d.status !== 'superseded') throw badRequest('evaluationId', '確定していない工事成績評定の通知書は出力できません。');
    const rule = await this.rules.get(d.ruleSetId);
    const { slots, rows } = scoreGrid(rule.definition, d.result, d);
    const v = await this.dataSource.getRepository(Vendor).findOneBy({ id: d.vendorId });
    const vendor: VendorFacts = v ?? { vendorCode: '', name: d.vendorName ?? '', postalCode: '', address: '', representativeTitle: null, representativeName: '' };
    return { d, def: rule.definition, result: d.result, slots, rows, vendor, explanationDays: await this.settings.get<number>('evaluations.explanationDays') };
  }

  private async publicationData(p: PublicationParams, user: AuthUser) {
    const list = await this.evaluations.approved([p.fiscalYear], p.category ?? 'construction', user);
    const rows = list
      .sort((a, b) => (a.contract?.contractNumber ?? '').localeCompare(b.contract?.contractNumber ?? '') || a.id - b.id)
      .map((e, i) => ({
        no: i + 1,
        contractNumber: e.contract?.contractNumber ?? null,
        title: e.contract?.title ?? '',
        location: e.contract?.location ?? null,
        departmentName: e.department?.name ?? null,
        vendorName: e.vendor?.name ?? null,
        tradeName: tradeNameOf(e.category, e.tradeCode),
        amount: e.contract?.amount ?? null,
        completedOn: e.contract?.completedOn ?? null,
        finalScore: e.finalScore,
        band: e.band,
      }));
    return { rows, fiscalYear: p.fiscalYear };
  }

  // ---- 工事成績採点表 ----

  private scoreSheetXlsx(s: SheetData, workbook: Workbook) {
    const n = s.slots.length;
    const width = 2 + n * 2;
    const sheet = formSheet(workbook, '工事成績採点表', [14, 18, ...s.slots.flatMap(() => [7, 8])]);
    let row = factsBlock(sheet, 3, width, contractFacts(s));
    row++;
    const header = row;
    put(sheet, row, ['考査項目', '細別', ...s.slots.flatMap((x) => [x.label, ''])], { bold: true, fill: true, align: 'center', merges: s.slots.map((_, i) => [3 + i * 2, 4 + i * 2] as [number, number]) });
    row++;
    put(sheet, row, ['', '', ...s.slots.flatMap(() => ['評定', '点'])], { bold: true, fill: true, align: 'center' });
    sheet.mergeCells(header, 1, row, 1);
    sheet.mergeCells(header, 2, row, 2);
    row++;
    for (const r of s.rows) {
      put(sheet, row, [`${r.itemNo} ${r.itemName}`, `${r.subNo} ${r.subName}`, ...s.slots.flatMap((x) => (r.cells[x.key] ? [r.cells[x.key]!.grade ?? '加点', r.cells[x.key]!.points] : ['—', '']))], { align: 'center' });
      sheet.getCell(row, 1).alignment = { vertical: 'middle', wrapText: true };
      sheet.getCell(row, 2).alignment = { vertical: 'middle', wrapText: true };
      row++;
    }
    const total = (label: string, values: Array<string | number | null>, bold = false) => {
      put(sheet, row, [label, '', ...values], { bold, merges: [[1, 2], ...s.slots.map((_, i) => [3 + i * 2, 4 + i * 2] as [number, number])] });
      row++;
    };
    total('加減点の計', s.slots.flatMap((x) => [x.score.points, '']));
    total(`評定点（${s.def.baseScore}＋加減点）`, s.slots.flatMap((x) => [x.score.score, '']), true);
    total('重み', s.slots.flatMap((x) => [x.weight, '']));
    total('評定者', s.slots.flatMap((x) => [x.name ?? '', '']));
    row++;
    const summary: Array<[string, string | number]> = [
      ['加重合計', s.result.total],
      ['法令遵守等（減点）', s.result.deduction],
      ['減点の内容', `${deductionText(s)}${s.d.deductionReason ? `（${s.d.deductionReason}）` : ''}`],
      ['評定点（総合評定点）', s.result.final],
      ['評定', s.result.band ?? ''],
    ];
    for (const [label, value] of summary) {
      put(sheet, row, [label, '', value, ...Array(width - 3).fill('')], { bold: label.startsWith('評定'), merges: [[1, 2], [3, width]] });
      sheet.getCell(row, 1).fill = FILL;
      row++;
    }
    sheet.getCell(row + 1, 1).value = '計算式: ' + s.result.steps.map((x) => `${x.label} ${x.formula} = ${x.value}`).join(' ／ ');
    sheet.mergeCells(row + 1, 1, row + 1, width);
    sheet.getCell(row + 1, 1).font = { ...EXCEL_FONT, size: 8 };
    sheet.getCell(row + 1, 1).alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(row + 1).height = 48;
  }

  private scoreSheetPdf(s: SheetData): Content[] {
    const head: TableCell[] = [{ text: '考査項目', style: 'th' }, { text: '細別', style: 'th' }, ...s.slots.flatMap((x): TableCell[] => [{ text: x.label, style: 'th', colSpan: 2 }, {}])];
    const sub: TableCell[] = [{ text: '' }, { text: '' }, ...s.slots.flatMap((): TableCell[] => [{ text: '評定', style: 'th' }, { text: '点', style: 'th' }])];
    const body: TableCell[][] = [head, sub];
    for (const r of s.rows) {
      body.push([`${r.itemNo} ${r.itemName}`, `${r.subNo} ${r.subName}`, ...s.slots.flatMap((x): TableCell[] => {
        const c = r.cells[x.key];
        return c ? [{ text: c.grade ?? '加点', alignment: 'center' }, { text: pt(c.points), alignment: 'right' }] : [{ text: '—', alignment: 'center', color: '#999999' }, ''];
      })]);
    }
    const line = (label: string, values: string[], bold = false): TableCell[] => [{ text: label, colSpan: 2, bold }, {}, ...values.flatMap((v): TableCell[] => [{ text: v, colSpan: 2, alignment: 'right', bold }, {}])];
    body.push(line('加減点の計', s.slots.map((x) => pt(x.score.points))));
    body.push(line(`評定点（${s.def.baseScore}＋加減点）`, s.slots.map((x) => num(x.score.score)), true));
    body.push(line('重み', s.slots.map((x) => num(x.weight))));
    body.push(line('評定者', s.slots.map((x) => x.name ?? '')));
    return [
      this.pdfFacts2(contractFacts(s)),
      {
        table: { headerRows: 2, widths: [70, 80, ...s.slots.flatMap(() => [24, '*'])], body, dontBreakRows: true },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#808080', vLineColor: () => '#808080' },
        fontSize: 8,
        margin: [0, 8, 0, 8],
      },
      this.pdfFacts([
        ['加重合計', num(s.result.total)],
        ['法令遵守等（減点）', `${pt(s.result.deduction) || '0'}（${deductionText(s)}）`],
        ['評定点（総合評定点）', `${num(s.result.final)}点`],
        ['評定', s.result.band ?? ''],
      ]),
      { text: s.result.steps.map((x) => `${x.label}: ${x.formula} = ${x.value}`).join('\n'), fontSize: 7, color: '#444444', margin: [0, 6, 0, 0] },
    ];
  }

  /** Two label/value pairs per row: the contract facts of the sheets in half the height. */
  private pdfFacts2(facts: Array<[string, string]>): Content {
    const body: TableCell[][] = [];
    for (let i = 0; i < facts.length; i += 2) {
      const [a, b] = [facts[i], facts[i + 1]];
      body.push([{ text: a[0], fillColor: '#F2F2F2' }, { text: a[1] }, ...(b ? [{ text: b[0], fillColor: '#F2F2F2' }, { text: b[1] }] : [{ text: '', colSpan: 2 }, {}])] as TableCell[]);
    }
    return {
      table: { widths: [60, '*', 60, '*'], body },
      layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#808080', vLineColor: () => '#808080' },
      fontSize: 8,
    };
  }

  private pdfFacts(facts: Array<[string, string]>): Content {
    return {
      table: { widths: [100, '*'], body: facts.map(([l, v]): TableCell[] => [{ text: l, fillColor: '#F2F2F2' }, { text: v }]) },
      layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#808080', vLineColor: () => '#808080' },
      fontSize: 9,
    };
  }

  // ---- 細目別評定点採点表 ----

  /** Each rater's criteria with the ticked (and struck) statements, grade, points and reason. */
  private detailRows(s: SheetData) {
    const out: Array<{ slot: Slot; rows: Array<{ item: string; sub: string; statements: string; ticked: number | null; grade: string; points: number; reason: string }> }> = [];
    for (const slot of s.slots) {
      const part =
        slot.key.startsWith('interim') ? s.d.parts.find((p) => p.rater === 'interimInspector' && p.seq === Number(slot.key.slice(7))) : s.d.parts.find((p) => p.rater === slot.key);
      const rows = [];
      for (const item of s.def.items) {
        for (const sub of item.subItems) {
          const c = sub.criteria.find((x) => x.rater === slot.role);
          if (!c) continue;
          const score = slot.score.criteria.find((x) => x.key === c.key)!;
          const entry = part?.entries?.[c.key] ?? {};
          const struck = new Set(entry.struck ?? []);
          const ticked = (entry.ticked ?? []).filter((k) => !struck.has(k));
          const text = (k: string) => c.checklist.find((x) => x.key === k)?.text ?? k;
          const statements = [
            ...ticked.map((k) => `☑ ${text(k)}`),
            ...(struck.size ? [`（対象外: ${[...struck].map(text).join('、')}）`] : []),
          ].join('\n');
          rows.push({
            item: `${item.no} ${item.name}`,
            sub: `${sub.no} ${sub.name}`,
            statements,
            ticked: c.checklist.length ? ticked.length : null,
            grade: c.kind === 'additive' ? '加点' : (score.grade ?? ''),
            points: score.points,
            reason: entry.reason ?? '',
          });
        }
      }
      out.push({ slot, rows });
    }
    return out;
  }

  private detailSheetXlsx(s: SheetData, workbook: Workbook) {
    const widths = [14, 16, 40, 7, 6, 7, 24];
    const sheet = formSheet(workbook, '細目別評定点採点表', widths);
    let row = factsBlock(sheet, 3, widths.length, contractFacts(s, false));
    for (const { slot, rows } of this.detailRows(s)) {
      row++;
      put(sheet, row, [`${slot.label}${slot.name ? `\u3000${slot.name}` : ''}`, '', '', '', '', '', `評定点 ${num(slot.score.score)}`], { bold: true, merges: [[1, 6]] });
      row++;
      put(sheet, row, ['考査項目', '細別', '評価対象項目（該当）', '該当数', '評定', '点', '理由・所見'], { bold: true, fill: true, align: 'center' });
      row++;
      for (const r of rows) {
        put(sheet, row, [r.item, r.sub, r.statements, r.ticked, r.grade, r.points, r.reason]);
        sheet.getCell(row, 4).numFmt = '0';
        sheet.getCell(row, 5).alignment = { horizontal: 'center', vertical: 'middle' };
        if (r.statements.includes('\n')) sheet.getRow(row).height = 14 * (r.statements.split('\n').length + 0.3);
        row++;
      }
    }
  }

  private detailSheetPdf(s: SheetData): Content[] {
    const content: Content[] = [this.pdfFacts2(contractFacts(s, false))];
    for (const { slot, rows } of this.detailRows(s)) {
      content.push({ text: `${slot.label}${slot.name ? `\u3000${slot.name}` : ''}\u3000評定点 ${num(slot.score.score)}`, bold: true, margin: [0, 10, 0, 4] });
      const body: TableCell[][] = [['考査項目', '細別', '評価対象項目（該当）', '該当数', '評定', '点', '理由・所見'].map((h) => ({ text: h, style: 'th' }))];
      for (const r of rows) {
        body.push([r.item, r.sub, r.statements, { text: r.ticked === null ? '' : String(r.ticked), alignment: 'right' }, { text: r.grade, alignment: 'center' }, { text: pt(r.points), alignment: 'right' }, r.reason]);
      }
      content.push({
        table: { headerRows: 1, widths: [60, 60, '*', 26, 26, 26, 90], body, dontBreakRows: true },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#808080', vLineColor: () => '#808080' },
        fontSize: 8,
      });
    }
    return content;
  }

  // ---- 工事成績評定通知書（別表1 項目別評定点） ----

  private noticeLines(s: SheetData, department: string) {
    const d = s.d;
    const deadline = d.explanationDeadline ?? null;
    return {
      intro: `${wareki(d.completedOn) || wareki(d.evaluatedOn)}に完成した次の工事について、工事成績評定の結果を下記のとおり通知します。`,
      facts: [
        ['工事名', d.title],
        ['工事場所', d.location ?? ''],
        ['契約番号', d.contractNumber ?? ''],
        ['工期', `${wareki(d.periodFrom)} ～ ${wareki(d.periodTo)}`],
        ['請負代金額', `${d.amount.toLocaleString('ja-JP')}円`],
        ['評定点', `${num(s.result.final)}点`],
        ['項目別評定点', '別表1のとおり'],
      ] as Array<[string, string]>,
      explanation:
        `この評定の結果について説明を求めることができます。説明を求める場合は、この通知の日から${s.explanationDays}日以内` +
        `${deadline ? `（${wareki(deadline)}まで）` : ''}に、書面により${department}へ提出してください。`,
      correction: d.revision > 1 ? `本通知は、先に通知した評定を訂正したものです（訂正理由: ${d.correctionReason ?? ''}）。` : null,
    };
  }

  /** 別表1: the sub-items' weighted points, the base score, the deduction and the total. */
  private table1(s: SheetData): Array<{ item: string; sub: string; points: number | null }> {
    const rows: Array<{ item: string; sub: string; points: number | null }> = [];
    let lastItem = '';
    for (const r of s.rows) {
      const item = `${r.itemNo} ${r.itemName}`;
      rows.push({ item: item === lastItem ? '' : item, sub: `${r.subNo} ${r.subName}`, points: r.weighted });
      lastItem = item;
    }
    return rows;
  }

  private noticePdf(s: SheetData, kit: PdfKit): Content[] {
    const v = s.vendor;
    const l = this.noticeLines(s, kit.issuer.department);
    const rep = [v.representativeTitle, v.representativeName].filter(Boolean).join(' ');
    return [
      { text: s.d.noticeDate ? kit.wareki(s.d.noticeDate) : '令和\u3000\u3000年\u3000\u3000月\u3000\u3000日', alignment: 'right', fontSize: 10 },
      {
        stack: [...(v.postalCode ? [`〒${v.postalCode}`] : []), v.address ?? '', { text: v.name, fontSize: 12, bold: true, margin: [0, 4, 0, 0] }, `${rep} 様`],
        margin: [0, 8, 0, 0],
        lineHeight: 1.3,
      },
      { stack: [`${kit.issuer.orgName}`, { text: kit.issuer.headTitle, bold: true }], alignment: 'right', margin: [0, 0, 0, 4] },
      kit.title(s.d.revision > 1 ? '工事成績評定通知書（訂正）' : '工事成績評定通知書'),
      { text: l.intro, margin: [0, 0, 0, 8], lineHeight: 1.5 },
      { text: '記', alignment: 'center', margin: [0, 0, 0, 6] },
      this.pdfFacts(l.facts),
      { ul: [l.explanation, ...(l.correction ? [l.correction] : []), `問い合わせ先: ${kit.issuer.orgName} ${kit.issuer.department}`], fontSize: 9, margin: [0, 10, 0, 0] },
      { text: '別表1\u3000項目別評定点', style: 'title', fontSize: 13, pageBreak: 'before', margin: [0, 0, 0, 4] },
      { text: `${s.d.title}（${s.d.contractNumber ?? ''}）`, fontSize: 9, margin: [0, 0, 0, 6] },
      {
        table: {
          headerRows: 1,
          widths: [120, '*', 80],
          body: [
            ['考査項目', '細別', '評定点'].map((h): TableCell => ({ text: h, style: 'th' })),
            ...this.table1(s).map((r): TableCell[] => [r.item, r.sub, { text: pt(r.points), alignment: 'right' }]),
            [{ text: `基礎点`, colSpan: 2 }, {}, { text: num(s.def.baseScore), alignment: 'right' }],
            [{ text: '小計（加重合計）', colSpan: 2, bold: true }, {}, { text: num(s.result.total), alignment: 'right', bold: true }],
            [{ text: `法令遵守等（${deductionText(s)}）`, colSpan: 2 }, {}, { text: pt(s.result.deduction) || '0', alignment: 'right' }],
            [{ text: '評定点', colSpan: 2, bold: true }, {}, { text: num(s.result.final), alignment: 'right', bold: true }],
          ],
        },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#808080', vLineColor: () => '#808080' },
        fontSize: 9,
      },
      { text: '項目別評定点は、各評定者の評定点に評定者ごとの重みを乗じた値です（端数処理の関係で合計が一致しない場合があります）。', fontSize: 8, margin: [0, 6, 0, 0] },
    ];
  }

  private noticeXlsx(s: SheetData, workbook: Workbook, kit: ExcelKit) {
    const v = s.vendor;
    const l = this.noticeLines(s, kit.issuer.department);
    const widths = [18, 30, 30];
    const sheet = formSheet(workbook, s.d.revision > 1 ? '工事成績評定通知書（訂正）' : '工事成績評定通知書', widths);
    sheet.getCell(2, 3).value = s.d.noticeDate ? wareki(s.d.noticeDate) : '令和\u3000\u3000年\u3000\u3000月\u3000\u3000日';
    sheet.getCell(2, 3).alignment = { horizontal: 'right' };
    sheet.getCell(3, 1).value = v.name;
    sheet.getCell(3, 1).font = BOLD;
    sheet.getCell(4, 1).value = `${[v.representativeTitle, v.representativeName].filter(Boolean).join(' ')} 様`;
    sheet.getCell(5, 3).value = `${kit.issuer.orgName} ${kit.issuer.headTitle}`;
    sheet.getCell(5, 3).alignment = { horizontal: 'right' };
    sheet.mergeCells(7, 1, 7, 3);
    sheet.getCell(7, 1).value = l.intro;
    sheet.getRow(7).height = 32;
    let row = factsBlock(sheet, 9, 3, l.facts);
    sheet.mergeCells(row + 1, 1, row + 1, 3);
    sheet.getCell(row + 1, 1).value = l.explanation + (l.correction ? `\n${l.correction}` : '');
    sheet.getRow(row + 1).height = 48;

    const t = formSheet(workbook, '別表1 項目別評定点', [22, 30, 12]);
    sheet.getCell(row + 3, 1).value = '項目別評定点は別表1のシートのとおり';
    row = 3;
    t.mergeCells(2, 1, 2, 3);
    t.getCell(2, 1).value = `${s.d.title}（${s.d.contractNumber ?? ''}）`;
    put(t, row++, ['考査項目', '細別', '評定点'], { bold: true, fill: true, align: 'center' });
    for (const r of this.table1(s)) put(t, row++, [r.item, r.sub, r.points]);
    put(t, row++, ['基礎点', '', s.def.baseScore], { merges: [[1, 2]] });
    put(t, row++, ['小計（加重合計）', '', s.result.total], { bold: true, merges: [[1, 2]] });
    put(t, row++, [`法令遵守等（${deductionText(s)}）`, '', s.result.deduction], { merges: [[1, 2]] });
    put(t, row++, ['評定点', '', s.result.final], { bold: true, merges: [[1, 2]] });
  }
}

const PUBLICATION_COLUMNS: ExportColumn<PublicationRow>[] = [
  { key: 'no', header: '番号', type: 'number', width: 6, value: (r) => r.no },
  { key: 'contractNumber', header: '契約番号', width: 12, value: (r) => r.contractNumber },
  { key: 'title', header: '工事名', width: 40, value: (r) => r.title },
  { key: 'location', header: '工事場所', width: 20, value: (r) => r.location },
  { key: 'departmentName', header: '担当課', width: 14, value: (r) => r.departmentName },
  { key: 'vendorName', header: '受注者', width: 26, value: (r) => r.vendorName },
  { key: 'tradeName', header: '業種', width: 14, value: (r) => r.tradeName },
  { key: 'amount', header: '請負代金額（税込）', type: 'yen', value: (r) => r.amount },
  { key: 'completedOn', header: '完成年月日', type: 'date', value: (r) => r.completedOn },
  { key: 'finalScore', header: '評定点', type: 'number', width: 8, value: (r) => r.finalScore },
];

const PUBLICATION_PDF_COLUMNS: PdfColumn<PublicationRow>[] = [
  { header: '番号', width: 24, align: 'right', value: (r) => r.no },
  { header: '契約番号', width: 50, value: (r) => r.contractNumber ?? '' },
  { header: '工事名', width: '*', value: (r) => r.title },
  { header: '担当課', width: 60, value: (r) => r.departmentName ?? '' },
  { header: '受注者', width: 110, value: (r) => r.vendorName ?? '' },
  { header: '業種', width: 60, value: (r) => r.tradeName ?? '' },
  { header: '請負代金額', width: 70, align: 'right', value: (r) => (r.amount === null ? '' : `${r.amount.toLocaleString('ja-JP')}円`) },
  { header: '完成年月日', width: 66, value: (r) => wareki(r.completedOn) },
  { header: '評定点', width: 34, align: 'right', value: (r) => num(r.finalScore) },
];
