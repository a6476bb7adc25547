import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { drawRandomCoefficient, OPENING_OUTCOME_LABELS, todayInJapan, usesDesignation } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { AuthUser } from '@keiyaku/server/auth';
import { ContractsService } from '@keiyaku/server/contracts';
import { badRequest, SettingsService } from '@keiyaku/server/core';
import { EligibilityService, EligibleVendor, RankingRuleRecord, Vendor, VendorMeasure } from '@keiyaku/server/vendors';
import { InvestigationDto, LotDto, SaveBidsDto, SaveDesignationsDto } from './dto/bidding.dto';
import { Bid } from './entities/bid.entity';
import { DesignationStats, TenderDesignation } from './entities/designation.entity';
import { Tender } from './entities/tender.entity';
import { PriceRulesService } from './price-rules.service';
import { TendersService } from './tenders.service';

export interface DesignationCandidate extends EligibleVendor {
  designationsThisYear: number;
  awardsThisYear: number;
  contractsInProgress: number;
  lastDesignatedOn: string | null;
  selected: boolean;
  reason: string | null;
}

const yen = (v: number) => `${v.toLocaleString('ja-JP')}円`;
const num = (r: Record<string, unknown>, key: string) => Number(r[key] ?? r[key.toUpperCase()] ?? 0);

