import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import {
  allowedTransitions, awardRatePercent, consumptionTaxRate, CONSTRUCTION_TRADES, fiscalYearOf, formatTenderNumber, GOODS_KINDS, judgeOpening, OpeningResult,
  SURVEY_KINDS, TaxRate, TENDER_METHOD_LABELS, TENDER_STATUS_LABELS, TenderMethod, TenderStatus, todayInJapan, transitionProblem,
} from '@keiyaku/domain';
import { AuditLog, AuditService } from '@keiyaku/server/audit';
import { applyDepartmentScope, AuthUser, Department } from '@keiyaku/server/auth';
import { Contract } from '@keiyaku/server/contracts';
import { badRequest, describeList, ExportColumn, ListSpec, loadForUpdate, SettingsService, versionConflict } from '@keiyaku/server/core';
import { Vendor } from '@keiyaku/server/vendors';
import { CreateTenderDto, TenderFieldsDto, TenderListQueryDto, TransitionDto, UpdateTenderDto } from './dto/tender.dto';
import { Bid } from './entities/bid.entity';
import { TenderDesignation } from './entities/designation.entity';
import { PriceRuleSet } from './entities/price-rule-set.entity';
import { Tender } from './entities/tender.entity';
import { PriceRulesService, priceDateOf } from './price-rules.service';
import { assertTenderAccess, pricesHiddenFor, withPriceSecrecy } from './tender-visibility';

/** Japanese name of a trade (construction), survey kind or goods kind. */
export function tradeNameOf(category: string, code: string): string {
  if (category === 'construction') return CONSTRUCTION_TRADES.find((t) => t.code === code)?.name ?? code;
  return (category === 'survey' ? SURVEY_KINDS : GOODS_KINDS).find((k) => k.code === code)?.name ?? code;
}

const CATEGORY_NAMES: Record<string, string> = { construction: '建設工事', survey: '測量・建設コンサルタント等', goods: '物品・役務' };
export const categoryName = (c: string) => CATEGORY_NAMES[c] ?? c;

/** Statuses whose bids have been opened: prices are fixed, results are public. */
export const OPENED_STATUSES: TenderStatus[] = ['opened', 'awarded', 'unsuccessful'];

/** The inputs of the price: changing any of them recomputes it. */
const PRICE_INPUTS: Array<keyof TenderFieldsDto | 'category' | 'tradeCode'> = [
  'plannedPrice', 'priceComponents', 'buildingKind', 'priceControl', 'announcementDate', 'designationDate', 'overridePrice', 'overrideReason', 'category', 'tradeCode', 'designPrice',
];

const TENDER_LIST: ListSpec = {
  fields: {
    tenderNumber: { expr: 't.tenderNumber', type: 'text', label: '案件番号' },
    fiscalYear: { expr: 't.fiscalYear', type: 'number', label: '年度' },
    title: { expr: 't.title', type: 'text', label: '件名' },
    category: { expr: 't.category', type: 'text', label: '部門' },
    tradeCode: { expr: 't.tradeCode', type: 'text', label: '業種' },
    method: { expr: 't.method', type: 'text', label: '入札方法' },
    status: { expr: 't.status', type: 'text', label: '状態' },
    departmentName: { expr: 'd.name', type: 'text', label: '担当課' },
    plannedPrice: { expr: 't.plannedPrice', type: 'number', label: '予定価格' },
    minimumPrice: { expr: 't.minimumPrice', type: 'number', label: '最低制限価格' },
    openingDate: { expr: 't.openingDate', type: 'date', label: '開札日' },
    awardVendorName: { expr: 'av.name', type: 'text', label: '落札者' },
    awardAmount: { expr: 't.awardAmount', type: 'number', label: '落札金額' },
    updatedAt: { expr: 't.updatedAt', type: 'date', label: '更新日時' },
  },
  searchExpr: 't.searchText',
  searchPlain: ['t.tenderNumber'],
  defaultSort: 'tenderNumber:desc',
  tieBreaker: 't.id',
};

