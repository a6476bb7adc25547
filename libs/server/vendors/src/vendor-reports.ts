import { Injectable, OnModuleInit } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { Content } from 'pdfmake/interfaces';
import { CONSTRUCTION_TRADES, MEASURE_KINDS } from '@keiyaku/domain';
import { badRequest, collectRows, Label, ListQueryDto } from '@keiyaku/server/core';
import { PdfColumn, PdfKit, ReportsService } from '@keiyaku/server/reports';
import { MasterService } from './master.service';
import { localityName, VENDOR_EXPORT_COLUMNS, VENDOR_STATUS_NAMES, VendorRow, VendorsService } from './vendors.service';

/** A printed list holds at most this many rows; more is the grid's Excel export. */
const MAX_ROWS = 20_000;

export class VendorListReportParams {
  @Label('地域区分') @IsOptional() @IsIn(['local', 'semiLocal', 'outside']) locality?: string;
  @Label('状態') @IsOptional() @IsIn(['active', 'dormant', 'closed']) status?: string;
  @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode?: string;
  @Label('検索語') @IsOptional() @IsString() @MaxLength(200) q?: string;
}

export class VendorLedgerParams {
  @Label('業者') @Type(() => Number) @IsInt() @Min(1) vendorId!: number;
}

export class RankListParams {
  @Label('部門') @IsOptional() @IsIn(['construction', 'survey']) category?: string;
  @Label('有効期間') @IsString() @MaxLength(20) termCode!: string;
  @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode?: string;
}

type RankRow = Awaited<ReturnType<VendorsService['rankList']>>[number] & { tradeName: string };

const VENDOR_PDF_COLUMNS: PdfColumn<VendorRow>[] = [
  { header: '業者番号', width: 46, value: (v) => v.vendorCode },
  { header: '商号又は名称', width: '*', value: (v) => v.name },
  { header: '代表者', width: 92, value: (v) => [v.representativeTitle, v.representativeName].filter(Boolean).join(' ') },
  { header: '所在地', width: 190, value: (v) => v.address },
  { header: '電話番号', width: 72, value: (v) => v.phone },
  { header: '地域', width: 34, align: 'center', value: (v) => localityName(v.locality) },
  { header: '状態', width: 30, align: 'center', value: (v) => VENDOR_STATUS_NAMES[v.status] },
];

const RANK_PDF_COLUMNS: PdfColumn<RankRow>[] = [
  { header: '業種', width: 70, value: (r) => r.tradeName },
  { header: '等級', width: 30, align: 'center', value: (r) => r.rank ?? '—' },
  { header: '業者番号', width: 50, value: (r) => r.vendorCode },
  { header: '商号又は名称', width: '*', value: (r) => r.name },
  { header: '地域', width: 34, align: 'center', value: (r) => localityName(r.locality) },
  { header: 'P点', width: 36, align: 'right', value: (r) => r.p },
  { header: '主観点', width: 38, align: 'right', value: (r) => r.subjectiveScore },
  { header: '総合点数', width: 46, align: 'right', value: (r) => r.totalScore },
];

const tradeName = (code: string, names: Map<string, string>) => names.get(code) ?? CONSTRUCTION_TRADES.find((t) => t.code === code)?.shortName ?? code;

