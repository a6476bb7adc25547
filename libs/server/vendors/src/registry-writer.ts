import { Injectable } from '@nestjs/common';
import { EntityManager, LessThan, LessThanOrEqual } from 'typeorm';
import { keishinP, rankFor } from '@keiyaku/domain';
import { badRequest, duplicate } from '@keiyaku/server/core';
import { RankingRuleRecord, SubjectiveItem, Term, Trade } from './entities/master.entities';
import { KeishinResult, KeishinScore, Qualification, VendorOffice, VendorPermit } from './entities/vendor-parts.entities';
import { Vendor } from './entities/vendor.entity';
import { VendorHistoryService } from './vendor-history.service';

/** What an approved qualification application writes into the registry. */
export interface RegistryApproval {
  /** The vendor to update; null registers a new one (matched by 法人番号 first). */
  vendorId: number | null;
  vendor: {
    corporateNumber: string | null;
    entityType: 'corporation' | 'individual';
    name: string;
    nameKana: string;
    representativeTitle: string | null;
    representativeName: string;
    postalCode: string;
    address: string;
    phone: string;
    fax: string | null;
    email: string | null;
    locality: 'local' | 'semiLocal' | 'outside';
    capital: number | null;
  };
  /** Replace the vendor's offices / permits when given. */
  offices?: Array<{ name: string; postalCode: string | null; address: string | null; phone: string | null; isDelegate: boolean; delegateTitle: string | null; delegateName: string | null }> | null;
  permits?: Array<{ tradeCode: string; grade: 'special' | 'general'; issuer: 'minister' | 'governor'; issuerPrefecture: string | null; permitNumber: string; permitDate: string; expiresOn: string }> | null;
  /** A 経審 result notice to add (skipped when one with the same 審査基準日 exists). */
  keishin?: { baseDate: string; noticeDate: string | null; permitNumber: string | null; x2: number; y: number; w: number; scores: Array<{ tradeCode: string; x1: number; z: number }> } | null;
  qualifications: {
    category: string;
    termCode: string;
    tradeCodes: string[];
    subjectiveCodes: string[];
    /** First day of validity (随時: the approval date); the term's start when absent. */
    validFrom?: string | null;
  } | null;
  summary: string;
}

export interface RegistryApprovalResult {
  vendorId: number;
  vendorCode: string;
  created: boolean;
  qualifications: Array<{ tradeCode: string; rank: string | null; pScore: number | null; totalScore: number | null; reasons: string[] }>;
}

/**
 * Writes an approval into the registry inside the caller's transaction (vendor, offices,
 * permits, 経審, qualifications with the computed rank, one history snapshot): if anything
 * fails, the caller's rollback leaves the registry as it was.
 */
@Injectable()
export class RegistryWriter {
  constructor(private readonly history: VendorHistoryService) {}

