import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { DataSource, In } from 'typeorm';
import {
  advanceLimit, APPROVAL_STATUS_LABELS, ApprovalStatus, BOND_KIND_LABELS, CATEGORIES, changeRatePercent, CONTRACT_STATUS_LABELS, CONTRACT_STATUSES, ContractStatus,
  formatJapaneseDate, INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS, taxPortionOfIncluded, TENDER_METHOD_LABELS, TenderMethod,
} from '@keiyaku/domain';
import { applyDepartmentScope, AuthUser, canAccessDepartment, Department, User } from '@keiyaku/server/auth';
import { badRequest, ExportColumn, Label, notFound, SettingsService } from '@keiyaku/server/core';
import { PdfColumn, PdfKit, ReportsService } from '@keiyaku/server/reports';
import { Vendor } from '@keiyaku/server/vendors';
import { Contract } from './contract.entity';
import { Approval, ContractChange, Inspection } from './entities/contract-parts.entities';

/** A printed list holds at most this many rows. */
const MAX_ROWS = 20_000;
/** Rows above a kit sheet's table (title, conditions, gap); the data starts below the header. */
const SHEET_HEADER_ROW = 4;
const CATEGORY_CODES = CATEGORIES.map((c) => c.code);

export class ContractDocumentParams {
  @Label('契約') @Type(() => Number) @IsInt() @Min(1) contractId!: number;
}

export class ContractChangeParams {
  @Label('契約') @Type(() => Number) @IsInt() @Min(1) contractId!: number;
  @Label('変更契約') @Type(() => Number) @IsInt() @Min(1) changeId!: number;
}

export class InspectionReportParams {
  @Label('検査') @Type(() => Number) @IsInt() @Min(1) inspectionId!: number;
}

export class ContractListReportParams {
  @Label('年度') @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear?: number;
  @Label('状態') @IsOptional() @IsIn(CONTRACT_STATUSES) status?: ContractStatus;
  @Label('部門') @IsOptional() @IsIn(CATEGORY_CODES) category?: string;
  @Label('担当課') @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
}

/** The words a form uses for its category: a works contract is 請負, a survey one 委託. */
interface Terms {
  subject: string;
  place: string;
  period: string;
  price: string;
  noun: string;
  document: string;
  ukesho: string;
  change: string;
  agreement: string;
}

const TERMS: Record<string, Terms> = {
  construction: {
    subject: '工事名', place: '工事場所', period: '工期', price: '請負代金額', noun: '工事',
    document: '建設工事請負契約書', ukesho: '工事請書', change: '建設工事請負変更契約書', agreement: '請負契約',
  },
  survey: {
    subject: '業務名', place: '履行場所', period: '履行期間', price: '業務委託料', noun: '業務',
    document: '業務委託契約書', ukesho: '業務委託請書', change: '業務委託変更契約書', agreement: '委託契約',
  },
  goods: {
    subject: '件名', place: '納入場所', period: '履行期間', price: '契約金額', noun: '契約',
    document: '契約書', ukesho: '請書', change: '変更契約書', agreement: '契約',
  },
};
const termsOf = (category: string): Terms => TERMS[category] ?? TERMS['goods'];

interface Fact {
  label: string;
  text: string;
}

type VendorFacts = Pick<Vendor, 'vendorCode' | 'name' | 'postalCode' | 'address' | 'representativeTitle' | 'representativeName'>;

interface ContractDocumentData {
  contract: Contract;
  vendor: VendorFacts;
  orgAddress: string;
  /** 請書: the amount is at most the setting's limit, so the vendor's 請書 replaces the contract. */
  ukesho: boolean;
}

interface Side {
  amount: number;
  taxAmount: number;
  periodFrom: string | null;
  periodTo: string | null;
}

interface ContractChangeData {
  contract: Contract;
  change: ContractChange;
  vendor: VendorFacts;
  orgAddress: string;
  before: Side;
  after: Side;
  /** The cumulative change against the amount at conclusion, in percent. */
  changeRate: number | null;
}

interface InspectionData {
  contract: Contract;
  inspection: Inspection;
  vendor: VendorFacts;
  inspectorNames: string[];
  reinspected: Inspection | null;
  decided: { at: Date; name: string } | null;
}