/** 業者一覧 (xlsx, PDF), 業者台帳 (PDF per vendor) and 格付一覧 (xlsx, PDF). */
@Injectable()
export class VendorReports implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
    private readonly vendors: VendorsService,
    private readonly masters: MasterService,
  ) {}

  onModuleInit(): void {
    this.reports.register<VendorListReportParams, { rows: VendorRow[]; conditions: string[] }>({
      name: 'vendors',
      title: '業者一覧',
      permissions: ['vendors.read'],
      params: VendorListReportParams,
      formats: ['xlsx', 'pdf'],
      load: async (p) => {
        const list = this.vendors.list(Object.assign(new ListQueryDto(), { ...p, sort: 'vendorCode:asc' }));
        return { rows: await collectRows(list, MAX_ROWS), conditions: list.conditions?.length ? list.conditions : ['対象: 全業者'] };
      },
      xlsx: (d, workbook, kit) => {
        kit.sheet(workbook, { title: '業者一覧', conditions: d.conditions, columns: VENDOR_EXPORT_COLUMNS, rows: d.rows });
      },
      pdf: (d, kit) =>
        kit.document({
          title: '業者一覧',
          orientation: 'landscape',
          conditions: d.conditions,
          stamps: false,
          content: [kit.note(`${d.rows.length.toLocaleString('ja-JP')}社`), kit.table(VENDOR_PDF_COLUMNS, d.rows, { fontSize: 8 })],
        }),
    });

    this.reports.register<VendorLedgerParams, Awaited<ReturnType<VendorReports['ledgerData']>>>({
      name: 'vendor-ledger',
      title: '業者台帳',
      permissions: ['vendors.read'],
      params: VendorLedgerParams,
      formats: ['pdf'],
      load: (p) => this.ledgerData(p.vendorId),
      describe: (p) => `業者ID=${p.vendorId}`,
      pdf: (d, kit) => kit.document({ title: '業者台帳', conditions: [`${d.vendor.vendorCode} ${d.vendor.name}`], content: this.ledger(d, kit) }),
    });

    this.reports.register<RankListParams, { rows: RankRow[]; conditions: string[] }>({
      name: 'rank-list',
      title: '格付一覧',
      permissions: ['vendors.read'],
      params: RankListParams,
      formats: ['xlsx', 'pdf'],
      load: (p) => this.rankData(p),
      xlsx: (d, workbook, kit) => {
        kit.sheet(workbook, {
          title: '格付一覧',
          conditions: d.conditions,
          rows: d.rows,
          columns: [
            { key: 'trade', header: '業種', width: 14, value: (r) => r.tradeName },
            { key: 'rank', header: '等級', width: 6, value: (r) => r.rank ?? '—' },
            { key: 'vendorCode', header: '業者番号', width: 10, value: (r) => r.vendorCode },
            { key: 'name', header: '商号又は名称', width: 30, value: (r) => r.name },
            { key: 'locality', header: '地域区分', width: 9, value: (r) => localityName(r.locality) },
            { key: 'p', header: 'P点', type: 'number', value: (r) => r.p },
            { key: 'subjective', header: '主観点', type: 'number', value: (r) => r.subjectiveScore },
            { key: 'total', header: '総合点数', type: 'number', value: (r) => r.totalScore },
          ],
        });
      },
      pdf: (d, kit) =>
        kit.document({ title: '格付一覧', conditions: d.conditions, content: [kit.note(`${d.rows.length.toLocaleString('ja-JP')}件`), kit.table(RANK_PDF_COLUMNS, d.rows, { fontSize: 8 })] }),
    });
  }

  private async rankData(p: RankListParams) {
    const category = p.category ?? 'construction';
    const term = (await this.masters.list('terms', category)).find((t: any) => t.code === p.termCode) as { name: string } | undefined;
    if (!term) throw badRequest('termCode', `有効期間（termCode）「${p.termCode}」は登録されていません。`);
    const names = new Map(((await this.masters.list('trades', category)) as Array<{ code: string; shortName: string }>).map((t) => [t.code, t.shortName]));
    if (p.tradeCode && !names.has(p.tradeCode)) throw badRequest('tradeCode', `業種（tradeCode）「${p.tradeCode}」は登録されていません。`);
    const rows = (await this.vendors.rankList(category, p.termCode, p.tradeCode)).map((r) => ({ ...r, tradeName: tradeName(r.tradeCode, names) }));
    if (rows.length > MAX_ROWS) throw badRequest('tradeCode', `格付一覧が${rows.length}件あり上限を超えています。業種で絞り込んでください。`);
    return { rows, conditions: [`有効期間: ${term.name}`, p.tradeCode ? `業種: ${names.get(p.tradeCode)}` : '業種: 全業種'] };
  }

  private async ledgerData(vendorId: number) {
    const detail = (await this.vendors.detail(vendorId)) as any;
    const names = new Map(((await this.masters.list('trades')) as Array<{ code: string; shortName: string }>).map((t) => [t.code, t.shortName]));
    return { vendor: detail, names };
  }

  /** The ledger: basic facts as a two-column table, then each part as its own table. */
  private ledger(d: Awaited<ReturnType<VendorReports['ledgerData']>>, kit: PdfKit): Content[] {
    const v = d.vendor;
    const trade = (code: string) => tradeName(code, d.names);
    const heading = (text: string): Content => ({ text, bold: true, fontSize: 10.5, margin: [0, 10, 0, 4] });
    const facts: Array<[string, unknown]> = [
      ['業者番号', v.vendorCode], ['商号又は名称', v.name], ['フリガナ', v.nameKana], ['法人番号', v.corporateNumber ?? '—'],
      ['登録番号（インボイス）', v.invoiceNumber ?? '—'], ['代表者', [v.representativeTitle, v.representativeName].filter(Boolean).join(' ')],
      ['所在地', `〒${v.postalCode} ${v.address}`], ['電話番号 / FAX', [v.phone, v.fax].filter(Boolean).join(' / ')],
      ['メールアドレス', v.email ?? '—'], ['地域区分', localityName(v.locality)], ['法人・個人', v.entityType === 'corporation' ? '法人' : '個人'],
      ['資本金', v.capital === null ? '—' : kit.yen(v.capital)], ['状態', VENDOR_STATUS_NAMES[v.status as keyof typeof VENDOR_STATUS_NAMES]], ['備考', v.notes ?? ''],
    ];
    type Fact = [string, unknown];
    return [
      kit.table<Fact>([{ header: '項目', width: 120, value: (f) => f[0] }, { header: '内容', width: '*', value: (f) => String(f[1] ?? '') }], facts, { fontSize: 9 }),
      heading('営業所・受任者'),
      kit.table<any>([
        { header: '営業所名', width: '*', value: (o) => o.name },
        { header: '所在地', width: 180, value: (o) => o.address },
        { header: '電話番号', width: 70, value: (o) => o.phone },
        { header: '受任者', width: 100, value: (o) => (o.isDelegate ? [o.delegateTitle, o.delegateName].filter(Boolean).join(' ') : '') },
      ], v.offices, { fontSize: 8.5, empty: '登録なし' }),
      heading('建設業許可'),
      kit.table<any>([
        { header: '業種', width: 80, value: (p) => trade(p.tradeCode) },
        { header: '許可者', width: 60, value: (p) => (p.issuer === 'minister' ? '国土交通大臣' : `${p.issuerPrefecture ?? ''}知事`) },
        { header: '特定・一般', width: 50, align: 'center', value: (p) => (p.grade === 'special' ? '特定' : '一般') },
        { header: '許可番号', width: '*', value: (p) => p.permitNumber },
        { header: '許可年月日', width: 80, value: (p) => kit.wareki(p.permitDate) },
        { header: '有効期限', width: 80, value: (p) => kit.wareki(p.expiresOn) },
      ], v.permits, { fontSize: 8.5, empty: '登録なし' }),
      heading('経営事項審査'),
      kit.table<any>([
        { header: '審査基準日', width: 80, value: (k) => kit.wareki(k.baseDate) },
        { header: '業種', width: 70, value: (k) => trade(k.tradeCode) },
        { header: 'X1', width: 40, align: 'right', value: (k) => k.x1 },
        { header: 'X2', width: 40, align: 'right', value: (k) => k.x2 },
        { header: 'Y', width: 40, align: 'right', value: (k) => k.y },
        { header: 'Z', width: 40, align: 'right', value: (k) => k.z },
        { header: 'W', width: 40, align: 'right', value: (k) => k.w },
        { header: 'P（総合評定値）', width: '*', align: 'right', value: (k) => k.p },
      ], v.keishin.flatMap((k: any) => k.scores.map((s: any) => ({ ...s, baseDate: k.baseDate, x2: k.x2, y: k.y, w: k.w }))), { fontSize: 8.5, empty: '登録なし' }),
      heading('入札参加資格・格付'),
      kit.table<any>([
        { header: '有効期間', width: 60, value: (q) => q.termCode },
        { header: '部門', width: 50, value: (q) => (q.category === 'construction' ? '建設工事' : q.category === 'survey' ? '測量等' : '物品') },
        { header: '業種', width: 80, value: (q) => trade(q.tradeCode) },
        { header: '等級', width: 34, align: 'center', value: (q) => q.rank ?? '—' },
        { header: 'P点', width: 40, align: 'right', value: (q) => q.pScore },
        { header: '主観点', width: 40, align: 'right', value: (q) => q.subjectiveScore },
        { header: '総合点数', width: '*', align: 'right', value: (q) => q.totalScore },
      ], v.qualifications, { fontSize: 8.5, empty: '登録なし' }),
      heading('措置（指名停止等）'),
      kit.table<any>([
        { header: '種類', width: 60, value: (m) => MEASURE_KINDS.find((k) => k.code === m.kind)?.name ?? m.kind },
        { header: '期間', width: 150, value: (m) => `${kit.wareki(m.startDate)}〜${m.endDate ? kit.wareki(m.endDate) : ''}` },
        { header: '理由', width: '*', value: (m) => m.reason },
      ], v.measures, { fontSize: 8.5, empty: '登録なし' }),
    ];
  }
}