  async applyApproval(m: EntityManager, input: RegistryApproval): Promise<RegistryApprovalResult> {
    let vendor = input.vendorId ? await m.findOneBy(Vendor, { id: input.vendorId }) : null;
    if (!vendor && input.vendor.corporateNumber) vendor = await m.findOneBy(Vendor, { corporateNumber: input.vendor.corporateNumber });
    const created = !vendor;
    if (vendor) {
      if (input.vendor.corporateNumber && vendor.corporateNumber && vendor.corporateNumber !== input.vendor.corporateNumber) {
        throw duplicate('corporateNumber', '法人番号', input.vendor.corporateNumber);
      }
      Object.assign(vendor, input.vendor, { status: 'active' });
      vendor = await m.save(vendor);
    } else {
      vendor = await m.save(m.create(Vendor, { ...input.vendor, vendorCode: await this.nextVendorCode(m), invoiceNumber: null, status: 'active', notes: null }));
    }
    const vendorId = vendor.id;
    if (input.offices) {
      await m.delete(VendorOffice, { vendorId });
      for (const o of input.offices) await m.save(m.create(VendorOffice, { ...o, vendorId }));
    }
    if (input.permits) {
      await m.delete(VendorPermit, { vendorId });
      for (const p of input.permits) await m.save(m.create(VendorPermit, { ...p, vendorId }));
    }
    if (input.keishin && !(await m.exists(KeishinResult, { where: { vendorId, baseDate: input.keishin.baseDate } }))) {
      const k = input.keishin;
      const scores = k.scores.map((s) => Object.assign(new KeishinScore(), { tradeCode: s.tradeCode, x1: s.x1, z: s.z, p: keishinP({ x1: s.x1, x2: k.x2, y: k.y, z: s.z, w: k.w }) }));
      await m.save(m.create(KeishinResult, { vendorId, baseDate: k.baseDate, noticeDate: k.noticeDate, permitNumber: k.permitNumber, x2: k.x2, y: k.y, w: k.w, scores }));
    }
    const results: RegistryApprovalResult['qualifications'] = [];
    if (input.qualifications) {
      const q = input.qualifications;
      const term = await m.findOneBy(Term, { category: q.category, code: q.termCode });
      if (!term) throw badRequest('termCode', `有効期間「${q.termCode}」は登録されていません。`);
      const items = await m.findBy(SubjectiveItem, { category: q.category });
      const breakdown = q.subjectiveCodes.map((code) => {
        const item = items.find((i) => i.code === code && i.active);
        if (!item) throw badRequest('subjectiveItems', `主観点項目「${code}」は登録されていません。`);
        return { code, name: item.name, points: item.points };
      });
      const subjectiveScore = breakdown.reduce((s, b) => s + b.points, 0);
      const latest = await m.findOne(KeishinResult, { where: { vendorId }, order: { baseDate: 'DESC' }, relations: { scores: true } });
      const rules = await m.find(RankingRuleRecord, { where: { category: q.category, effectiveFrom: LessThanOrEqual(term.validFrom) }, order: { effectiveFrom: 'DESC' } });
      for (const tradeCode of q.tradeCodes) {
        const trade = await m.findOneBy(Trade, { category: q.category, code: tradeCode });
        if (!trade || !trade.active) throw badRequest('tradeCode', `業種「${tradeCode}」は登録されていないか、使用されていません。`);
        const pScore = latest?.scores.find((s) => s.tradeCode === tradeCode)?.p ?? null;
        const rule = trade.ranked ? rules.find((r) => r.tradeCode === tradeCode) : undefined;
        const existing = await m.findOneBy(Qualification, { vendorId, category: q.category, tradeCode, termCode: q.termCode });
        const previous = await m.findOne(Qualification, { where: { vendorId, category: q.category, tradeCode, validTo: LessThan(term.validFrom) }, order: { validTo: 'DESC' } });
        let rank: string | null = null;
        let reasons: string[] = [];
        if (rule && pScore !== null) {
          const r = rankFor(
            { thresholds: rule.thresholds, maxStepUp: rule.maxStepUp, localOnly: rule.localOnly, newApplicantsStartLowest: rule.newApplicantsStartLowest },
            { p: pScore, subjectiveScore, locality: vendor.locality, previousRank: previous?.rank ?? existing?.rank ?? null },
          );
          rank = r.rank;
          reasons = r.reasons;
        } else {
          reasons = [trade.ranked ? '経審の結果がないため格付なし' : '格付しない業種'];
        }
        const values = {
          vendorId,
          category: q.category,
          tradeCode,
          termCode: q.termCode,
          rank,
          pScore,
          subjectiveScore,
          subjectiveBreakdown: breakdown,
          totalScore: pScore === null ? null : pScore + subjectiveScore,
          validFrom: q.validFrom && q.validFrom > term.validFrom ? q.validFrom : term.validFrom,
          validTo: term.validTo,
          source: 'application' as const,
        };
        if (existing) await m.save(Object.assign(existing, values));
        else await m.save(m.create(Qualification, values));
        results.push({ tradeCode, rank, pScore, totalScore: values.totalScore, reasons });
      }
    }
    await this.history.record(m, vendorId, input.summary);
    return { vendorId, vendorCode: vendor.vendorCode, created, qualifications: results };
  }

  /** 取下げ: the vendor's qualifications of a term for the given trades end, with history. */
  async withdraw(m: EntityManager, vendorId: number, category: string, termCode: string, tradeCodes: string[], summary: string): Promise<RegistryApprovalResult> {
    const vendor = await m.findOneBy(Vendor, { id: vendorId });
    if (!vendor) throw badRequest('vendorId', '業者台帳に登録されていない事業者です。');
    for (const tradeCode of tradeCodes) {
      const q = await m.findOneBy(Qualification, { vendorId, category, termCode, tradeCode });
      if (q) await m.remove(q);
    }
    await this.history.record(m, vendorId, summary);
    return { vendorId, vendorCode: vendor.vendorCode, created: false, qualifications: [] };
  }

  private async nextVendorCode(m: EntityManager): Promise<string> {
    const rows = await m.getRepository(Vendor).createQueryBuilder('v').select('v.vendorCode', 'code').orderBy('v.vendorCode', 'DESC').take(50).getRawMany();
    const max = rows.map((r) => Number(r.code ?? r.CODE)).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), 0);
    return String(max + 1).padStart(6, '0');
  }
}