export interface ContractListRow {
  contractNumber: string | null;
  fiscalYear: number | null;
  title: string;
  vendorName: string;
  departmentName: string;
  category: string;
  method: string;
  amount: number;
  originalAmount: number | null;
  changeRate: number | null;
  contractDate: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  status: string;
  approvalStatus: string;
}

const BLANK_DATE = '令和\u3000\u3000年\u3000\u3000月\u3000\u3000日';
const wareki = (date: string | null | undefined) => (date ? formatJapaneseDate(date) : '—');
const formDate = (date: string | null | undefined) => (date ? formatJapaneseDate(date) : BLANK_DATE);
const yen = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${v.toLocaleString('ja-JP')}円`);
const rateText = (rate: number | null) => (rate === null ? '' : `${rate.toFixed(1)}%`);
/** 令和7年度: the era of the fiscal year's December names it (so 2019 is 令和元年度). */
const fiscalYearName = (fy: number) => formatJapaneseDate(`${fy}-12-31`).replace(/年.*$/, '年度');
const categoryName = (code: string) => CATEGORIES.find((c) => c.code === code)?.name ?? code;
const methodName = (method: string) => TENDER_METHOD_LABELS[method as TenderMethod] ?? method;
const representative = (v: VendorFacts) => [v.representativeTitle, v.representativeName].filter(Boolean).join(' ');
const periodText = (from: string | null, to: string | null) => `自\u3000${formDate(from)}\n至\u3000${formDate(to)}`;
const priceText = (amount: number, tax: number) => `${yen(amount)}\n（うち取引に係る消費税及び地方消費税の額 ${yen(tax)}）`;

function bondText(c: Contract): string {
  if (!c.bondKind) return '—';
  if (c.bondKind === 'exempt') return BOND_KIND_LABELS.exempt;
  return `${c.bondAmount === null ? '' : `${yen(c.bondAmount)}（`}${BOND_KIND_LABELS[c.bondKind]}${c.bondAmount === null ? '' : '）'}`;
}

function advanceText(c: Contract, t: Terms): string {
  if (!c.advanceRate) return 'しない';
  return `する（${t.price}の${c.advanceRate}%以内、${yen(advanceLimit(c.amount, c.advanceRate))}以内）`;
}

const LIST_XLSX_COLUMNS: ExportColumn<ContractListRow>[] = [
  { key: 'contractNumber', header: '契約番号', width: 12, value: (r) => r.contractNumber },
  { key: 'fiscalYear', header: '年度', type: 'number', width: 7, value: (r) => r.fiscalYear },
  { key: 'title', header: '件名', width: 36, value: (r) => r.title },
  { key: 'vendorName', header: '契約の相手方', width: 28, value: (r) => r.vendorName },
  { key: 'departmentName', header: '担当課', width: 16, value: (r) => r.departmentName },
  { key: 'category', header: '部門', width: 14, value: (r) => r.category },
  { key: 'method', header: '契約方法', width: 14, value: (r) => r.method },
  { key: 'amount', header: '契約金額（税込）', type: 'yen', value: (r) => r.amount },
  { key: 'originalAmount', header: '当初契約金額', type: 'yen', value: (r) => r.originalAmount },
  { key: 'changeRate', header: '変更率（%）', type: 'number', value: (r) => r.changeRate },
  { key: 'contractDate', header: '契約日', type: 'date', value: (r) => r.contractDate },
  { key: 'periodFrom', header: '履行期間（自）', type: 'date', value: (r) => r.periodFrom },
  { key: 'periodTo', header: '履行期間（至）', type: 'date', value: (r) => r.periodTo },
  { key: 'status', header: '状態', width: 9, value: (r) => r.status },
  { key: 'approvalStatus', header: '決裁', width: 9, value: (r) => r.approvalStatus },
];

const LIST_PDF_COLUMNS: PdfColumn<ContractListRow>[] = [
  { header: '契約番号', width: 48, value: (r) => r.contractNumber ?? '—' },
  { header: '件名', width: '*', value: (r) => r.title },
  { header: '契約の相手方', width: 96, value: (r) => r.vendorName },
  { header: '担当課', width: 60, value: (r) => r.departmentName },
  { header: '契約方法', width: 50, value: (r) => r.method },
  { header: '契約金額', width: 64, align: 'right', value: (r) => yen(r.amount) },
  { header: '当初契約金額', width: 64, align: 'right', value: (r) => yen(r.originalAmount) },
  { header: '変更率', width: 34, align: 'right', value: (r) => rateText(r.changeRate) },
  { header: '契約日', width: 62, value: (r) => wareki(r.contractDate) },
  { header: '履行期限', width: 62, value: (r) => wareki(r.periodTo) },
  { header: '状態', width: 36, align: 'center', value: (r) => r.status },
];

/** A two-column form table without a header row: the label cell tinted, the text beside it. */
function factTable(facts: Fact[], options: { labelWidth?: number; fontSize?: number } = {}): Content {
  return {
    table: {
      widths: [options.labelWidth ?? 110, '*'],
      dontBreakRows: true,
      body: facts.map((f): TableCell[] => [{ text: f.label, fillColor: '#F2F2F2' }, { text: f.text }]),
    },
    layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6, hLineColor: () => '#000000', vLineColor: () => '#000000', paddingTop: () => 4, paddingBottom: () => 4 },
    fontSize: options.fontSize ?? 10,
  };
}

/** 契約書 (or 請書), 変更契約書, 検査調書, 検査結果通知書 (PDF) and 契約一覧 (xlsx, PDF). */
@Injectable()
export class ContractReports implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
    private readonly settings: SettingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.reports.register<ContractDocumentParams, ContractDocumentData>({
      name: 'contract-document',
      title: '契約書',
      permissions: ['contracts.read'],
      params: ContractDocumentParams,
      formats: ['pdf'],
      load: (p, user) => this.documentData(p.contractId, user),
      describe: (p) => `契約ID=${p.contractId}`,
      pdf: (d, kit) => {
        const t = termsOf(d.contract.category);
        const title = d.ukesho ? t.ukesho : t.document;
        const doc = kit.document({ title, stamps: false, content: [] });
        // A contract is not a notice: no issuer block, the parties sign at the foot instead.
        doc.content = d.ukesho ? this.ukeshoContent(d, kit, t) : this.documentContent(d, kit, t);
        return doc;
      },
    });

    this.reports.register<ContractChangeParams, ContractChangeData>({
      name: 'contract-change',
      title: '変更契約書',
      permissions: ['contracts.read'],
      params: ContractChangeParams,
      formats: ['pdf'],
      load: (p, user) => this.changeData(p, user),
      describe: (p) => `契約ID=${p.contractId} 変更契約ID=${p.changeId}`,
      pdf: (d, kit) => {
        const t = termsOf(d.contract.category);
        const doc = kit.document({ title: t.change, stamps: false, content: [] });
        doc.content = this.changeContent(d, kit, t);
        return doc;
      },
    });

    this.reports.register<InspectionReportParams, InspectionData>({
      name: 'inspection-record',
      title: '検査調書',
      permissions: ['inspections.read'],
      params: InspectionReportParams,
      formats: ['pdf'],
      load: (p, user) => this.inspectionData(p.inspectionId, user, '検査調書'),
      describe: (p) => `検査ID=${p.inspectionId}`,
      pdf: (d, kit) =>
        kit.document({
          title: `${INSPECTION_KIND_LABELS[d.inspection.kind]}調書`,
          conditions: [`${d.contract.contractNumber ?? ''} ${d.contract.title}`.trim()],
          stamps: ['課長', '係長', '担当'],
          content: this.recordContent(d, kit),
        }),
    });

    this.reports.register<InspectionReportParams, InspectionData>({
      name: 'inspection-notice',
      title: '検査結果通知書',
      permissions: ['inspections.read'],
      params: InspectionReportParams,
      formats: ['pdf'],
      load: async (p, user) => {
        const d = await this.inspectionData(p.inspectionId, user, '検査結果通知書');
        // The vendor is told a decided result only.
        if (d.inspection.approvalStatus !== 'approved') {
          throw badRequest(
            'inspectionId',
            `検査（inspectionId）の結果は${APPROVAL_STATUS_LABELS[d.inspection.approvalStatus]}のため検査結果通知書を出力できません（決裁後に出力できます）。`,
          );
        }
        return d;
      },
      describe: (p) => `検査ID=${p.inspectionId}`,
      pdf: (d, kit) => {
        const doc = kit.document({ title: '検査結果通知書', stamps: false, content: [] });
        doc.content = this.noticeContent(d, kit);
        return doc;
      },
    });

    this.reports.register<ContractListReportParams, { rows: ContractListRow[]; conditions: string[] }>({
      name: 'contracts',
      title: '契約一覧',
      permissions: ['contracts.read'],
      params: ContractListReportParams,
      formats: ['xlsx', 'pdf'],
      load: (p, user) => this.listData(p, user),
      xlsx: (d, workbook, kit) => {
        const sheet = kit.sheet(workbook, { title: '契約一覧', orientation: 'landscape', conditions: d.conditions, columns: LIST_XLSX_COLUMNS, rows: d.rows });
        sheet.getColumn('changeRate').eachCell((cell, row) => {
          if (row > SHEET_HEADER_ROW) cell.numFmt = '0.0';
        });
        sheet.getColumn('fiscalYear').eachCell((cell, row) => {
          if (row > SHEET_HEADER_ROW) cell.numFmt = '0';
        });
      },
      pdf: (d, kit) =>
        kit.document({
          title: '契約一覧',
          orientation: 'landscape',
          conditions: d.conditions,
          stamps: false,
          content: [kit.note(`${d.rows.length.toLocaleString('ja-JP')}件`), kit.table(LIST_PDF_COLUMNS, d.rows, { fontSize: 7 })],
        }),
    });
  }

  // ---- data ----

  /** The contract the user may see; another department's is "not found". */
  private async contract(id: number, user: AuthUser): Promise<Contract> {
    const contract = await this.dataSource.getRepository(Contract).findOneBy({ id });
    if (!contract || !canAccessDepartment(user, contract.departmentId)) throw notFound('契約');
    return contract;
  }

  private async vendor(id: number): Promise<VendorFacts> {
    const v = await this.dataSource.getRepository(Vendor).findOneBy({ id });
    return v ?? { vendorCode: '', name: `業者ID ${id}`, postalCode: '', address: '', representativeTitle: null, representativeName: '' };
  }

  private async documentData(contractId: number, user: AuthUser): Promise<ContractDocumentData> {
    const contract = await this.contract(contractId, user);
    const limit = await this.settings.get<number>('contracts.ukeshoMaxAmount');
    return {
      contract,
      vendor: await this.vendor(contract.vendorId),
      orgAddress: await this.settings.get<string>('org.address'),
      ukesho: contract.amount <= limit,
    };
  }

  private async changeData(p: ContractChangeParams, user: AuthUser): Promise<ContractChangeData> {
    const contract = await this.contract(p.contractId, user);
    const changes = await this.dataSource.getRepository(ContractChange).find({ where: { contractId: contract.id }, order: { changeNo: 'ASC' } });
    const change = changes.find((c) => c.id === p.changeId);
    if (!change) {
      const exists = await this.dataSource.getRepository(ContractChange).existsBy({ id: p.changeId });
      if (!exists) throw notFound('変更契約');
      throw badRequest('changeId', `変更契約（changeId）${p.changeId}はこの契約の変更ではありません。`);
    }
    // 変更前: the contract as the approved changes before this one left it (or as concluded).
    const earlier = changes.filter((c) => c.changeNo < change.changeNo && c.approvalStatus === 'approved');
    const lastAmount = earlier[earlier.length - 1];
    const lastPeriod = [...earlier].reverse().find((c) => c.periodTo);
    const originalAmount = contract.originalAmount ?? contract.amount;
    const before: Side = {
      amount: lastAmount?.amount ?? originalAmount,
      taxAmount: lastAmount ? lastAmount.taxAmount : contract.originalAmount === null || contract.originalAmount === contract.amount ? contract.taxAmount : taxPortionOfIncluded(originalAmount, contract.taxRate),
      periodFrom: contract.periodFrom,
      periodTo: lastPeriod?.periodTo ?? contract.originalPeriodTo ?? contract.periodTo,
    };
    const after: Side = { amount: change.amount, taxAmount: change.taxAmount, periodFrom: contract.periodFrom, periodTo: change.periodTo ?? before.periodTo };
    return {
      contract,
      change,
      vendor: await this.vendor(contract.vendorId),
      orgAddress: await this.settings.get<string>('org.address'),
      before,
      after,
      changeRate: changeRatePercent(originalAmount, change.amount),
    };
  }

  private async inspectionData(inspectionId: number, user: AuthUser, form: string): Promise<InspectionData> {
    const inspection = await this.dataSource.getRepository(Inspection).findOneBy({ id: inspectionId });
    if (!inspection) throw notFound('検査');
    const contract = await this.dataSource.getRepository(Contract).findOneBy({ id: inspection.contractId });
    if (!contract || !canAccessDepartment(user, contract.departmentId)) throw notFound('検査');
    if (!inspection.inspectedDate || !inspection.result) {
      throw badRequest('inspectionId', `検査（inspectionId）はまだ実施・記録されていないため${form}を出力できません（検査日と結果の記録後に出力できます）。`);
    }
    const ids = inspection.inspectorIds ?? [];
    const users = ids.length ? await this.dataSource.getRepository(User).findBy({ id: In(ids) }) : [];
    const names = new Map(users.map((u) => [u.id, u.name]));
    const reinspected = inspection.reinspectionOf ? await this.dataSource.getRepository(Inspection).findOneBy({ id: inspection.reinspectionOf }) : null;
    const approval = await this.dataSource
      .getRepository(Approval)
      .findOne({ where: { subject: 'inspection', subjectId: inspection.id, action: 'approve' }, order: { actedAt: 'DESC', id: 'DESC' } });
    let decided: InspectionData['decided'] = null;
    if (approval && inspection.approvalStatus === 'approved') {
      const approver = approval.userId ? await this.dataSource.getRepository(User).findOneBy({ id: approval.userId }) : null;
      decided = { at: approval.actedAt, name: approver?.name ?? approval.loginId ?? '' };
    }
    return {
      contract,
      inspection,
      vendor: await this.vendor(contract.vendorId),
      inspectorNames: ids.map((id) => names.get(id) ?? `ユーザーID ${id}`),
      reinspected,
      decided,
    };
  }

  private async listData(p: ContractListReportParams, user: AuthUser): Promise<{ rows: ContractListRow[]; conditions: string[] }> {
    const qb = this.dataSource
      .getRepository(Contract)
      .createQueryBuilder('c')
      .leftJoinAndMapOne('c.vendor', Vendor, 'v', 'v.id = c.vendorId')
      .leftJoinAndMapOne('c.department', Department, 'd', 'd.id = c.departmentId');
    const conditions: string[] = [];
    if (p.fiscalYear !== undefined) {
      qb.andWhere('c.fiscalYear = :fiscalYear', { fiscalYear: p.fiscalYear });
      conditions.push(`年度: ${fiscalYearName(p.fiscalYear)}`);
    }
    if (p.status) {
      qb.andWhere('c.status = :status', { status: p.status });
      conditions.push(`状態: ${CONTRACT_STATUS_LABELS[p.status]}`);
    }
    if (p.category) {
      qb.andWhere('c.category = :category', { category: p.category });
      conditions.push(`部門: ${categoryName(p.category)}`);
    }
    if (p.departmentId !== undefined) {
      const department = await this.dataSource.getRepository(Department).findOneBy({ id: p.departmentId });
      if (!department) throw badRequest('departmentId', `担当課（departmentId）${p.departmentId}は登録されていません。`);
      qb.andWhere('c.departmentId = :departmentId', { departmentId: p.departmentId });
      conditions.push(`担当課: ${department.name}`);
    }
    applyDepartmentScope(qb, 'c.departmentId', user);
    const total = await qb.getCount();
    if (total > MAX_ROWS) throw badRequest('fiscalYear', `契約が${total}件あり上限（${MAX_ROWS}件）を超えています。年度などで絞り込んでください。`);
    const contracts = await qb.orderBy('c.fiscalYear', 'ASC').addOrderBy('c.contractNumber', 'ASC').addOrderBy('c.id', 'ASC').getMany();
    const rows = contracts.map(
      (c): ContractListRow => ({
        contractNumber: c.contractNumber,
        fiscalYear: c.fiscalYear,
        title: c.title,
        vendorName: c.vendor?.name ?? '',
        departmentName: c.department?.name ?? '',
        category: categoryName(c.category),
        method: methodName(c.method),
        amount: c.amount,
        originalAmount: c.originalAmount,
        changeRate: c.originalAmount ? changeRatePercent(c.originalAmount, c.amount) : null,
        contractDate: c.contractDate,
        periodFrom: c.periodFrom,
        periodTo: c.periodTo,
        status: CONTRACT_STATUS_LABELS[c.status] ?? c.status,
        approvalStatus: APPROVAL_STATUS_LABELS[c.approvalStatus as ApprovalStatus] ?? c.approvalStatus,
      }),
    );
    if (!conditions.length) conditions.push('対象: 全契約');
    return { rows, conditions };
  }

  // ---- layout ----

  private coverFacts(c: Contract, t: Terms, amount = c.amount, taxAmount = c.taxAmount): Fact[] {
    return [
      { label: t.subject, text: c.title },
      { label: t.place, text: c.location ?? '' },
      { label: t.period, text: periodText(c.periodFrom, c.periodTo) },
      { label: t.price, text: priceText(amount, taxAmount) },
      { label: '契約保証金', text: bondText(c) },
      { label: '前払金', text: advanceText(c, t) },
    ];
  }

  /** 発注者 and 受注者: address and name, with room for the seal (印). */
  private parties(d: { vendor: VendorFacts; orgAddress: string }, kit: PdfKit): Content {
    const v = d.vendor;
    const row = (role: string, address: string, names: string[]): TableCell[] => [
      { text: role, bold: true },
      { stack: [`住所\u3000${address}`, ...names.map((n, i) => (i === 0 ? `氏名\u3000${n}` : `\u3000\u3000\u3000${n}`))], lineHeight: 1.4 },
      { text: '印', alignment: 'center', color: '#666666', margin: [0, 10, 0, 0] },
    ];
    return {
      table: {
        widths: [50, '*', 24],
        body: [
          row('発注者', d.orgAddress, [kit.issuer.headTitle]),
          row('受注者', `${v.postalCode ? `〒${v.postalCode} ` : ''}${v.address}`, [v.name, representative(v)].filter(Boolean)),
        ],
      },
      layout: 'noBorders',
      margin: [150, 12, 0, 0],
      fontSize: 10,
    };
  }

  private numberLine(text: string): Content {
    return { text, alignment: 'right', fontSize: 9 };
  }

  private documentContent(d: ContractDocumentData, kit: PdfKit, t: Terms): Content[] {
    const c = d.contract;
    return [
      this.numberLine(`契約番号\u3000${c.contractNumber ?? '（締結時に採番）'}`),
      kit.title(t.document),
      factTable(this.coverFacts(c, t)),
      {
        text: [
          `上記の${t.noun}について、発注者と受注者は、各々の対等な立場における合意に基づいて、別添の条項によって公正な${t.agreement}を締結し、信義に従って誠実にこれを履行するものとする。`,
          '\n',
          '本契約の証として本書2通を作成し、当事者記名押印の上、各自1通を保有する。',
        ],
        margin: [0, 12, 0, 0],
        lineHeight: 1.5,
      },
      { text: formDate(c.contractDate), margin: [0, 16, 0, 0] },
      this.parties(d, kit),
    ];
  }

  /** 請書: the vendor's undertaking addressed to the head, which stands for the contract under the limit. */
  private ukeshoContent(d: ContractDocumentData, kit: PdfKit, t: Terms): Content[] {
    const c = d.contract;
    const v = d.vendor;
    return [
      this.numberLine(`契約番号\u3000${c.contractNumber ?? '（締結時に採番）'}`),
      { text: formDate(c.contractDate), alignment: 'right', margin: [0, 6, 0, 0] },
      { text: `${kit.issuer.headTitle}\u3000様`, fontSize: 12, bold: true, margin: [0, 10, 0, 0] },
      {
        stack: [`住所\u3000${v.postalCode ? `〒${v.postalCode} ` : ''}${v.address}`, `氏名\u3000${v.name}`, ...(representative(v) ? [`\u3000\u3000\u3000${representative(v)}\u3000\u3000印`] : [])],
        margin: [230, 10, 0, 0],
        lineHeight: 1.4,
      },
      kit.title(t.ukesho),
      { text: `下記の${t.noun}について、${t.price}をもって、別記の契約条項を承諾のうえ、お請けします。`, margin: [0, 0, 0, 8], lineHeight: 1.5 },
      { text: '記', alignment: 'center', margin: [0, 0, 0, 6] },
      factTable(this.coverFacts(c, t)),
    ];
  }

  private changeContent(d: ContractChangeData, kit: PdfKit, t: Terms): Content[] {
    const c = d.contract;
    const ch = d.change;
    const diff = d.after.amount - d.before.amount;
    const cell = (text: string, extra: { fillColor?: string; alignment?: 'left' | 'center' | 'right'; colSpan?: number } = {}): TableCell => ({ text, ...extra });
    const header: TableCell[] = [cell('項目', { fillColor: '#F2F2F2', alignment: 'center' }), cell('変更前', { fillColor: '#F2F2F2', alignment: 'center' }), cell('変更後', { fillColor: '#F2F2F2', alignment: 'center' })];
    const label = (text: string) => cell(text, { fillColor: '#F2F2F2' });
    const span = (text: string): TableCell[] => [cell(text, { colSpan: 2 }), {}];
    const body: TableCell[][] = [
      header,
      [label(t.subject), ...span(c.title)],
      [label(t.place), ...span(c.location ?? '')],
      [label(t.price), cell(priceText(d.before.amount, d.before.taxAmount)), cell(priceText(d.after.amount, d.after.taxAmount))],
      [label('増減額'), ...span(`${diff > 0 ? '増' : diff < 0 ? '減' : '増減なし'}${diff ? ` ${yen(Math.abs(diff))}` : ''}${d.changeRate === null ? '' : `（当初契約額に対する変更率 ${rateText(d.changeRate)}）`}`)],
      [label(t.period), cell(periodText(d.before.periodFrom, d.before.periodTo)), cell(periodText(d.after.periodFrom, d.after.periodTo))],
      [label('変更理由'), ...span(ch.reason)],
    ];
    return [
      this.numberLine(`契約番号\u3000${c.contractNumber ?? '—'}\u3000第${ch.changeNo}回変更`),
      kit.title(t.change),
      {
        text: `${formDate(c.contractDate)}付けで締結した下記${t.noun}の${t.agreement}（以下「原契約」という。）の一部を、次のとおり変更する。`,
        margin: [0, 0, 0, 8],
        lineHeight: 1.5,
      },
      {
        table: { widths: [80, '*', '*'], headerRows: 1, dontBreakRows: true, body },
        layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6, hLineColor: () => '#000000', vLineColor: () => '#000000', paddingTop: () => 4, paddingBottom: () => 4 },
        fontSize: 10,
      },
      {
        text: ['変更した事項以外は、原契約のとおりとする。', '\n', '本変更契約の証として本書2通を作成し、当事者記名押印の上、各自1通を保有する。'],
        margin: [0, 12, 0, 0],
        lineHeight: 1.5,
      },
      { text: formDate(ch.changeDate), margin: [0, 16, 0, 0] },
      this.parties(d, kit),
    ];
  }

  /** The contract facts the inspection forms repeat. */
  private inspectedFacts(d: InspectionData, t: Terms): Fact[] {
    const c = d.contract;
    const v = d.vendor;
    return [
      { label: '契約番号', text: c.contractNumber ?? '—' },
      { label: t.subject, text: c.title },
      { label: t.place, text: c.location ?? '' },
      { label: '受注者', text: [v.name, representative(v)].filter(Boolean).join('\u3000') },
      { label: t.price, text: priceText(c.amount, c.taxAmount) },
      { label: t.period, text: periodText(c.periodFrom, c.periodTo) },
      { label: '契約日', text: wareki(c.contractDate) },
    ];
  }

  private recordContent(d: InspectionData, kit: PdfKit): Content[] {
    const i = d.inspection;
    const t = termsOf(d.contract.category);
    const result = i.result ? INSPECTION_RESULT_LABELS[i.result] : '—';
    const facts: Fact[] = [
      ...this.inspectedFacts(d, t),
      { label: '検査の種類', text: INSPECTION_KIND_LABELS[i.kind] },
      { label: '検査日', text: wareki(i.inspectedDate) },
      { label: '検査員', text: d.inspectorNames.join('、') || '—' },
      { label: '立会者', text: i.attendees ?? '' },
      { label: '結果', text: result },
      ...(i.result === 'rework' ? [{ label: '手直し期限', text: wareki(i.reworkDeadline) }] : []),
      ...(d.reinspected
        ? [{ label: '再検査', text: `${wareki(d.reinspected.inspectedDate ?? d.reinspected.scheduledDate)}の${INSPECTION_KIND_LABELS[d.reinspected.kind]}（${d.reinspected.result ? INSPECTION_RESULT_LABELS[d.reinspected.result] : '—'}）の再検査` }]
        : []),
      { label: '所見', text: i.remarks ?? '' },
      { label: '決裁', text: `${APPROVAL_STATUS_LABELS[i.approvalStatus]}${d.decided ? `（${kit.warekiDateTime(d.decided.at)} ${d.decided.name}）` : ''}` },
    ];
    const verdict = i.result === 'passed' ? '合格と認める' : i.result === 'rework' ? '手直しを要するものと認める' : '不合格と認める';
    return [
      factTable(facts, { fontSize: 9.5 }),
      {
        text: `上記の${t.noun}について、契約書、仕様書、設計図書その他関係書類に基づき${INSPECTION_KIND_LABELS[i.kind]}を行った結果、${verdict}。`,
        margin: [0, 12, 0, 0],
        lineHeight: 1.5,
      },
      {
        stack: d.inspectorNames.map((n) => `検査員\u3000${n}\u3000\u3000印`),
        alignment: 'right',
        margin: [0, 16, 0, 0],
        lineHeight: 1.8,
      },
    ];
  }

  /** 検査結果通知書: a letter to the vendor, like the tenders' notices. */
  private noticeContent(d: InspectionData, kit: PdfKit): Content[] {
    const i = d.inspection;
    const v = d.vendor;
    const t = termsOf(d.contract.category);
    const kind = INSPECTION_KIND_LABELS[i.kind];
    const facts: Fact[] = [
      ...this.inspectedFacts(d, t).filter((f) => f.label !== '受注者' && f.label !== '契約日'),
      { label: '検査の種類', text: kind },
      { label: '検査日', text: wareki(i.inspectedDate) },
      { label: '検査結果', text: i.result ? INSPECTION_RESULT_LABELS[i.result] : '—' },
      ...(i.result === 'rework' ? [{ label: '手直し期限', text: wareki(i.reworkDeadline) }] : []),
      ...(i.remarks ? [{ label: i.result === 'passed' ? '所見' : '指摘事項', text: i.remarks }] : []),
    ];
    const next =
      i.result === 'passed'
        ? i.kind === 'completion'
          ? `${kind}に合格しましたので、契約書の定めるところにより${t.price}の支払を請求してください。`
          : `${kind}に合格しました。`
        : i.result === 'rework'
          ? `指摘事項を手直しのうえ、${formDate(i.reworkDeadline)}までに完了し、再検査を受けてください。`
          : '検査に合格しなかったため、契約書の定めるところにより必要な措置について別途協議します。';
    return [
      kit.issuerBlock(true),
      {
        stack: [...(v.postalCode ? [`〒${v.postalCode}`] : []), v.address, { text: v.name, fontSize: 12, bold: true, margin: [0, 4, 0, 0] }, `${representative(v)} 様`],
        margin: [0, 12, 0, 0],
        lineHeight: 1.3,
      },
      kit.title('検査結果通知書'),
      { text: `${wareki(i.inspectedDate)}に実施した次の${t.noun}の${kind}の結果について、下記のとおり通知します。`, margin: [0, 0, 0, 8], lineHeight: 1.5 },
      { text: '記', alignment: 'center', margin: [0, 0, 0, 6] },
      factTable(facts),
      {
        ul: [next, `問い合わせ先: ${kit.issuer.orgName} ${kit.issuer.department}`],
        fontSize: 9,
        margin: [0, 10, 0, 0],
      },
    ];
  }
}