/** 指名, 入札, 開札, 落札決定: the steps between a priced tender and its contract draft. */
@Injectable()
export class BiddingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenders: TendersService,
    private readonly prices: PriceRulesService,
    private readonly eligibility: EligibilityService,
    private readonly contracts: ContractsService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  /** The rank whose 発注標準金額 band holds the planned price, with its band (construction only). */
  private async band(m: EntityManager, t: Tender, date: string) {
    if (t.category !== 'construction' || t.plannedPrice === null) return null;
    const rules = await m.find(RankingRuleRecord, { where: { category: 'construction', tradeCode: t.tradeCode, effectiveFrom: LessThanOrEqual(date) }, order: { effectiveFrom: 'DESC' }, take: 1 });
    const bands = [...(rules[0]?.priceBands ?? [])].sort((a, b) => b.minPrice - a.minPrice);
    const i = bands.findIndex((b) => t.plannedPrice! >= b.minPrice);
    if (i < 0) return null;
    return { rank: bands[i].rank, minPrice: bands[i].minPrice, maxPrice: i > 0 ? bands[i - 1].minPrice - 1 : null };
  }

  private designationDate = (t: Tender) => t.designationDate ?? t.announcementDate ?? todayInJapan();

  /** Eligible vendors (and the ineligible of the right rank, with why), with the figures a clerk weighs. */
  async candidates(id: number, user: AuthUser, m: EntityManager = this.dataSource.manager) {
    const t = await this.tenders.find(id, user, m);
    if (!usesDesignation(t.method)) throw badRequest('method', '一般競争入札の案件には指名がありません。');
    const date = this.designationDate(t);
    const band = await this.band(m, t, date);
    const evaluated = await this.eligibility.evaluate({ category: t.category, tradeCode: t.tradeCode, date, rank: band?.rank ?? null });
    const stored = new Map((await m.find(TenderDesignation, { where: { tenderId: id } })).map((d) => [d.vendorId, d]));
    const shown = evaluated.filter((v) => v.eligible || stored.has(v.vendorId) || (band && v.rank === band.rank));
    const stats = await this.stats(m, t, shown.map((v) => v.vendorId));
    const rows: DesignationCandidate[] = shown.map((v) => ({
      ...v,
      ...stats.get(v.vendorId)!,
      selected: stored.get(v.vendorId)?.selected ?? false,
      reason: stored.get(v.vendorId)?.reason ?? null,
    }));
    rows.sort((a, b) => Number(b.eligible) - Number(a.eligible) || (b.totalScore ?? 0) - (a.totalScore ?? 0) || a.nameKana.localeCompare(b.nameKana, 'ja'));
    return { rows, rank: band?.rank ?? null, band, date };
  }

  /** This fiscal year's designations and awards, contracts in progress and the last designation, per vendor. */
  private async stats(m: EntityManager, t: Tender, vendorIds: number[]): Promise<Map<number, Omit<DesignationStats, 'totalScore' | 'reasons'>>> {
    const out = new Map(vendorIds.map((v) => [v, { designationsThisYear: 0, awardsThisYear: 0, contractsInProgress: 0, lastDesignatedOn: null as string | null }]));
    if (!vendorIds.length) return out;
    const fy = t.fiscalYear;
    for (let i = 0; i < vendorIds.length; i += 900) {
      const ids = vendorIds.slice(i, i + 900);
      const designated = await m
        .getRepository(TenderDesignation)
        .createQueryBuilder('g')
        .innerJoin(Tender, 't', 't.id = g.tenderId')
        .select('g.vendorId', 'vendorId')
        .addSelect('SUM(CASE WHEN t.fiscalYear = :fy THEN 1 ELSE 0 END)', 'n')
        .addSelect('MAX(t.designationDate)', 'last')
        .where('g.vendorId IN (:...ids)', { ids })
        .andWhere('g.selected = :yes', { yes: true })
        .andWhere('g.tenderId <> :self', { self: t.id })
        .andWhere("t.status <> 'draft'")
        .setParameter('fy', fy)
        .groupBy('g.vendorId')
        .getRawMany();
      for (const r of designated) {
        const s = out.get(num(r, 'vendorId'))!;
        s.designationsThisYear = num(r, 'n');
        const last = r.last ?? r.LAST;
        s.lastDesignatedOn = last ? (last instanceof Date ? last.toISOString().slice(0, 10) : String(last).slice(0, 10)) : null;
      }
      const awards = await m
        .getRepository(Tender)
        .createQueryBuilder('t')
        .select('t.awardVendorId', 'vendorId')
        .addSelect('COUNT(*)', 'n')
        .where('t.awardVendorId IN (:...ids)', { ids })
        .andWhere('t.fiscalYear = :fy', { fy })
        .andWhere("t.status = 'awarded'")
        .groupBy('t.awardVendorId')
        .getRawMany();
      for (const r of awards) out.get(num(r, 'vendorId'))!.awardsThisYear = num(r, 'n');
    }
    for (const [vendorId, n] of await this.contracts.inProgressCounts(vendorIds)) out.get(vendorId)!.contractsInProgress = n;
    return out;
  }

  async saveDesignations(id: number, dto: SaveDesignationsDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.tenders.loadForWrite(m, id, dto.version, user);
      if (!usesDesignation(t.method)) throw badRequest('method', '一般競争入札の案件には指名がありません。');
      if (t.status !== 'draft' && t.status !== 'designated') throw badRequest('status', '指名は下書き又は指名済の案件でのみ変更できます。');
      const seen = new Set<number>();
      dto.vendors.forEach((v, i) => {
        if (seen.has(v.vendorId)) throw badRequest(`vendors.${i}.vendorId`, `${i + 1}行目: 同じ業者が2回指定されています。`);
        seen.add(v.vendorId);
      });
      const { rows } = await this.candidates(id, user, m);
      const byVendor = new Map(rows.map((r) => [r.vendorId, r]));
      dto.vendors.forEach((v, i) => {
        const c = byVendor.get(v.vendorId);
        if (v.selected && !c?.eligible) {
          const why = c ? c.reasons.join('、') : 'この案件の部門・業種・等級の入札参加資格がない';
          throw badRequest(`vendors.${i}.vendorId`, `${i + 1}行目: ${c?.name ?? `業者ID ${v.vendorId}`} は指名できません（${why}）。`);
        }
      });
      if (t.status === 'designated' && !dto.vendors.some((v) => v.selected)) throw badRequest('vendors', '指名済の案件では少なくとも1者を指名してください。');
      const existing = new Map((await m.find(TenderDesignation, { where: { tenderId: id } })).map((d) => [d.vendorId, d]));
      const wanted = new Map(dto.vendors.map((v) => [v.vendorId, v]));
      // Every eligible candidate is kept, chosen or not, with the figures the clerk saw.
      for (const c of rows.filter((r) => r.eligible || wanted.has(r.vendorId))) {
        const entry = wanted.get(c.vendorId);
        const row = existing.get(c.vendorId) ?? m.create(TenderDesignation, { tenderId: id, vendorId: c.vendorId, notifiedAt: null });
        existing.delete(c.vendorId);
        const next = {
          selected: entry?.selected ?? false,
          reason: entry ? (entry.reason?.trim() || null) : row.reason ?? null,
          rank: c.rank,
          locality: c.locality,
          stats: { designationsThisYear: c.designationsThisYear, awardsThisYear: c.awardsThisYear, contractsInProgress: c.contractsInProgress, lastDesignatedOn: c.lastDesignatedOn, totalScore: c.totalScore, reasons: c.reasons },
        };
        if (row.id && row.selected === next.selected && row.reason === next.reason) continue;
        Object.assign(row, next);
        if (t.status === 'designated' && next.selected && !row.notifiedAt) row.notifiedAt = new Date();
        await m.save(row);
      }
      // Vendors no longer candidates (e.g. the planned price moved to another rank) and not chosen.
      for (const stale of existing.values()) await m.remove(stale);
      t.updatedAt = new Date();
      await m.save(t);
    });
    return this.tenders.detail(id, user);
  }

  async saveBids(id: number, dto: SaveBidsDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.tenders.loadForWrite(m, id, dto.version, user);
      if (t.status !== 'bidding') throw badRequest('status', '入札は「入札中」の案件にのみ入力できます。');
      if (dto.round !== t.currentRound) throw badRequest('round', `入札回が違います（現在は第${t.currentRound}回です）。`);
      const designated = usesDesignation(t.method) ? new Set((await m.find(TenderDesignation, { where: { tenderId: id, selected: true } })).map((d) => d.vendorId)) : null;
      const vendors = new Map<number, Vendor>();
      const ids = dto.bids.map((b) => b.vendorId);
      for (let i = 0; i < ids.length; i += 900) for (const v of await m.findBy(Vendor, { id: In(ids.slice(i, i + 900)) })) vendors.set(v.id, v);
      const seen = new Set<number>();
      dto.bids.forEach((b, i) => {
        const row = `${i + 1}行目`;
        if (seen.has(b.vendorId)) throw badRequest(`bids.${i}.vendorId`, `${row}: 同じ業者の入札が2件あります。`);
        seen.add(b.vendorId);
        if (!vendors.has(b.vendorId)) throw badRequest(`bids.${i}.vendorId`, `${row}: 業者ID ${b.vendorId} は登録されていません。`);
        if (designated && !designated.has(b.vendorId)) throw badRequest(`bids.${i}.vendorId`, `${row}: ${vendors.get(b.vendorId)!.name} はこの案件に指名されていません。`);
        if (!b.declined && !b.invalidReason && (b.amount === null || b.amount === undefined)) {
          throw badRequest(`bids.${i}.amount`, `${row}: 入札金額を入力するか、辞退・無効を選んでください。`);
        }
        if (b.declined && b.amount) throw badRequest(`bids.${i}.amount`, `${row}: 辞退した入札には金額を入力できません。`);
      });
      const existing = new Map((await m.find(Bid, { where: { tenderId: id, round: t.currentRound } })).map((b) => [b.vendorId, b]));
      for (const b of dto.bids) {
        const row = existing.get(b.vendorId) ?? m.create(Bid, { tenderId: id, round: t.currentRound, vendorId: b.vendorId });
        existing.delete(b.vendorId);
        Object.assign(row, {
          amount: b.declined ? null : (b.amount ?? null),
          declined: b.declined ?? false,
          invalidReason: b.invalidReason?.trim() || null,
          lotNumber: b.lotNumber?.trim() || null,
          verdict: null,
          verdictReason: null,
          investigation: null,
          investigationNote: null,
        });
        await m.save(row);
      }
      for (const gone of existing.values()) await m.remove(gone);
      t.updatedAt = new Date();
      await m.save(t);
    });
    return this.tenders.detail(id, user);
  }

  /** Vendors under 指名停止 on the date. */
  private async suspendedOn(m: EntityManager, vendorIds: number[], date: string): Promise<Set<number>> {
    const out = new Set<number>();
    for (let i = 0; i < vendorIds.length; i += 900) {
      const rows = await m.find(VendorMeasure, { where: { vendorId: In(vendorIds.slice(i, i + 900)), kind: 'suspension', startDate: LessThanOrEqual(date) } });
      for (const r of rows) if (!r.endDate || r.endDate >= date) out.add(r.vendorId);
    }
    return out;
  }

  /** Runs the opening rules on the current round and stores every verdict and the outcome. */
  private async judgeAndStore(m: EntityManager, t: Tender, suspended: Set<number>) {
    const bids = await m.find(Bid, { where: { tenderId: t.id, round: t.currentRound }, order: { id: 'ASC' } });
    const result = this.tenders.judge(t, bids, suspended, await this.settings.get<number>('tenders.maxRounds'));
    const byVendor = new Map(result.judgements.map((j) => [j.vendorId, j]));
    for (const b of bids) {
      const j = byVendor.get(b.vendorId)!;
      if (b.verdict === j.verdict && b.verdictReason === j.reason) continue;
      b.verdict = j.verdict;
      b.verdictReason = j.reason;
      await m.save(b);
    }
    t.outcome = result.outcome;
    t.awardVendorId = result.winnerVendorId;
    t.awardAmount = result.winningAmount;
    t.updatedAt = new Date();
    await m.save(t);
    return result;
  }

  async open(id: number, version: number, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.tenders.loadForWrite(m, id, version, user);
      if (t.status !== 'bidding') throw badRequest('status', '開札は「入札中」の案件でのみ行えます。');
      if (t.plannedPrice === null) throw badRequest('plannedPrice', '予定価格が入力されていないため開札できません。');
      const bids = await m.find(Bid, { where: { tenderId: id, round: t.currentRound } });
      if (!bids.length) throw badRequest('bids', `第${t.currentRound}回の入札が入力されていません。`);
      t.openingDate ??= todayInJapan();
      const rule = await this.prices.ruleFor(m, t);
      // The coefficient is drawn once, at the first opening, and kept for every later round.
      if (rule?.definition.randomCoefficient && t.randomCoeff === null && t.priceControl !== 'none') {
        const drawn = drawRandomCoefficient(rule.definition.randomCoefficient);
        t.randomCoeff = drawn.toFixed(4);
        await this.audit.record({ action: 'randomCoefficient', entity: 'Tender', entityId: id, summary: `${t.tenderNumber} ランダム係数 ${t.randomCoeff}（${rule.code}）` }, m);
      }
      this.prices.applyPrice(t, await this.prices.priceFor(m, t, { rule: rule ?? undefined }));
      t.status = 'opened';
      const suspended = await this.suspendedOn(m, bids.map((b) => b.vendorId), t.openingDate);
      const result = await this.judgeAndStore(m, t, suspended);
      await this.audit.record(
        { action: 'transition', entity: 'Tender', entityId: id, summary: `${t.tenderNumber} 開札（第${t.currentRound}回）: ${OPENING_OUTCOME_LABELS[result.outcome]}` },
        m,
      );
    });
    return this.tenders.detail(id, user);
  }

  private async openedForDecision(m: EntityManager, id: number, version: number, user: AuthUser) {
    const t = await this.tenders.loadForWrite(m, id, version, user);
    if (t.status !== 'opened') throw badRequest('status', 'この操作は「開札済」の案件でのみ行えます。');
    return t;
  }

  async investigation(id: number, dto: InvestigationDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.openedForDecision(m, id, dto.version, user);
      const bid = await m.findOneBy(Bid, { tenderId: id, round: t.currentRound, vendorId: dto.vendorId });
      if (!bid || (bid.verdict !== 'underInvestigation' && bid.investigation === null)) {
        throw badRequest('vendorId', '低入札価格調査の対象となっている入札ではありません。');
      }
      bid.investigation = dto.result;
      bid.investigationNote = dto.note?.trim() || null;
      await m.save(bid);
      await this.judgeAndStore(m, t, new Set());
    });
    return this.tenders.detail(id, user);
  }

  async lot(id: number, dto: LotDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.openedForDecision(m, id, dto.version, user);
      if (t.outcome !== 'lot') throw badRequest('winnerVendorId', 'くじ引きが必要な状態ではありません。');
      const bids = await m.find(Bid, { where: { tenderId: id, round: t.currentRound } });
      const tied = bids.filter((b) => b.verdict === 'lotPending').map((b) => b.vendorId);
      if (!tied.includes(dto.winnerVendorId)) throw badRequest('winnerVendorId', 'くじの落札者は同額の最低価格の入札者から選んでください。');
      t.lotRecord = {
        round: t.currentRound,
        winnerVendorId: dto.winnerVendorId,
        tiedVendorIds: tied,
        drawnBy: dto.drawnBy.trim(),
        note: dto.note?.trim() || null,
        recordedAt: new Date().toISOString(),
        recordedBy: user.loginId,
      };
      const winner = await m.findOneBy(Vendor, { id: dto.winnerVendorId });
      await this.audit.record({ action: 'lot', entity: 'Tender', entityId: id, summary: `${t.tenderNumber} くじ: ${winner?.name ?? dto.winnerVendorId}（${t.lotRecord.drawnBy}）` }, m);
      await this.judgeAndStore(m, t, new Set());
    });
    return this.tenders.detail(id, user);
  }

  async nextRound(id: number, version: number, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.openedForDecision(m, id, version, user);
      if (t.outcome !== 'nextRound') throw badRequest('status', '再度入札は、すべての入札が予定価格を超えた場合にのみ行えます。');
      const from = t.currentRound;
      t.currentRound = from + 1;
      t.status = 'bidding';
      t.outcome = null;
      t.awardVendorId = null;
      t.awardAmount = null;
      await m.save(t);
      await this.audit.record({ action: 'transition', entity: 'Tender', entityId: id, summary: `${t.tenderNumber} 再度入札（第${t.currentRound}回）` }, m);
    });
    return this.tenders.detail(id, user);
  }

  async award(id: number, version: number, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const t = await this.openedForDecision(m, id, version, user);
      if (t.outcome !== 'awarded' || t.awardVendorId === null || t.awardAmount === null) {
        throw badRequest('status', `落札者が決まっていないため落札決定できません（${t.outcome ? OPENING_OUTCOME_LABELS[t.outcome] : '未判定'}）。`);
      }
      const contract = await this.contracts.createDraftFromAward(m, {
        tenderId: t.id,
        vendorId: t.awardVendorId,
        title: t.title,
        location: t.location,
        departmentId: t.departmentId,
        category: t.category,
        tradeCode: t.tradeCode,
        method: t.method,
        awardAmount: t.awardAmount,
        taxDate: t.openingDate ?? todayInJapan(),
      });
      t.contractId = contract.id;
      t.status = 'awarded';
      await m.save(t);
      const winner = await m.findOneBy(Vendor, { id: t.awardVendorId });
      await this.audit.record(
        { action: 'transition', entity: 'Tender', entityId: id, summary: `${t.tenderNumber} 落札決定: ${winner?.name ?? t.awardVendorId} ${yen(t.awardAmount)}（税抜）` },
        m,
      );
    });
    return this.tenders.detail(id, user);
  }
}

