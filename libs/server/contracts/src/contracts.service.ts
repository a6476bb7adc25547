import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import {
  advanceLimit, APPROVAL_STATUS_LABELS, changeExceedsWarning, changeRatePercent, consumptionTaxRate, CONSTRUCTION_TRADES, CONTRACT_STATUS_LABELS, contractTransitionProblem,
  contractTransitions, ContractStatus, fiscalYearOf, formatTenderNumber, GOODS_KINDS, INSPECTION_KIND_LABELS, smallContractLimit, SURVEY_KINDS, TaxRate, taxPortionOfIncluded,
  TENDER_METHOD_LABELS, TenderMethod, todayInJapan,
} from '@keiyaku/domain';
import { AuditLog, AuditService } from '@keiyaku/server/audit';
import { applyDepartmentScope, AuthUser, canAccessDepartment, Department, User } from '@keiyaku/server/auth';
import { badRequest, describeList, ExportColumn, ListSpec, loadForUpdate, notFound, SettingsService, versionConflict } from '@keiyaku/server/core';
import { Vendor } from '@keiyaku/server/vendors';
import { Contract } from './contract.entity';
import { ContractEvents, DeadlineItem } from './contract-events';
import { ContractListQueryDto, CreateContractDto, ContractTransitionDto, UpdateContractDto } from './dto/contract.dto';
import { Approval, ContractChange, ContractPayment, Inspection } from './entities/contract-parts.entities';

export interface AwardDraftInput {
  tenderId: number;
  vendorId: number;
  title: string;
  location: string | null;
  departmentId: number | null;
  category: string;
  tradeCode: string | null;
  method: string;
  /** The winning bid (tax-excluded yen). */
  awardAmount: number;
  /** The date whose consumption-tax rate applies (the opening date; the contract date replaces it later). */
  taxDate: string;
}

const CATEGORY_NAMES: Record<string, string> = { construction: '建設工事', survey: '測量・建設コンサルタント等', goods: '物品・役務' };
const tradeNameOf = (category: string, code: string | null) =>
  !code ? null : category === 'construction' ? (CONSTRUCTION_TRADES.find((t) => t.code === code)?.name ?? code) : ((category === 'survey' ? SURVEY_KINDS : GOODS_KINDS).find((k) => k.code === code)?.name ?? code);

/** Statuses in which the work is under way (designation figures, deadlines). */
export const OPEN_CONTRACT_STATUSES: ContractStatus[] = ['draft', 'concluded', 'inProgress', 'completed'];

const CONTRACT_LIST: ListSpec = {
  fields: {
    contractNumber: { expr: 'c.contractNumber', type: 'text', label: '契約番号' },
    fiscalYear: { expr: 'c.fiscalYear', type: 'number', label: '年度' },
    title: { expr: 'c.title', type: 'text', label: '件名' },
    vendorName: { expr: 'v.name', type: 'text', label: '契約の相手方' },
    departmentName: { expr: 'd.name', type: 'text', label: '担当課' },
    category: { expr: 'c.category', type: 'text', label: '部門' },
    method: { expr: 'c.method', type: 'text', label: '契約方法' },
    amount: { expr: 'c.amount', type: 'number', label: '契約金額' },
    originalAmount: { expr: 'c.originalAmount', type: 'number', label: '当初契約金額' },
    contractDate: { expr: 'c.contractDate', type: 'date', label: '契約日' },
    periodFrom: { expr: 'c.periodFrom', type: 'date', label: '工期（自）' },
    periodTo: { expr: 'c.periodTo', type: 'date', label: '工期（至）' },
    status: { expr: 'c.status', type: 'text', label: '状態' },
    approvalStatus: { expr: 'c.approvalStatus', type: 'text', label: '決裁' },
    updatedAt: { expr: 'c.updatedAt', type: 'date', label: '更新日時' },
  },
  searchExpr: 'c.searchText',
  searchPlain: ['c.contractNumber'],
  defaultSort: 'contractDate:desc',
  tieBreaker: 'c.id',
};

