import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BidVerdict, calculatePrice, PriceRuleError } from '@keiyaku/domain';
import { applyDepartmentScope, AuthUser } from '@keiyaku/server/auth';
import { badRequest, notFound, SettingsService } from '@keiyaku/server/core';
import { Vendor } from '@keiyaku/server/vendors';
import { WhatIfDto } from './dto/price-rule.dto';
import { Bid } from './entities/bid.entity';
import { PriceRuleSet } from './entities/price-rule-set.entity';
import { Tender } from './entities/tender.entity';
import { priceRuleRow, storedYen } from './price-rules.service';
import { OPENED_STATUSES, TendersService } from './tenders.service';

const DISQUALIFIED: BidVerdict[] = ['belowMinimum', 'disqualified'];

/**
 * 試算: another rule version applied to a past year's opened tenders — the same inputs, the
 * random coefficient as it was drawn — and the bids re-judged, to show what the change would do.
 */
@Injectable()
export class WhatIfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenders: TendersService,
    private readonly settings: SettingsService,
  ) {}

  async run(dto: WhatIfDto, user: AuthUser) {
    const m = this.dataSource.manager;
    const rule = await m.findOneBy(PriceRuleSet, { id: dto.ruleSetId });
    if (!rule) throw notFound('価格算定基準');
    if (dto.category && dto.category !== rule.category) throw badRequest('category', '選んだ算定基準と部門が異なります。');
    const qb = m
      .getRepository(Tender)
      .createQueryBuilder('t')
      .where('t.fiscalYear = :fy', { fy: dto.fiscalYear })
      .andWhere('t.category = :category', { category: rule.category })
      .andWhere('t.status IN (:...opened)', { opened: OPENED_STATUSES })
      .andWhere("t.priceControl <> 'none'")
      .andWhere('t.plannedPrice IS NOT NULL')
      .orderBy('t.tenderNumber', 'ASC');
    if (rule.category === 'survey') qb.andWhere('t.tradeCode = :kind', { kind: rule.serviceKind });
    applyDepartmentScope(qb, 't.departmentId', user);
    const tenders = (await qb.getMany()).filter((t) => t.priceComponents && Object.keys(t.priceComponents).length);
    const maxRounds = await this.settings.get<number>('tenders.maxRounds');
    const bids: Bid[] = [];
    const ids = tenders.map((t) => t.id);
    for (let i = 0; i < ids.length; i += 900) bids.push(...(await m.find(Bid, { where: { tenderId: In(ids.slice(i, i + 900)) } })));
    const vendorIds = [...new Set(bids.map((b) => b.vendorId))];
    const names = new Map<number, string>();
    for (let i = 0; i < vendorIds.length; i += 900) {
      for (const v of await m.find(Vendor, { where: { id: In(vendorIds.slice(i, i + 900)) }, select: { id: true, name: true } })) names.set(v.id, v.name);
    }
    const actualRules = new Map((await m.find(PriceRuleSet)).map((r) => [r.id, r.code]));

    const rows = [];
    for (const t of tenders) {
      let price;
      try {
        price = calculatePrice(rule, {
          plannedPrice: t.plannedPrice!,
          components: t.priceComponents!,
          tradeCode: t.tradeCode,
          building: t.buildingKind,
          randomCoefficient: t.randomCoeff === null ? null : Number(t.randomCoeff),
          override: null,
          mode: t.priceControl,
        });
      } catch (e) {
        // A past tender whose breakdown this version cannot use (e.g. a component it lacks) is left out.
        if (e instanceof PriceRuleError) continue;
        throw e;
      }
      const round = bids.filter((b) => b.tenderId === t.id && b.round === t.currentRound);
      const whatIfTender = Object.assign(new Tender(), t, {
        minimumPrice: storedYen(price.minimumPrice),
        lowBidThreshold: storedYen(price.lowBidThreshold),
        disqualificationPrice: storedYen(price.disqualificationPrice),
      });
      const judged = this.tenders.judge(whatIfTender, round, new Set(), maxRounds);
      const whatIfVerdict = new Map(judged.judgements.map((j) => [j.vendorId, j.verdict]));
      const actualMinimum = t.priceControl === 'minimum' ? t.minimumPrice : t.lowBidThreshold;
      const whatIfMinimum = t.priceControl === 'minimum' ? storedYen(price.minimumPrice) : storedYen(price.lowBidThreshold);
      const changedVendors = round
        .filter((b) => b.verdict !== whatIfVerdict.get(b.vendorId))
        .map((b) => ({ vendorName: names.get(b.vendorId) ?? String(b.vendorId), amount: b.amount, actual: b.verdict, whatIf: whatIfVerdict.get(b.vendorId) ?? null }));
      rows.push({
        tenderId: t.id,
        tenderNumber: t.tenderNumber,
        title: t.title,
        plannedPrice: t.plannedPrice,
        actualRule: t.priceRuleSetId ? (actualRules.get(t.priceRuleSetId) ?? null) : null,
        actualMinimum,
        whatIfMinimum,
        difference: actualMinimum !== null && whatIfMinimum !== null ? whatIfMinimum - actualMinimum : null,
        bidsDisqualifiedActual: round.filter((b) => b.verdict && DISQUALIFIED.includes(b.verdict)).length,
        bidsDisqualifiedWhatIf: judged.judgements.filter((j) => DISQUALIFIED.includes(j.verdict)).length,
        changedVendors,
        winnerActual: t.awardVendorId ? (names.get(t.awardVendorId) ?? null) : null,
        winnerWhatIf: judged.winnerVendorId ? (names.get(judged.winnerVendorId) ?? null) : null,
      });
    }
    return {
      rule: priceRuleRow(rule),
      rows,
      summary: {
        tenders: rows.length,
        changedMinimum: rows.filter((r) => r.difference !== 0).length,
        moreDisqualified: rows.filter((r) => r.bidsDisqualifiedWhatIf > r.bidsDisqualifiedActual).length,
        fewerDisqualified: rows.filter((r) => r.bidsDisqualifiedWhatIf < r.bidsDisqualifiedActual).length,
        winnerChanged: rows.filter((r) => r.winnerActual !== r.winnerWhatIf).length,
      },
    };
  }
}