/** Without tenders.write the secret prices can be neither sorted nor filtered (that would reveal them). */
const TENDER_LIST_WITHOUT_PRICES: ListSpec = {
  ...TENDER_LIST,
  fields: Object.fromEntries(Object.entries(TENDER_LIST.fields).filter(([k]) => k !== 'plannedPrice' && k !== 'minimumPrice')),
};

export function tenderListRow(t: Tender, user: Pick<AuthUser, 'permissions'>) {
  return withPriceSecrecy(
    {
      id: t.id,
      tenderNumber: t.tenderNumber,
      fiscalYear: t.fiscalYear,
      title: t.title,
      location: t.location,
      category: t.category,
      tradeCode: t.tradeCode,
      tradeName: tradeNameOf(t.category, t.tradeCode),
      method: t.method,
      status: t.status,
      outcome: t.outcome,
      departmentId: t.departmentId,
      departmentName: t.department?.name ?? null,
      plannedPrice: t.plannedPrice,
      minimumPrice: t.minimumPrice,
      lowBidThreshold: t.lowBidThreshold,
      openingDate: t.openingDate,
      awardVendorId: t.awardVendorId,
      awardVendorName: t.awardVendor?.name ?? null,
      awardAmount: t.awardAmount,
      awardRate: t.awardAmount !== null && t.plannedPrice ? awardRatePercent(t.awardAmount, t.plannedPrice) : null,
      version: t.version,
      updatedAt: t.updatedAt,
    },
    t,
    user,
  );
}

export type TenderListRow = ReturnType<typeof tenderListRow>;

const TENDER_EXPORT_COLUMNS: ExportColumn<TenderListRow>[] = [
  { key: 'tenderNumber', header: '案件番号', width: 12, value: (r) => r.tenderNumber },
  { key: 'fiscalYear', header: '年度', type: 'number', width: 7, value: (r) => r.fiscalYear },
  { key: 'title', header: '件名', width: 40, value: (r) => r.title },
  { key: 'location', header: '場所', width: 24, value: (r) => r.location },
  { key: 'category', header: '部門', width: 12, value: (r) => categoryName(r.category) },
  { key: 'tradeName', header: '業種', width: 16, value: (r) => r.tradeName },
  { key: 'method', header: '入札方法', width: 12, value: (r) => TENDER_METHOD_LABELS[r.method] },
  { key: 'status', header: '状態', width: 10, value: (r) => TENDER_STATUS_LABELS[r.status] },
  { key: 'departmentName', header: '担当課', width: 14, value: (r) => r.departmentName },
  { key: 'plannedPrice', header: '予定価格（税抜）', type: 'yen', value: (r) => r.plannedPrice },
  { key: 'minimumPrice', header: '最低制限価格', type: 'yen', value: (r) => r.minimumPrice },
  { key: 'openingDate', header: '開札日', type: 'date', value: (r) => r.openingDate },
  { key: 'awardVendorName', header: '落札者', width: 28, value: (r) => r.awardVendorName },
  { key: 'awardAmount', header: '落札金額（税抜）', type: 'yen', value: (r) => r.awardAmount },
  { key: 'awardRate', header: '落札率（%）', type: 'number', value: (r) => r.awardRate },
  { key: 'updatedAt', header: '更新日時', type: 'datetime', value: (r) => r.updatedAt },
];

const OUTCOME_NAMES: Record<string, string> = { awarded: '落札', unsuccessful: '不調', opened: '開札済' };

type ResultRow = TenderListRow & { bidderCount: number };