export function contractListRow(c: Contract) {
  return {
    id: c.id,
    contractNumber: c.contractNumber,
    fiscalYear: c.fiscalYear,
    title: c.title,
    vendorId: c.vendorId,
    vendorName: c.vendor?.name ?? null,
    departmentId: c.departmentId,
    departmentName: c.department?.name ?? null,
    category: c.category,
    method: c.method,
    amount: c.amount,
    originalAmount: c.originalAmount,
    changeRate: c.originalAmount ? changeRatePercent(c.originalAmount, c.amount) : null,
    contractDate: c.contractDate,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    status: c.status,
    approvalStatus: c.approvalStatus,
    tenderId: c.tenderId,
    version: c.version,
    updatedAt: c.updatedAt,
  };
}
export type ContractListRow = ReturnType<typeof contractListRow>;

export const CONTRACT_EXPORT_COLUMNS: ExportColumn<ContractListRow>[] = [
  { key: 'contractNumber', header: '契約番号', width: 12, value: (r) => r.contractNumber },
  { key: 'fiscalYear', header: '年度', type: 'number', width: 7, value: (r) => r.fiscalYear },
  { key: 'title', header: '件名', width: 40, value: (r) => r.title },
  { key: 'vendorName', header: '契約の相手方', width: 28, value: (r) => r.vendorName },
  { key: 'departmentName', header: '担当課', width: 14, value: (r) => r.departmentName },
  { key: 'category', header: '部門', width: 12, value: (r) => CATEGORY_NAMES[r.category] ?? r.category },
  { key: 'method', header: '契約方法', width: 12, value: (r) => TENDER_METHOD_LABELS[r.method as TenderMethod] ?? r.method },
  { key: 'originalAmount', header: '当初契約金額（税込）', type: 'yen', value: (r) => r.originalAmount },
  { key: 'amount', header: '契約金額（税込）', type: 'yen', value: (r) => r.amount },
  { key: 'changeRate', header: '変更率（%）', type: 'number', value: (r) => r.changeRate },
  { key: 'contractDate', header: '契約日', type: 'date', value: (r) => r.contractDate },
  { key: 'periodFrom', header: '工期（自）', type: 'date', value: (r) => r.periodFrom },
  { key: 'periodTo', header: '工期（至）', type: 'date', value: (r) => r.periodTo },
  { key: 'status', header: '状態', width: 8, value: (r) => CONTRACT_STATUS_LABELS[r.status] },
  { key: 'approvalStatus', header: '決裁', width: 8, value: (r) => APPROVAL_STATUS_LABELS[r.approvalStatus] },
  { key: 'updatedAt', header: '更新日時', type: 'datetime', value: (r) => r.updatedAt },
];

const KNOWN_TRADES: Record<string, string[]> = {
  construction: CONSTRUCTION_TRADES.map((t) => t.code),
  survey: SURVEY_KINDS.map((k) => k.code),
  goods: GOODS_KINDS.map((k) => k.code),
};

/** Fields fixed once the contract is concluded: they change only through a 変更契約. */
const CONCLUDED_FROZEN = ['vendorId', 'amount', 'contractDate', 'periodFrom', 'periodTo', 'category', 'method', 'smallContractKind'] as const;

