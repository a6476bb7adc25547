import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Content } from 'pdfmake/interfaces';
import { DataSource, In } from 'typeorm';
import {
  awardRatePercent, BID_VERDICT_LABELS, formatJapaneseDate, OPENING_OUTCOME_LABELS, TENDER_METHOD_LABELS, TENDER_STATUS_LABELS, TenderStatus,
} from '@keiyaku/domain';
import { applyDepartmentScope, AuthUser, Department } from '@keiyaku/server/auth';
import { badRequest, ExportColumn, Label } from '@keiyaku/server/core';
import { PdfColumn, PdfKit, ReportsService } from '@keiyaku/server/reports';
import { Vendor } from '@keiyaku/server/vendors';
import { Bid } from './entities/bid.entity';
import { TenderDesignation } from './entities/designation.entity';
import { Tender } from './entities/tender.entity';
import { assertTenderAccess, withPriceSecrecy } from './tender-visibility';

/** The statuses whose bids have been opened: only these have results to print. */
const RESULT_STATUSES: TenderStatus[] = ['opened', 'awarded', 'unsuccessful'];
/** A printed list holds at most this many rows. */
const MAX_ROWS = 20_000;
/** Rows above a kit sheet's table (title, conditions, gap); the data starts below the header. */
const SHEET_HEADER_ROW = 4;

export class TenderResultsParams {
  @Label('入札案件') @Type(() => Number) @IsInt() @Min(1) tenderId!: number;
}

export class DesignationNoticeParams {
  @Label('入札案件') @Type(() => Number) @IsInt() @Min(1) tenderId!: number;
  @Label('業者') @IsOptional() @Type(() => Number) @IsInt() @Min(1) vendorId?: number;
}

export class TenderResultsListParams {
  @Label('年度') @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear!: number;
}

type ShownTender = Tender & { pricesHidden: boolean };

interface BidLine {
  round: number;
  vendorCode: string;
  vendorName: string;
  amount: number | null;
  declined: boolean;
  lotNumber: string | null;
  verdict: string;
  reason: string;
}

interface Fact {
  label: string;
  text: string;
}

interface TenderResultsData {
  tender: ShownTender;
  facts: Fact[];
  rounds: Array<{ round: number; lines: BidLine[] }>;
  lot: string | null;
}

interface NoticePage {
  vendor: Pick<Vendor, 'vendorCode' | 'name' | 'postalCode' | 'address' | 'representativeTitle' | 'representativeName'>;
}

interface DesignationNoticeData {
  tender: Tender;
  pages: NoticePage[];
}

export interface TenderResultRow {
  tenderNumber: string;
  title: string;
  method: string;
  openingDate: string | null;
  plannedPrice: number | null;
  minimumPrice: number | null;
  lowBidThreshold: number | null;
  awardVendorName: string | null;
  awardAmount: number | null;
  awardRate: number | null;
  bidderCount: number;
  result: string;
}