const RESULT_EXPORT_COLUMNS: ExportColumn<ResultRow>[] = [
  { key: 'tenderNumber', header: '案件番号', width: 12, value: (r) => r.tenderNumber },
  { key: 'title', header: '件名', width: 40, value: (r) => r.title },
  { key: 'method', header: '入札方法', width: 12, value: (r) => TENDER_METHOD_LABELS[r.method] },
  { key: 'openingDate', header: '開札日', type: 'date', value: (r) => r.openingDate },
  { key: 'plannedPrice', header: '予定価格（税抜）', type: 'yen', value: (r) => r.plannedPrice },
  { key: 'minimumPrice', header: '最低制限価格', type: 'yen', value: (r) => r.minimumPrice },
  { key: 'awardVendorName', header: '落札者', width: 28, value: (r) => r.awardVendorName },
  { key: 'awardAmount', header: '落札金額（税抜）', type: 'yen', value: (r) => r.awardAmount },
  { key: 'awardRate', header: '落札率（%）', type: 'number', value: (r) => r.awardRate },
  { key: 'bidderCount', header: '入札者数', type: 'number', value: (r) => r.bidderCount },
  { key: 'outcome', header: '結果', width: 8, value: (r) => OUTCOME_NAMES[r.status] ?? r.status },
];

const KNOWN_TRADES: Record<string, string[]> = {
  construction: CONSTRUCTION_TRADES.map((t) => t.code),
  survey: SURVEY_KINDS.map((k) => k.code),
  goods: GOODS_KINDS.map((k) => k.code),
};