/** 契約: register, lifecycle, the draft an award makes, the deadlines dashboard, history. */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly events: ContractEvents,
  ) {}

  /** A 契約 draft carrying the award's amounts and parties, written in the award's transaction. */
  async createDraftFromAward(m: EntityManager, input: AwardDraftInput): Promise<Contract> {
    const rate = consumptionTaxRate(input.taxDate, await this.settings.get<TaxRate[]>('tax.consumptionRates'));
    const tax = Math.floor((input.awardAmount * rate) / 100);
    return m.save(
      m.create(Contract, {
        contractNumber: null,
        tenderId: input.tenderId,
        vendorId: input.vendorId,
        title: input.title,
        location: input.location,
        departmentId: input.departmentId,
        category: input.category,
        tradeCode: input.tradeCode,
        method: input.method,
        amount: input.awardAmount + tax,
        taxAmount: tax,
        taxRate: rate,
        contractDate: null,
        periodFrom: null,
        periodTo: null,
        status: 'draft',
        approvalStatus: 'draft',
      }),
    );
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<Contract> {
    const found = await manager.findOneBy(Contract, { id });
    if (!found) throw notFound('契約');
    return found;
  }

  /** Contracts of vendors not yet finished (締結 … 完成 and drafts), per vendor — for designation. */
  async inProgressCounts(vendorIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (!vendorIds.length) return out;
    for (let i = 0; i < vendorIds.length; i += 900) {
      const rows = await this.dataSource
        .getRepository(Contract)
        .createQueryBuilder('c')
        .select('c.vendorId', 'vendorId')
        .addSelect('COUNT(*)', 'n')
        .where('c.vendorId IN (:...ids)', { ids: vendorIds.slice(i, i + 900) })
        .andWhere('c.status IN (:...open)', { open: OPEN_CONTRACT_STATUSES })
        .groupBy('c.vendorId')
        .getRawMany();
      for (const r of rows) out.set(Number(r.vendorId ?? r.VENDORID), Number(r.n ?? r.N));
    }
    return out;
  }

  private baseQuery(m: EntityManager = this.dataSource.manager) {
    return m
      .getRepository(Contract)
      .createQueryBuilder('c')
      .leftJoinAndMapOne('c.vendor', Vendor, 'v', 'v.id = c.vendorId')
      .leftJoinAndMapOne('c.department', Department, 'd', 'd.id = c.departmentId');
  }

  list(query: ContractListQueryDto, user: AuthUser) {
    const qb = this.baseQuery();
    applyDepartmentScope(qb, 'c.departmentId', user);
    if (query.fiscalYear) qb.andWhere('c.fiscalYear = :fy', { fy: query.fiscalYear });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.category) qb.andWhere('c.category = :category', { category: query.category });
    if (query.departmentId) qb.andWhere('c.departmentId = :dept', { dept: query.departmentId });
    const conditions = [
      query.fiscalYear ? `年度: ${query.fiscalYear}` : '',
      query.status ? `状態: ${CONTRACT_STATUS_LABELS[query.status as ContractStatus] ?? query.status}` : '',
      query.category ? `部門: ${CATEGORY_NAMES[query.category] ?? query.category}` : '',
      query.departmentId ? `担当課ID: ${query.departmentId}` : '',
    ].filter(Boolean);
    return describeList({ name: 'contracts', title: '契約一覧', qb, query, spec: CONTRACT_LIST, map: contractListRow, columns: CONTRACT_EXPORT_COLUMNS, conditions });
  }

  async find(id: number, user: AuthUser, m: EntityManager = this.dataSource.manager): Promise<Contract> {
    const c = await this.baseQuery(m).where('c.id = :id', { id }).getOne();
    if (!c || !canAccessDepartment(user, c.departmentId)) throw notFound('契約');
    return c;
  }

  /** Locks the contract for a write, after the department and the version the client saw. */
  async loadForWrite(m: EntityManager, id: number, version: number, user: AuthUser): Promise<Contract> {
    const c = await loadForUpdate(m, Contract, id, undefined, '契約');
    if (!canAccessDepartment(user, c.departmentId)) throw notFound('契約');
    if (c.version !== version) throw versionConflict('契約');
    return c;
  }

  /** Bumps the contract's version when one of its parts changes, so every edit is a contract edit. */
  async touch(m: EntityManager, c: Contract): Promise<void> {
    c.updatedAt = new Date();
    await m.save(c);
  }

  async detail(id: number, user: AuthUser, m: EntityManager = this.dataSource.manager) {
    const c = await this.find(id, user, m);
    const [changes, payments, inspections, warningPercent, newLimitsFrom] = await Promise.all([
      m.find(ContractChange, { where: { contractId: id }, order: { changeNo: 'ASC' } }),
      m.find(ContractPayment, { where: { contractId: id }, order: { dueDate: 'ASC', id: 'ASC' } }),
      m.find(Inspection, { where: { contractId: id }, order: { scheduledDate: 'ASC', id: 'ASC' } }),
      this.settings.get<number>('contracts.changeWarningPercent'),
      this.settings.get<string>('contracts.smallContractNewLimitsFrom'),
    ]);
    const approvalRows = await this.approvalHistory(m, [
      ['contract', [id]],
      ['change', changes.map((x) => x.id)],
      ['inspection', inspections.map((x) => x.id)],
    ]);
    const userIds = [...new Set([...inspections.flatMap((i) => i.inspectorIds), ...(c.supervisorId ? [c.supervisorId] : [])])];
    const users = new Map((userIds.length ? await m.find(User, { where: { id: In(userIds) }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
    const tender = c.tenderId
      ? await m.createQueryBuilder().select('t.tender_number', 'n').from('tenders', 't').where('t.id = :id', { id: c.tenderId }).getRawOne()
      : null;
    const base = c.originalAmount ?? c.amount;
    const { searchText: _s, vendor, department, ...fields } = c;
    return {
      ...fields,
      vendorName: vendor?.name ?? null,
      vendorCode: vendor?.vendorCode ?? null,
      departmentName: department?.name ?? null,
      tenderNumber: tender ? (tender.n ?? tender.N ?? null) : null,
      tradeName: tradeNameOf(c.category, c.tradeCode),
      supervisorName: c.supervisorId ? (users.get(c.supervisorId) ?? null) : null,
      changeRate: c.originalAmount ? changeRatePercent(c.originalAmount, c.amount) : null,
      changeWarning: c.originalAmount ? changeExceedsWarning(c.originalAmount, c.amount, warningPercent) : false,
      changeWarningPercent: warningPercent,
      allowedTransitions: contractTransitions(c.status).filter((s) => s !== 'inspected'),
      smallContractLimit: c.smallContractKind ? smallContractLimit(c.smallContractKind, c.contractDate ?? todayInJapan(), newLimitsFrom) : null,
      advanceLimit: advanceLimit(c.amount, c.advanceRate),
      changes: changes.map((x) => ({ ...x, changeRate: changeRatePercent(base, x.amount), approvals: approvalRows.filter((a) => a.subject === 'change' && a.subjectId === x.id) })),
      payments,
      paidTotal: payments.filter((p) => p.paidDate).reduce((s, p) => s + p.amount, 0),
      advanceTotal: payments.filter((p) => p.kind === 'advance').reduce((s, p) => s + p.amount, 0),
      inspections: inspections.map((x) => ({
        ...x,
        kindLabel: INSPECTION_KIND_LABELS[x.kind],
        inspectorNames: x.inspectorIds.map((u) => users.get(u) ?? String(u)),
        approvals: approvalRows.filter((a) => a.subject === 'inspection' && a.subjectId === x.id),
      })),
      approvals: approvalRows.filter((a) => a.subject === 'contract'),
    };
  }

  private async approvalHistory(m: EntityManager, subjects: Array<[string, number[]]>) {
    const rows: Approval[] = [];
    for (const [subject, ids] of subjects) {
      for (let i = 0; i < ids.length; i += 900) rows.push(...(await m.find(Approval, { where: { subject: subject as Approval['subject'], subjectId: In(ids.slice(i, i + 900)) } })));
    }
    return rows.sort((a, b) => a.id - b.id).map((a) => ({ id: a.id, subject: a.subject, subjectId: a.subjectId, action: a.action, comment: a.comment, loginId: a.loginId, actedAt: a.actedAt }));
  }

  private async checkFields(m: EntityManager, c: Contract, user: AuthUser) {
    if (c.tradeCode && !KNOWN_TRADES[c.category]?.includes(c.tradeCode)) {
      throw badRequest('tradeCode', `業種「${c.tradeCode}」は部門「${CATEGORY_NAMES[c.category] ?? c.category}」の業種ではありません。`);
    }
    if (!user.permissions.includes('data.allDepartments') && c.departmentId !== user.departmentId) {
      throw badRequest('departmentId', '他の課の契約は登録できません。担当課には自分の課を選んでください。');
    }
    if (!(await m.exists(Vendor, { where: { id: c.vendorId } }))) throw badRequest('vendorId', `業者ID ${c.vendorId} は登録されていません。`);
    if (c.method === 'negotiated' && !c.negotiatedReason?.trim()) throw badRequest('negotiatedReason', '随意契約の理由を入力してください（随意契約の場合は必須です）。');
    if (c.smallContractKind) {
      if (c.method !== 'negotiated' && c.method !== 'quotation') throw badRequest('smallContractKind', '少額随意契約の区分は随意契約・見積合せの契約にのみ指定できます。');
      const limit = smallContractLimit(c.smallContractKind, c.contractDate ?? todayInJapan(), await this.settings.get<string>('contracts.smallContractNewLimitsFrom'))!;
      if (c.amount > limit) {
        throw badRequest('amount', `契約金額（${c.amount.toLocaleString('ja-JP')}円）が少額随意契約の限度額（${limit.toLocaleString('ja-JP')}円、契約日 ${c.contractDate ?? todayInJapan()} 時点）を超えています。`);
      }
    }
    if (c.periodFrom && c.periodTo && c.periodTo < c.periodFrom) throw badRequest('periodTo', `工期（至）（${c.periodTo}）が工期（自）（${c.periodFrom}）より前です。`);
    if (c.contractDate && c.periodTo && c.periodTo < c.contractDate) throw badRequest('periodTo', `工期（至）（${c.periodTo}）が契約日（${c.contractDate}）より前です。`);
    if (c.supervisorId) {
      const supervisor = await m.findOne(User, { where: { id: c.supervisorId }, select: { id: true, roles: true, name: true } });
      if (!supervisor) throw badRequest('supervisorId', `監督員（ユーザーID ${c.supervisorId}）が見つかりません。`);
      if (!supervisor.roles.includes('supervisor')) throw badRequest('supervisorId', `${supervisor.name} さんには監督員の役割がありません。監督員の役割を持つ職員を選んでください。`);
    }
    if (c.bondKind && c.bondKind !== 'exempt' && !c.bondAmount) throw badRequest('bondAmount', '契約保証の金額を入力してください（免除の場合を除きます）。');
  }

  /** The tax portion at the rate in force on the contract date (today for a draft without one). */
  private async applyTax(c: Contract) {
    c.taxRate = consumptionTaxRate(c.contractDate ?? todayInJapan(), await this.settings.get<TaxRate[]>('tax.consumptionRates'));
    c.taxAmount = taxPortionOfIncluded(c.amount, c.taxRate);
  }

  async create(dto: CreateContractDto, user: AuthUser) {
    const id = await this.dataSource.transaction(async (m) => {
      const c = m.create(Contract, {
        contractNumber: null,
        tenderId: null,
        vendorId: dto.vendorId,
        title: dto.title,
        location: dto.location ?? null,
        departmentId: dto.departmentId === undefined ? user.departmentId : dto.departmentId,
        category: dto.category,
        tradeCode: dto.tradeCode ?? null,
        method: dto.method,
        negotiatedReason: dto.negotiatedReason ?? null,
        smallContractKind: dto.smallContractKind ?? null,
        budgetLineCode: dto.budgetLineCode ?? null,
        amount: dto.amount,
        contractDate: dto.contractDate ?? null,
        periodFrom: dto.periodFrom ?? null,
        periodTo: dto.periodTo ?? null,
        bondKind: dto.bondKind ?? null,
        bondAmount: dto.bondAmount ?? null,
        advanceRate: dto.advanceRate ?? null,
        supervisorId: dto.supervisorId ?? null,
        notes: dto.notes ?? null,
        status: 'draft',
        approvalStatus: 'draft',
        fiscalYear: null,
        originalAmount: null,
        originalPeriodTo: null,
      });
      await this.checkFields(m, c, user);
      await this.applyTax(c);
      return (await m.save(c)).id;
    });
    return this.detail(id, user);
  }

  async update(id: number, dto: UpdateContractDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.loadForWrite(m, id, dto.version, user);
      if (c.status === 'paid' || c.status === 'cancelled') throw badRequest('status', `「${CONTRACT_STATUS_LABELS[c.status]}」の契約は変更できません。`);
      const { version: _v, ...changes } = dto;
      const keys = Object.keys(changes) as Array<keyof typeof changes>;
      if (c.status !== 'draft') {
        const frozen = keys.find((k) => (CONCLUDED_FROZEN as readonly string[]).includes(k) && (changes as Record<string, unknown>)[k] !== (c as unknown as Record<string, unknown>)[k]);
        if (frozen) throw badRequest(frozen, '締結後の契約金額・工期・相手方は変更契約で変更してください。');
      }
      Object.assign(c, changes);
      for (const k of keys) if ((c as unknown as Record<string, unknown>)[k] === undefined) (c as unknown as Record<string, unknown>)[k] = null;
      await this.checkFields(m, c, user);
      if (c.status === 'draft') {
        await this.applyTax(c);
        // A decided draft that is edited goes back to the drafter's hands.
        if (c.approvalStatus !== 'draft') c.approvalStatus = 'draft';
      }
      await m.save(c);
    });
    return this.detail(id, user);
  }

  private async nextNumber(m: EntityManager, fiscalYear: number): Promise<string> {
    const format = await this.settings.get<string>('contracts.numberFormat');
    let seq = (await m.count(Contract, { where: { fiscalYear } })) + 1;
    for (;;) {
      const number = formatTenderNumber(format, fiscalYear, seq);
      if (!(await m.exists(Contract, { where: { contractNumber: number } }))) return number;
      seq++;
    }
  }

  async transition(id: number, dto: ContractTransitionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.loadForWrite(m, id, dto.version, user);
      const problem = contractTransitionProblem(c.status, dto.to);
      if (problem) throw badRequest('to', problem);
      if (dto.to === 'inspected') throw badRequest('to', '検査済には、完成検査の合格が決裁されると自動的になります。');
      const from = c.status;
      const date = dto.date ?? todayInJapan();
      if (dto.to === 'concluded') {
        if (c.approvalStatus !== 'approved') throw badRequest('approvalStatus', '契約の決裁が済んでいないため締結できません。');
        if (!c.contractDate) throw badRequest('contractDate', '契約日を入力してから締結してください。');
        if (!c.periodFrom || !c.periodTo) throw badRequest('periodTo', '工期（履行期間）を入力してから締結してください。');
        c.fiscalYear = fiscalYearOf(c.contractDate)!;
        c.contractNumber = await this.nextNumber(m, c.fiscalYear);
        c.originalAmount = c.amount;
        c.originalPeriodTo = c.periodTo;
        await this.applyTax(c);
      }
      if (dto.to === 'completed') c.completedOn = date;
      if (dto.to === 'cancelled') {
        if (!dto.reason?.trim()) throw badRequest('reason', '契約解除の理由を入力してください。');
        c.cancelReason = dto.reason.trim();
        c.cancelledOn = date;
      }
      if (dto.to === 'paid') {
        const final = await m.findOne(ContractPayment, { where: { contractId: id, kind: 'final' } });
        if (!final?.paidDate) throw badRequest('to', '完成払の支払日を登録してから支払済にしてください。');
        c.paidOn = final.paidDate;
      }
      c.status = dto.to;
      await m.save(c);
      await this.audit.record(
        { action: 'transition', entity: 'Contract', entityId: id, summary: `${c.contractNumber ?? c.title} ${CONTRACT_STATUS_LABELS[from]} → ${CONTRACT_STATUS_LABELS[dto.to]}${dto.reason ? `（${dto.reason}）` : ''}` },
        m,
      );
    });
    return this.detail(id, user);
  }

  /** The audit trail of the contract and its changes, payments and inspections, oldest first. */
  async history(id: number, user: AuthUser) {
    await this.find(id, user);
    const m = this.dataSource.manager;
    const ids = async (entity: typeof ContractChange | typeof ContractPayment | typeof Inspection) =>
      (await m.find(entity, { where: { contractId: id }, select: { id: true } })).map((x) => String(x.id));
    const parts: Array<[string, string[]]> = [
      ['ContractChange', await ids(ContractChange)],
      ['ContractPayment', await ids(ContractPayment)],
      ['Inspection', await ids(Inspection)],
    ];
    const rows = await m
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where(
        new Brackets((w) => {
          w.where('(a.entity = :contract AND a.entityId = :id)', { contract: 'Contract', id: String(id) });
          parts.forEach(([entity, list], p) => {
            for (let i = 0; i < list.length; i += 900) w.orWhere(`(a.entity = :e${p} AND a.entityId IN (:...ids${p}_${i}))`, { [`e${p}`]: entity, [`ids${p}_${i}`]: list.slice(i, i + 900) });
          });
        }),
      )
      .orderBy('a.seq', 'ASC')
      .getMany();
    const changeIds = parts[0][1].map(Number);
    const inspectionIds = parts[2][1].map(Number);
    // 起案・決裁・差戻し are kept in their own table (with the comment): merge them in time order.
    const approvals = await this.approvalHistory(m, [
      ['contract', [id]],
      ['change', changeIds],
      ['inspection', inspectionIds],
    ]);
    const subjectEntity: Record<string, string> = { contract: 'Contract', change: 'ContractChange', inspection: 'Inspection' };
    const merged = [
      ...rows.map((a) => ({ at: a.occurredAt, loginId: a.loginId, action: a.action, entity: a.entity, summary: a.summary })),
      ...approvals.map((a) => ({ at: a.actedAt, loginId: a.loginId, action: `approval.${a.action}`, entity: subjectEntity[a.subject] ?? a.subject, summary: a.comment })),
    ];
    // A stable sort keeps the audit order for rows of the same instant.
    return merged.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  }

  /** The clerk's home: what falls due within `days`, in the user's department. */
  async deadlines(user: AuthUser, days = 14) {
    const today = todayInJapan();
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const m = this.dataSource.manager;
    const item = (c: Contract, date: string | null, kind?: string): DeadlineItem => ({ contractId: c.id, contractNumber: c.contractNumber, title: c.title, vendorName: c.vendor?.name ?? null, date, kind });

    const ending = this.baseQuery(m).where('c.status IN (:...st)', { st: ['concluded', 'inProgress'] }).andWhere('c.periodTo <= :until', { until });
    applyDepartmentScope(ending, 'c.departmentId', user);
    const endingSoon = (await ending.orderBy('c.periodTo', 'ASC').take(200).getMany()).map((c) => item(c, c.periodTo, c.periodTo! < today ? 'overdue' : undefined));

    const scoped = async <T extends { contractId: number }>(rows: T[]) => {
      const ids = [...new Set(rows.map((r) => r.contractId))];
      const contracts = new Map<number, Contract>();
      for (let i = 0; i < ids.length; i += 900) {
        const qb = this.baseQuery(m).where('c.id IN (:...ids)', { ids: ids.slice(i, i + 900) });
        applyDepartmentScope(qb, 'c.departmentId', user);
        for (const c of await qb.getMany()) contracts.set(c.id, c);
      }
      return { rows: rows.filter((r) => contracts.has(r.contractId)), contracts };
    };
    const dueInspections = await m
      .getRepository(Inspection)
      .createQueryBuilder('i')
      .where('i.inspectedDate IS NULL')
      .andWhere('i.scheduledDate <= :until', { until })
      .orderBy('i.scheduledDate', 'ASC')
      .take(500)
      .getMany();
    const ins = await scoped(dueInspections);
    const inspectionsDue = ins.rows.map((i) => item(ins.contracts.get(i.contractId)!, i.scheduledDate, i.kind));

    const duePayments = await m
      .getRepository(ContractPayment)
      .createQueryBuilder('p')
      .where('p.paidDate IS NULL')
      .andWhere('p.dueDate <= :until', { until })
      .orderBy('p.dueDate', 'ASC')
      .take(500)
      .getMany();
    const pay = await scoped(duePayments);
    const paymentsDue = pay.rows.map((p) => item(pay.contracts.get(p.contractId)!, p.dueDate, p.kind));

    return {
      today,
      until,
      endingSoon,
      inspectionsDue,
      paymentsDue,
      ratingsPending: await this.events.deadlineItems('ratingsPending', user, until),
      explanationRequestsDue: await this.events.deadlineItems('explanationRequestsDue', user, until),
    };
  }

  /** Users who may inspect (the inspector role) or supervise works (the supervisor role), active. */
  async staffCandidates(role: 'inspector' | 'supervisor') {
    const users = await this.dataSource.getRepository(User).find({ where: { active: true }, relations: { department: true }, order: { nameKana: 'ASC', id: 'ASC' } });
    return users.filter((u) => u.roles.includes(role)).map((u) => ({ id: u.id, name: u.name, departmentName: u.department?.name ?? null }));
  }

  /**
   * What the contracts of a fiscal year commit against each budget line code: the current amounts
   * of every contract not cancelled (the imports module owns the lines and compares).
   */
  async committedByBudgetLine(fiscalYear: number, codes?: string[]): Promise<Map<string, { committed: number; contracts: number }>> {
    const qb = this.dataSource.manager
      .getRepository(Contract)
      .createQueryBuilder('c')
      .select('c.budgetLineCode', 'code')
      .addSelect('SUM(c.amount)', 'committed')
      .addSelect('COUNT(c.id)', 'contracts')
      .where('c.fiscalYear = :fy', { fy: fiscalYear })
      .andWhere('c.budgetLineCode IS NOT NULL')
      .andWhere('c.status <> :cancelled', { cancelled: 'cancelled' })
      .groupBy('c.budgetLineCode');
    if (codes) {
      if (!codes.length) return new Map();
      qb.andWhere('c.budgetLineCode IN (:...codes)', { codes });
    }
    const rows: Array<Record<string, unknown>> = await qb.getRawMany();
    // Oracle returns upper-case aliases.
    const pick = (r: Record<string, unknown>, k: string) => r[k] ?? r[k.toUpperCase()];
    return new Map(rows.map((r) => [String(pick(r, 'code')), { committed: Number(pick(r, 'committed') ?? 0), contracts: Number(pick(r, 'contracts') ?? 0) }]));
  }
}