const wareki = (date: string | null | undefined) => (date ? formatJapaneseDate(date) : '—');
const yen = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${v.toLocaleString('ja-JP')}円`);
const rateText = (rate: number | null) => (rate === null ? '' : `${rate.toFixed(1)}%`);
/** 令和7年度: the era of the fiscal year's December names it (so 2019 is 令和元年度). */
const fiscalYearName = (fy: number) => formatJapaneseDate(`${fy}-12-31`).replace(/年.*$/, '年度');
const methodText = (t: Pick<Tender, 'method' | 'comprehensiveEval'>) => `${TENDER_METHOD_LABELS[t.method]}${t.comprehensiveEval ? '（総合評価方式）' : ''}`;

/** 落札決定 / 不調, or the opening's outcome while the tender is only opened. */
function resultText(t: Pick<Tender, 'status' | 'outcome'>): string {
  if (t.status === 'opened' && t.outcome) return OPENING_OUTCOME_LABELS[t.outcome];
  return TENDER_STATUS_LABELS[t.status];
}

/** The winner: the award once decided, else the current round's winning bid. */
function winnerOf(t: Tender, bids: Bid[]): { vendorId: number | null; amount: number | null } {
  if (t.awardVendorId) return { vendorId: t.awardVendorId, amount: t.awardAmount };
  const bid = bids.find((b) => b.round === t.currentRound && b.verdict === 'winner');
  return { vendorId: bid?.vendorId ?? null, amount: bid?.amount ?? null };
}

const rateOf = (amount: number | null, planned: number | null) => (amount !== null && planned ? awardRatePercent(amount, planned) : null);

const BID_PDF_COLUMNS: PdfColumn<BidLine>[] = [
  { header: '業者番号', width: 38, value: (b) => b.vendorCode },
  { header: '業者名', width: 105, value: (b) => b.vendorName },
  { header: '入札金額', width: 62, align: 'right', value: (b) => (b.declined ? '辞退' : yen(b.amount)) },
  { header: 'くじ番号', width: 28, align: 'center', value: (b) => b.lotNumber },
  { header: '判定', width: 96, align: 'center', value: (b) => b.verdict },
  { header: '理由', width: '*', value: (b) => b.reason },
];

const BID_XLSX_COLUMNS: ExportColumn<BidLine>[] = [
  { key: 'round', header: '回', type: 'number', width: 6, value: (b) => b.round },
  { key: 'vendorCode', header: '業者番号', width: 10, value: (b) => b.vendorCode },
  { key: 'vendorName', header: '業者名', width: 30, value: (b) => b.vendorName },
  { key: 'amount', header: '入札金額', type: 'yen', value: (b) => (b.declined ? '辞退' : b.amount) },
  { key: 'lotNumber', header: 'くじ番号', width: 9, value: (b) => b.lotNumber },
  { key: 'verdict', header: '判定', width: 18, value: (b) => b.verdict },
  { key: 'reason', header: '理由', width: 50, value: (b) => b.reason },
];

const LIST_XLSX_COLUMNS: ExportColumn<TenderResultRow>[] = [
  { key: 'tenderNumber', header: '案件番号', width: 11, value: (r) => r.tenderNumber },
  { key: 'title', header: '件名', width: 36, value: (r) => r.title },
  { key: 'method', header: '入札方法', width: 16, value: (r) => r.method },
  { key: 'openingDate', header: '開札日', type: 'date', value: (r) => r.openingDate },
  { key: 'plannedPrice', header: '予定価格', type: 'yen', value: (r) => r.plannedPrice },
  { key: 'minimumPrice', header: '最低制限価格', type: 'yen', value: (r) => r.minimumPrice },
  { key: 'lowBidThreshold', header: '調査基準価格', type: 'yen', value: (r) => r.lowBidThreshold },
  { key: 'awardVendorName', header: '落札者', width: 28, value: (r) => r.awardVendorName },
  { key: 'awardAmount', header: '落札金額', type: 'yen', value: (r) => r.awardAmount },
  { key: 'awardRate', header: '落札率（%）', type: 'number', value: (r) => r.awardRate },
  { key: 'bidderCount', header: '入札者数', type: 'number', value: (r) => r.bidderCount },
  { key: 'result', header: '結果', width: 14, value: (r) => r.result },
];

const LIST_PDF_COLUMNS: PdfColumn<TenderResultRow>[] = [
  { header: '案件番号', width: 44, value: (r) => r.tenderNumber },
  { header: '件名', width: '*', value: (r) => r.title },
  { header: '入札方法', width: 52, value: (r) => r.method },
  { header: '開札日', width: 62, value: (r) => wareki(r.openingDate) },
  { header: '予定価格', width: 62, align: 'right', value: (r) => yen(r.plannedPrice) },
  { header: '最低制限価格', width: 62, align: 'right', value: (r) => yen(r.minimumPrice) },
  { header: '調査基準価格', width: 62, align: 'right', value: (r) => yen(r.lowBidThreshold) },
  { header: '落札者', width: 90, value: (r) => r.awardVendorName },
  { header: '落札金額', width: 62, align: 'right', value: (r) => yen(r.awardAmount) },
  { header: '落札率', width: 34, align: 'right', value: (r) => rateText(r.awardRate) },
  { header: '入札者数', width: 30, align: 'right', value: (r) => r.bidderCount },
  { header: '結果', width: 40, align: 'center', value: (r) => r.result },
];

/** 入札結果表 (PDF, xlsx), 指名通知書 (PDF, one page per designated vendor), 入札結果一覧 (xlsx, PDF). */
@Injectable()
export class TenderReports implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.reports.register<TenderResultsParams, TenderResultsData>({
      name: 'tender-results',
      title: '入札結果表',
      permissions: ['tenders.read'],
      params: TenderResultsParams,
      formats: ['pdf', 'xlsx'],
      load: (p, user) => this.resultsData(p.tenderId, user),
      describe: (p) => `入札案件ID=${p.tenderId}`,
      pdf: (d, kit) =>
        kit.document({
          title: '入札結果表',
          conditions: [`${d.tender.tenderNumber} ${d.tender.title}`],
          stamps: false,
          content: this.resultsContent(d, kit),
        }),
      xlsx: (d, workbook, kit) => {
        const conditions = [`案件番号: ${d.tender.tenderNumber}`, `件名: ${d.tender.title}`];
        kit.sheet<Fact>(workbook, {
          title: '入札結果表',
          conditions,
          columns: [
            { key: 'label', header: '項目', width: 24, value: (f) => f.label },
            { key: 'text', header: '内容', width: 70, value: (f) => f.text },
          ],
          rows: [...d.facts, ...(d.lot ? [{ label: 'くじ', text: d.lot }] : [])],
        });
        kit.sheet(workbook, { title: '入札経過', orientation: 'landscape', conditions, columns: BID_XLSX_COLUMNS, rows: d.rounds.flatMap((r) => r.lines) });
      },
    });

    this.reports.register<DesignationNoticeParams, DesignationNoticeData>({
      name: 'designation-notice',
      title: '指名通知書',
      permissions: ['tenders.read'],
      params: DesignationNoticeParams,
      formats: ['pdf'],
      load: (p, user) => this.noticeData(p, user),
      describe: (p) => `入札案件ID=${p.tenderId}${p.vendorId ? ` 業者ID=${p.vendorId}` : ''}`,
      pdf: (d, kit) => {
        const doc = kit.document({ title: '指名通知書', stamps: false, content: [] });
        // Each vendor's notice is a letter of its own: date, addressee and issuer on every page.
        doc.content = d.pages.map((page, i) => ({ stack: this.noticePage(d.tender, page, kit), ...(i > 0 ? { pageBreak: 'before' as const } : {}) }));
        return doc;
      },
    });

    this.reports.register<TenderResultsListParams, { rows: TenderResultRow[]; conditions: string[] }>({
      name: 'tender-results-list',
      title: '入札結果一覧',
      permissions: ['tenders.read'],
      params: TenderResultsListParams,
      formats: ['xlsx', 'pdf'],
      load: (p, user) => this.listData(p.fiscalYear, user),
      describe: (p) => `年度=${p.fiscalYear}`,
      xlsx: (d, workbook, kit) => {
        const sheet = kit.sheet(workbook, { title: '入札結果一覧', orientation: 'landscape', conditions: d.conditions, columns: LIST_XLSX_COLUMNS, rows: d.rows });
        // 落札率 is published to 0.1 %.
        sheet.getColumn('awardRate').eachCell((cell, row) => {
          if (row > SHEET_HEADER_ROW) cell.numFmt = '0.0';
        });
      },
      pdf: (d, kit) =>
        kit.document({
          title: '入札結果一覧',
          orientation: 'landscape',
          conditions: d.conditions,
          stamps: false,
          content: [kit.note(`${d.rows.length.toLocaleString('ja-JP')}件`), kit.table(LIST_PDF_COLUMNS, d.rows, { fontSize: 7 })],
        }),
    });
  }

  /** The tender the user may see (else 404), with prices hidden as the user must not see them yet. */
  private async tender(id: number, user: AuthUser): Promise<Tender> {
    const tender = await this.dataSource.getRepository(Tender).findOneBy({ id });
    assertTenderAccess(tender, user);
    return tender as Tender;
  }

  private async vendors(ids: number[]): Promise<Map<number, Vendor>> {
    const unique = [...new Set(ids)];
    const found: Vendor[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      found.push(...(await this.dataSource.getRepository(Vendor).findBy({ id: In(unique.slice(i, i + 500)) })));
    }
    return new Map(found.map((v) => [v.id, v]));
  }

  private async resultsData(tenderId: number, user: AuthUser): Promise<TenderResultsData> {
    const raw = await this.tender(tenderId, user);
    if (!RESULT_STATUSES.includes(raw.status)) {
      throw badRequest('tenderId', `入札案件（tenderId）「${raw.tenderNumber}」は${TENDER_STATUS_LABELS[raw.status]}のため入札結果表を出力できません（開札後に出力できます）。`);
    }
    const tender = withPriceSecrecy(raw, raw, user);
    const bids = await this.dataSource.getRepository(Bid).find({ where: { tenderId }, order: { round: 'ASC', id: 'ASC' } });
    const winner = winnerOf(raw, bids);
    const vendors = await this.vendors([...bids.map((b) => b.vendorId), ...(winner.vendorId ? [winner.vendorId] : []), ...(raw.lotRecord?.tiedVendorIds ?? [])]);
    const nameOf = (id: number) => vendors.get(id)?.name ?? `業者ID ${id}`;
    const department = raw.departmentId ? await this.dataSource.getRepository(Department).findOneBy({ id: raw.departmentId }) : null;
    const secret = (v: number | null) => (tender.pricesHidden ? '非公表' : v === null ? '—' : yen(v));

    const limit: Fact =
      tender.priceControl === 'investigation'
        ? { label: '調査基準価格（税抜）', text: secret(tender.lowBidThreshold) }
        : { label: '最低制限価格（税抜）', text: tender.priceControl === 'none' ? '設定なし' : secret(tender.minimumPrice) };
    const facts: Fact[] = [
      { label: '案件番号', text: tender.tenderNumber },
      { label: '件名', text: tender.title },
      { label: '場所', text: tender.location ?? '' },
      { label: '担当課', text: department?.name ?? '' },
      { label: '入札方法', text: methodText(tender) },
      { label: '開札日', text: wareki(tender.openingDate) },
      { label: '予定価格（税抜）', text: secret(tender.plannedPrice) },
      limit,
      { label: '落札者', text: winner.vendorId ? nameOf(winner.vendorId) : '—' },
      { label: '落札金額（税抜）', text: winner.amount === null ? '—' : yen(winner.amount) },
      { label: '落札率', text: rateText(tender.pricesHidden ? null : rateOf(winner.amount, tender.plannedPrice)) || '—' },
      { label: '結果', text: resultText(tender) },
    ];

    const rounds = [...new Set(bids.map((b) => b.round))].map((round) => ({
      round,
      lines: bids
        .filter((b) => b.round === round)
        .map((b) => ({
          round,
          vendorCode: vendors.get(b.vendorId)?.vendorCode ?? '',
          vendorName: nameOf(b.vendorId),
          amount: b.amount,
          declined: b.declined,
          lotNumber: b.lotNumber,
          verdict: b.verdict ? BID_VERDICT_LABELS[b.verdict] : '—',
          reason: [b.verdictReason, b.investigationNote ? `調査: ${b.investigationNote}` : null].filter(Boolean).join(' '),
        }))
        // Lowest first; declined and amount-less bids after the others.
        .sort((a, b) => (a.amount ?? Infinity) - (b.amount ?? Infinity) || a.vendorCode.localeCompare(b.vendorCode)),
    }));

    const lot = raw.lotRecord;
    const lotText = lot
      ? `第${lot.round}回入札で同額の入札者（${lot.tiedVendorIds.map(nameOf).join('、')}）によるくじの結果、${nameOf(lot.winnerVendorId)}を落札者とした。` +
        `立会者: ${lot.drawnBy}${lot.note ? `\u3000備考: ${lot.note}` : ''}`
      : null;
    return { tender, facts, rounds, lot: lotText };
  }

  private resultsContent(d: TenderResultsData, kit: PdfKit): Content[] {
    const heading = (text: string): Content => ({ text, bold: true, fontSize: 10.5, margin: [0, 10, 0, 4] });
    return [
      kit.table<Fact>([{ header: '項目', width: 120, value: (f) => f.label }, { header: '内容', width: '*', value: (f) => f.text }], d.facts, { fontSize: 9 }),
      ...d.rounds.flatMap((r) => [heading(r.round === 1 ? '第1回入札（初回）' : `第${r.round}回入札（再度入札）`), kit.table(BID_PDF_COLUMNS, r.lines, { fontSize: 8 })]),
      ...(d.rounds.length ? [] : [heading('入札'), kit.note('入札書の記録がありません。')]),
      ...(d.lot ? [heading('くじ'), { text: d.lot, fontSize: 9 } as Content] : []),
    ];
  }

  private async noticeData(p: DesignationNoticeParams, user: AuthUser): Promise<DesignationNoticeData> {
    const tender = await this.tender(p.tenderId, user);
    const designations = await this.dataSource.getRepository(TenderDesignation).findBy({ tenderId: tender.id, selected: true });
    if (!designations.length) {
      throw badRequest('tenderId', `入札案件（tenderId）「${tender.tenderNumber}」には指名された業者がないため、指名通知書を出力できません。`);
    }
    const chosen = p.vendorId ? designations.filter((d) => d.vendorId === p.vendorId) : designations;
    if (!chosen.length) throw badRequest('vendorId', `業者（vendorId）${p.vendorId}はこの入札案件に指名されていません。`);
    const vendors = await this.vendors(chosen.map((d) => d.vendorId));
    const pages = chosen
      .map((d) => vendors.get(d.vendorId))
      .filter((v): v is Vendor => !!v)
      .sort((a, b) => a.vendorCode.localeCompare(b.vendorCode))
      .map((vendor) => ({ vendor }));
    return { tender, pages };
  }

  /** One vendor's notice. No prices: before opening they are secret to the bidders above all. */
  private noticePage(t: Tender, page: NoticePage, kit: PdfKit): Content[] {
    const v = page.vendor;
    const facts: Fact[] = [
      { label: '案件番号', text: t.tenderNumber },
      { label: '件名', text: t.title },
      { label: '場所', text: t.location ?? '' },
      { label: '入札方法', text: methodText(t) },
      { label: '指名通知日', text: wareki(t.designationDate) },
      { label: '質問期限', text: wareki(t.questionDeadline) },
      { label: '入札締切', text: wareki(t.bidDeadline) },
      { label: '開札日', text: wareki(t.openingDate) },
    ];
    return [
      kit.issuerBlock(true),
      {
        stack: [`〒${v.postalCode}`, v.address, { text: v.name, fontSize: 12, bold: true, margin: [0, 4, 0, 0] }, `${[v.representativeTitle, v.representativeName].filter(Boolean).join(' ')} 様`],
        margin: [0, 12, 0, 0],
        lineHeight: 1.3,
      },
      kit.title('指名通知書'),
      { text: `次の案件の${TENDER_METHOD_LABELS[t.method]}に参加する者として貴社を指名したので、通知します。`, margin: [0, 0, 0, 8] },
      { text: '記', alignment: 'center', margin: [0, 0, 0, 6] },
      kit.table<Fact>([{ header: '項目', width: 100, value: (f) => f.label }, { header: '内容', width: '*', value: (f) => f.text }], facts, { fontSize: 10 }),
      {
        ul: [
          '入札に参加しない場合は、入札締切までに入札辞退届を提出してください。',
          '設計図書等に関する質問は、質問期限までに書面で提出してください。',
          `問い合わせ先: ${kit.issuer.orgName} ${kit.issuer.department}`,
        ],
        fontSize: 9,
        margin: [0, 10, 0, 0],
      },
    ];
  }

  private async listData(fiscalYear: number, user: AuthUser): Promise<{ rows: TenderResultRow[]; conditions: string[] }> {
    const qb = this.dataSource
      .getRepository(Tender)
      .createQueryBuilder('t')
      .where('t.fiscalYear = :fiscalYear', { fiscalYear })
      .andWhere('t.status IN (:...statuses)', { statuses: RESULT_STATUSES });
    const tenders = await applyDepartmentScope(qb, 't.departmentId', user).orderBy('t.openingDate', 'ASC').addOrderBy('t.tenderNumber', 'ASC').getMany();
    if (tenders.length > MAX_ROWS) throw badRequest('fiscalYear', `入札結果が${tenders.length}件あり上限を超えています。`);

    const bids: Bid[] = [];
    const ids = tenders.map((t) => t.id);
    for (let i = 0; i < ids.length; i += 500) {
      bids.push(
        ...(await this.dataSource.getRepository(Bid).find({
          select: { id: true, tenderId: true, round: true, vendorId: true, amount: true, declined: true, verdict: true },
          where: { tenderId: In(ids.slice(i, i + 500)) },
        })),
      );
    }
    const byTender = new Map<number, Bid[]>();
    for (const b of bids) byTender.set(b.tenderId, [...(byTender.get(b.tenderId) ?? []), b]);
    const results = tenders.map((t) => ({ tender: t, bids: byTender.get(t.id) ?? [], winner: winnerOf(t, byTender.get(t.id) ?? []) }));
    const vendors = await this.vendors(results.map((r) => r.winner.vendorId).filter((id): id is number => id !== null));

    const rows = results.map(({ tender: raw, bids: own, winner: w }): TenderResultRow => {
      const t = withPriceSecrecy(raw, raw, user);
      return {
        tenderNumber: t.tenderNumber,
        title: t.title,
        method: TENDER_METHOD_LABELS[t.method],
        openingDate: t.openingDate,
        plannedPrice: t.plannedPrice,
        minimumPrice: t.minimumPrice,
        lowBidThreshold: t.priceControl === 'investigation' ? t.lowBidThreshold : null,
        awardVendorName: w.vendorId ? (vendors.get(w.vendorId)?.name ?? null) : null,
        awardAmount: w.amount,
        awardRate: t.pricesHidden ? null : rateOf(w.amount, t.plannedPrice),
        // 入札者数: the vendors that submitted a bid (not only declined) in any round.
        bidderCount: new Set(own.filter((b) => !b.declined).map((b) => b.vendorId)).size,
        result: resultText(t),
      };
    });
    return { rows, conditions: [`年度: ${fiscalYearName(fiscalYear)}`, `対象: 開札済・落札決定・不調の案件`] };
  }
}