/** 入札案件: the register, its numbers, the price kept in step with its inputs, status changes, history. */
@Injectable()
export class TendersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly prices: PriceRulesService,
    private readonly audit: AuditService,
  ) {}

  private baseQuery(m: EntityManager = this.dataSource.manager) {
    return m
      .getRepository(Tender)
      .createQueryBuilder('t')
      .leftJoinAndMapOne('t.department', Department, 'd', 'd.id = t.departmentId')
      .leftJoinAndMapOne('t.awardVendor', Vendor, 'av', 'av.id = t.awardVendorId');
  }

  private filtered(query: TenderListQueryDto, user: AuthUser) {
    const qb = this.baseQuery();
    applyDepartmentScope(qb, 't.departmentId', user);
    if (query.fiscalYear) qb.andWhere('t.fiscalYear = :fy', { fy: query.fiscalYear });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.method) qb.andWhere('t.method = :method', { method: query.method });
    if (query.category) qb.andWhere('t.category = :category', { category: query.category });
    const conditions = [
      query.fiscalYear ? `年度: ${query.fiscalYear}` : '',
      query.status ? `状態: ${TENDER_STATUS_LABELS[query.status as TenderStatus] ?? query.status}` : '',
      query.method ? `入札方法: ${TENDER_METHOD_LABELS[query.method as TenderMethod] ?? query.method}` : '',
      query.category ? `部門: ${categoryName(query.category)}` : '',
    ].filter(Boolean);
    return { qb, conditions };
  }

  list(query: TenderListQueryDto, user: AuthUser) {
    const { qb, conditions } = this.filtered(query, user);
    const spec = user.permissions.includes('tenders.write') ? TENDER_LIST : TENDER_LIST_WITHOUT_PRICES;
    return describeList({ name: 'tenders', title: '入札案件一覧', qb, query, spec, map: (t: Tender) => tenderListRow(t, user), columns: TENDER_EXPORT_COLUMNS, conditions });
  }

  /** 入札結果の公表: opened tenders only, so every price in it is already public. */
  async results(query: TenderListQueryDto, user: AuthUser) {
    const { qb, conditions } = this.filtered(query, user);
    qb.andWhere('t.status IN (:...opened)', { opened: OPENED_STATUSES });
    const counts = await this.bidderCounts(query.fiscalYear ?? null);
    const map = (t: Tender): ResultRow => ({ ...tenderListRow(t, user), bidderCount: counts.get(t.id) ?? 0 });
    return describeList({ name: 'tender-results', title: '入札結果一覧', qb, query, spec: TENDER_LIST, map, columns: RESULT_EXPORT_COLUMNS, conditions });
  }

  /** Bidders (not declined) of each opened tender's last round. */
  private async bidderCounts(fiscalYear: number | null): Promise<Map<number, number>> {
    const qb = this.dataSource
      .getRepository(Bid)
      .createQueryBuilder('b')
      .innerJoin(Tender, 't', 't.id = b.tenderId AND t.currentRound = b.round')
      .select('b.tenderId', 'tenderId')
      .addSelect('COUNT(*)', 'n')
      .where('b.declined = :no', { no: false })
      .andWhere('t.status IN (:...opened)', { opened: OPENED_STATUSES })
      .groupBy('b.tenderId');
    if (fiscalYear) qb.andWhere('t.fiscalYear = :fy', { fy: fiscalYear });
    const rows = await qb.getRawMany();
    return new Map(rows.map((r) => [Number(r.tenderId ?? r.TENDERID), Number(r.n ?? r.N)]));
  }

  /** The tender for a read, 404 when the user's department may not see it. */
  async find(id: number, user: AuthUser, m: EntityManager = this.dataSource.manager): Promise<Tender> {
    const t = await this.baseQuery(m).where('t.id = :id', { id }).getOne();
    assertTenderAccess(t, user);
    return t!;
  }

  /** Locks the tender for a write after checking the version and the department. */
  async loadForWrite(m: EntityManager, id: number, version: number, user: AuthUser): Promise<Tender> {
    const t = await loadForUpdate(m, Tender, id, undefined, '入札案件');
    assertTenderAccess(t, user);
    if (t.version !== version) throw versionConflict('入札案件');
    return t;
  }

  async detail(id: number, user: AuthUser, m: EntityManager = this.dataSource.manager) {
    const t = await this.find(id, user, m);
    const [designations, bids, rule, contract, rates] = await Promise.all([
      m.find(TenderDesignation, { where: { tenderId: id }, order: { selected: 'DESC', id: 'ASC' } }),
      m.find(Bid, { where: { tenderId: id }, order: { round: 'ASC', id: 'ASC' } }),
      t.priceRuleSetId ? m.findOneBy(PriceRuleSet, { id: t.priceRuleSetId }) : Promise.resolve(null),
      t.contractId ? m.findOneBy(Contract, { id: t.contractId }) : Promise.resolve(null),
      this.settings.get<TaxRate[]>('tax.consumptionRates'),
    ]);
    const vendorIds = [...new Set([...designations.map((d) => d.vendorId), ...bids.map((b) => b.vendorId)])];
    const vendors = new Map<number, Vendor>();
    for (let i = 0; i < vendorIds.length; i += 900) {
      for (const v of await m.findBy(Vendor, { id: In(vendorIds.slice(i, i + 900)) })) vendors.set(v.id, v);
    }
    const hidden = pricesHiddenFor(t, user);
    const taxRate = consumptionTaxRate(t.openingDate ?? priceDateOf(t), rates);
    const { searchText: _s, department: _d, awardVendor: _a, randomCoeff, ...fields } = t;
    const opened = OPENED_STATUSES.includes(t.status) || (t.status === 'cancelled' && !!t.outcome);
    const judged = opened && t.plannedPrice ? this.judge(t, bids.filter((b) => b.round === t.currentRound), new Set(), await this.settings.get<number>('tenders.maxRounds')) : null;
    const base = {
      ...fields,
      randomCoefficient: randomCoeff === null ? null : Number(randomCoeff),
      departmentName: t.department?.name ?? null,
      tradeName: tradeNameOf(t.category, t.tradeCode),
      ruleVersion: rule ? { id: rule.id, code: rule.code, name: rule.name, effectiveFrom: rule.effectiveFrom } : null,
      plannedPriceTaxIncluded: t.plannedPrice === null ? null : t.plannedPrice + Math.floor((t.plannedPrice * taxRate) / 100),
      taxRate,
      awardVendorName: t.awardVendor?.name ?? null,
      awardRate: t.awardAmount !== null && t.plannedPrice ? awardRatePercent(t.awardAmount, t.plannedPrice) : null,
      allowedTransitions: allowedTransitions(t.status, t.method),
      openingMessage: judged?.message ?? null,
      tiedVendorIds: judged?.tiedVendorIds ?? [],
      pendingInvestigation: judged?.pendingInvestigation ?? [],
      designations: designations.map((d) => ({
        id: d.id,
        vendorId: d.vendorId,
        vendorCode: vendors.get(d.vendorId)?.vendorCode ?? null,
        vendorName: vendors.get(d.vendorId)?.name ?? null,
        selected: d.selected,
        reason: d.reason,
        rank: d.rank,
        locality: d.locality,
        stats: d.stats,
        notifiedAt: d.notifiedAt,
      })),
      // Bids before opening are as secret as the prices: only the staff who enter them see them.
      bids: (hidden ? [] : bids).map((b) => ({
        id: b.id,
        round: b.round,
        vendorId: b.vendorId,
        vendorCode: vendors.get(b.vendorId)?.vendorCode ?? null,
        vendorName: vendors.get(b.vendorId)?.name ?? null,
        amount: b.amount,
        declined: b.declined,
        invalidReason: b.invalidReason,
        lotNumber: b.lotNumber,
        verdict: b.verdict,
        verdictReason: b.verdictReason,
        investigation: b.investigation,
        investigationNote: b.investigationNote,
      })),
      contract: contract ? { id: contract.id, status: contract.status, contractNumber: contract.contractNumber, amount: contract.amount } : null,
    };
    const shown = withPriceSecrecy(base, t, user);
    if (shown.pricesHidden) Object.assign(shown, { plannedPriceTaxIncluded: null, ruleVersion: null });
    return shown;
  }

  /** The opening rules on stored bids (pure; the caller stores the verdicts). */
  judge(t: Tender, bids: Bid[], suspended: Set<number>, maxRounds: number): OpeningResult {
    return judgeOpening({
      plannedPrice: t.plannedPrice!,
      minimumPrice: t.minimumPrice,
      lowBidThreshold: t.lowBidThreshold,
      disqualificationPrice: t.disqualificationPrice,
      round: t.currentRound,
      maxRounds,
      lotWinnerVendorId: t.lotRecord?.round === t.currentRound ? t.lotRecord.winnerVendorId : null,
      bids: bids.map((b) => ({
        vendorId: b.vendorId,
        amount: b.amount,
        declined: b.declined,
        invalidReason: b.invalidReason,
        investigation: b.investigation,
        suspended: suspended.has(b.vendorId) || b.verdict === 'suspended',
      })),
    });
  }

  private checkFields(next: Tender, user: AuthUser) {
    if (!KNOWN_TRADES[next.category]?.includes(next.tradeCode)) {
      throw badRequest('tradeCode', `業種「${next.tradeCode}」は部門「${categoryName(next.category)}」の業種ではありません。`);
    }
    if (next.method === 'negotiated' && !next.negotiatedReason?.trim()) {
      throw badRequest('negotiatedReason', '随意契約の理由を入力してください（随意契約の場合は必須です）。');
    }
    if (!user.permissions.includes('data.allDepartments') && next.departmentId !== user.departmentId) {
      throw badRequest('departmentId', '他の課の案件は登録できません。担当課には自分の課を選んでください。');
    }
    if (next.category === 'goods' && next.priceControl !== 'none') {
      throw badRequest('priceControl', '物品・役務には最低制限価格等を設けられません。「設定なし」を選んでください。');
    }
    if (next.designPrice !== null && next.plannedPrice !== null && next.plannedPrice > next.designPrice) {
      throw badRequest('plannedPrice', `予定価格（${next.plannedPrice.toLocaleString('ja-JP')}円）が設計金額（${next.designPrice.toLocaleString('ja-JP')}円）を超えています。`);
    }
    if ((next.overridePrice === null) !== !next.overrideReason?.trim() && next.overridePrice !== null) {
      throw badRequest('overrideReason', '最低制限価格等を手動で設定する理由を入力してください。');
    }
    const dates: Array<[keyof Tender, string]> = [
      ['announcementDate', '公告日'], ['designationDate', '指名通知日'], ['questionDeadline', '質問期限'], ['bidDeadline', '入札締切日'], ['openingDate', '開札日'],
    ];
    const start = next.announcementDate ?? next.designationDate;
    for (const [key, label] of dates.slice(2)) {
      const v = next[key] as string | null;
      if (v && start && v < start) throw badRequest(key, `${label}（${v}）が${next.announcementDate ? '公告日' : '指名通知日'}（${start}）より前です。`);
    }
    if (next.bidDeadline && next.openingDate && next.openingDate < next.bidDeadline) {
      throw badRequest('openingDate', `開札日（${next.openingDate}）が入札締切日（${next.bidDeadline}）より前です。`);
    }
  }

  private async nextNumber(m: EntityManager, fiscalYear: number): Promise<string> {
    const format = await this.settings.get<string>('tenders.numberFormat');
    let seq = (await m.count(Tender, { where: { fiscalYear } })) + 1;
    for (;;) {
      const number = formatTenderNumber(format, fiscalYear, seq);
      if (!(await m.exists(Tender, { where: { tenderNumber: number } }))) return number;
      seq++;
    }
  }

  async create(dto: CreateTenderDto, user: AuthUser) {
    const id = await this.dataSource.transaction(async (m) => {
      const priceControl = dto.priceControl ?? (dto.method === 'negotiated' || dto.method === 'quotation' || dto.category === 'goods' ? 'none' : 'minimum');
      const t = m.create(Tender, {
        title: dto.title,
        category: dto.category,
        tradeCode: dto.tradeCode,
        method: dto.method,
        departmentId: dto.departmentId === undefined ? user.departmentId : dto.departmentId,
        location: dto.location ?? null,
        comprehensiveEval: dto.comprehensiveEval ?? false,
        negotiatedReason: dto.negotiatedReason ?? null,
        budgetLineCode: dto.budgetLineCode ?? null,
        designPrice: dto.designPrice ?? null,
        plannedPrice: dto.plannedPrice ?? null,
        priceComponents: dto.priceComponents ?? null,
        buildingKind: dto.buildingKind ?? 'none',
        priceControl,
        pricePublication: dto.pricePublication ?? 'after',
        announcementDate: dto.announcementDate ?? null,
        designationDate: dto.designationDate ?? null,
        questionDeadline: dto.questionDeadline ?? null,
        bidDeadline: dto.bidDeadline ?? null,
        openingDate: dto.openingDate ?? null,
        notes: dto.notes ?? null,
        overridePrice: dto.overridePrice ?? null,
        overrideReason: dto.overrideReason ?? null,
        status: 'draft',
        currentRound: 1,
        outcome: null,
        awardVendorId: null,
        awardAmount: null,
        lotRecord: null,
        contractId: null,
        cancelReason: null,
        randomCoeff: null,
      });
      this.checkFields(t, user);
      t.fiscalYear = fiscalYearOf(priceDateOf(t))!;
      t.tenderNumber = await this.nextNumber(m, t.fiscalYear);
      this.prices.applyPrice(t, await this.prices.priceFor(m, t));
      return (await m.save(t)).id;
    });
    return this.detail(id, user);
  }

  async update(id: number, dto: UpdateTenderDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.loadForWrite(m, id, dto.version, user);
      if (['awarded', 'unsuccessful', 'cancelled'].includes(t.status)) {
        throw badRequest('status', `「${TENDER_STATUS_LABELS[t.status]}」の案件は変更できません。`);
      }
      const { version: _v, ...changes } = dto;
      const keys = Object.keys(changes) as Array<keyof typeof changes>;
      const opened = OPENED_STATUSES.includes(t.status);
      const frozen = keys.find((k) => (PRICE_INPUTS as string[]).includes(k) && opened && (changes as Record<string, unknown>)[k] !== (t as unknown as Record<string, unknown>)[k]);
      if (frozen) throw badRequest(frozen, '開札後は価格とその算定に関わる項目を変更できません。');
      if (t.status !== 'draft') {
        for (const k of ['method', 'category'] as const) {
          if (changes[k] !== undefined && changes[k] !== t[k]) throw badRequest(k, '下書き以外の案件の入札方法・部門は変更できません。');
        }
      }
      const priceChanged = keys.some((k) => (PRICE_INPUTS as string[]).includes(k));
      Object.assign(t, changes);
      for (const k of keys) if ((t as unknown as Record<string, unknown>)[k] === undefined) (t as unknown as Record<string, unknown>)[k] = null;
      this.checkFields(t, user);
      if (priceChanged && !opened) this.prices.applyPrice(t, await this.prices.priceFor(m, t));
      await m.save(t);
    });
    return this.detail(id, user);
  }

  async transition(id: number, dto: TransitionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.loadForWrite(m, id, dto.version, user);
      const problem = transitionProblem(t.status, dto.to, t.method);
      if (problem) throw badRequest('to', problem);
      const from = t.status;
      if (dto.to === 'opened') throw badRequest('to', '開札は「開札」の操作で行ってください（入札の判定を記録します）。');
      if (dto.to === 'awarded') throw badRequest('to', '落札決定は「落札決定」の操作で行ってください（契約の下書きを作成します）。');
      if (dto.to === 'bidding' && from === 'opened') throw badRequest('to', '再度入札は「再度入札」の操作で行ってください。');
      if (dto.to === 'cancelled') {
        if (!dto.reason?.trim()) throw badRequest('reason', '中止の理由を入力してください。');
        t.cancelReason = dto.reason.trim();
      }
      if (dto.to === 'unsuccessful' && t.outcome === 'awarded') {
        throw badRequest('to', '落札者が決まっている案件は不調にできません。中止する場合は理由を入力して中止してください。');
      }
      if (dto.to === 'announced' || dto.to === 'designated') {
        if (t.plannedPrice === null && t.method !== 'negotiated' && t.method !== 'quotation') throw badRequest('plannedPrice', '予定価格を入力してから公告・指名してください。');
        if (dto.to === 'announced') t.announcementDate ??= todayInJapan();
        if (dto.to === 'designated') {
          const selected = await m.count(TenderDesignation, { where: { tenderId: id, selected: true } });
          if (!selected) throw badRequest('designations', '指名業者を選んでから指名済にしてください。');
          t.designationDate ??= todayInJapan();
          await m.update(TenderDesignation, { tenderId: id, selected: true }, { notifiedAt: new Date() });
        }
      }
      if (dto.to === 'bidding' && t.plannedPrice === null) throw badRequest('plannedPrice', '予定価格を入力してから入札を始めてください。');
      t.status = dto.to;
      await m.save(t);
      await this.audit.record(
        { action: 'transition', entity: 'Tender', entityId: id, summary: `${t.tenderNumber} ${TENDER_STATUS_LABELS[from]} → ${TENDER_STATUS_LABELS[dto.to]}${dto.reason ? `（${dto.reason}）` : ''}` },
        m,
      );
    });
    return this.detail(id, user);
  }

  /** The audit trail of the tender, its designations and its bids, oldest first. */
  async history(id: number, user: AuthUser) {
    const t = await this.find(id, user);
    const m = this.dataSource.manager;
    const [designationIds, bidIds] = await Promise.all([
      m.find(TenderDesignation, { where: { tenderId: id }, select: { id: true } }).then((r) => r.map((x) => String(x.id))),
      m.find(Bid, { where: { tenderId: id }, select: { id: true } }).then((r) => r.map((x) => String(x.id))),
    ]);
    const qb = m.getRepository(AuditLog).createQueryBuilder('a').where(
      new Brackets((w) => {
        w.where('(a.entity = :tender AND a.entityId = :id)', { tender: 'Tender', id: String(id) });
        const parts: Array<[string, string[]]> = [['TenderDesignation', designationIds], ['Bid', bidIds]];
        parts.forEach(([entity, ids], p) => {
          for (let i = 0; i < ids.length; i += 900) {
            w.orWhere(`(a.entity = :e${p} AND a.entityId IN (:...ids${p}_${i}))`, { [`e${p}`]: entity, [`ids${p}_${i}`]: ids.slice(i, i + 900) });
          }
        });
        if (t.contractId) w.orWhere('(a.entity = :contract AND a.entityId = :cid)', { contract: 'Contract', cid: String(t.contractId) });
      }),
    );
    const rows = await qb.orderBy('a.seq', 'ASC').getMany();
    return rows.map((a) => ({ at: a.occurredAt, loginId: a.loginId, action: a.action, entity: a.entity, summary: a.summary }));
  }
}
