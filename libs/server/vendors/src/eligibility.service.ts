import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { EligibilityFacts, exclusionReasons } from '@keiyaku/domain';
import { notFound, SettingsService } from '@keiyaku/server/core';
import { KeishinResult, Qualification, VendorMeasure, VendorPermit } from './entities/vendor-parts.entities';
import { Vendor } from './entities/vendor.entity';

export interface EligibilityQuery {
  category: string;
  tradeCode: string;
  date: string;
  rank?: string | null;
  locality?: string | null;
}

export interface EligibleVendor {
  vendorId: number;
  vendorCode: string;
  name: string;
  nameKana: string;
  locality: string;
  rank: string | null;
  totalScore: number | null;
  eligible: boolean;
  reasons: string[];
}

/**
 * Who may be designated for a category, trade and rank on a date: qualified then, not
 * suspended, permit for the trade in force, 経審 recent enough (construction only).
 */
@Injectable()
export class EligibilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async evaluate(q: EligibilityQuery): Promise<EligibleVendor[]> {
    const construction = q.category === 'construction';
    const quals = await this.dataSource.getRepository(Qualification).find({
      where: { category: q.category, tradeCode: q.tradeCode, validFrom: LessThanOrEqual(q.date) },
      order: { validFrom: 'DESC' },
    });
    // The qualification in force on the date (or the latest, to explain why it is not).
    const byVendor = new Map<number, Qualification>();
    for (const row of quals) {
      const current = byVendor.get(row.vendorId);
      const inForce = row.validFrom <= q.date && row.validTo >= q.date;
      if (!current || (inForce && !(current.validFrom <= q.date && current.validTo >= q.date))) byVendor.set(row.vendorId, row);
    }
    const ids = [...byVendor.keys()];
    if (!ids.length) return [];
    const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / 900) }, (_, i) => list.slice(i * 900, i * 900 + 900));
    const vendors: Vendor[] = [];
    const measures: VendorMeasure[] = [];
    const permits: VendorPermit[] = [];
    const keishin: KeishinResult[] = [];
    // IN lists stay under Oracle's 1,000-item limit.
    for (const part of chunks(ids)) {
      vendors.push(...(await this.dataSource.getRepository(Vendor).findBy({ id: In(part) })));
      measures.push(...(await this.dataSource.getRepository(VendorMeasure).findBy({ vendorId: In(part), kind: 'suspension', startDate: LessThanOrEqual(q.date) })));
      if (construction) {
        permits.push(...(await this.dataSource.getRepository(VendorPermit).findBy({ vendorId: In(part), tradeCode: q.tradeCode })));
        keishin.push(...(await this.dataSource.getRepository(KeishinResult).find({ where: { vendorId: In(part), baseDate: LessThanOrEqual(q.date) } })));
      }
    }
    const windowMonths = await this.settings.get<number>('registry.keishinWindowMonths');
    const out: EligibleVendor[] = [];
    for (const v of vendors) {
      if (q.locality && v.locality !== q.locality) continue;
      const qual = byVendor.get(v.id)!;
      const permit = permits.filter((p) => p.vendorId === v.id).sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
      const latestKeishin = keishin
        .filter((k) => k.vendorId === v.id && k.scores.some((s) => s.tradeCode === q.tradeCode))
        .sort((a, b) => b.baseDate.localeCompare(a.baseDate))[0];
      const facts: EligibilityFacts = {
        status: v.status,
        qualification: { rank: qual.rank, validFrom: qual.validFrom, validTo: qual.validTo },
        permit: permit ? { expiresOn: permit.expiresOn } : null,
        keishinBaseDate: latestKeishin?.baseDate ?? null,
        suspensions: measures.filter((m) => m.vendorId === v.id).map((m) => ({ kind: m.kind, start: m.startDate, end: m.endDate ?? '9999-12-31' })),
      };
      const reasons = exclusionReasons(facts, {
        date: q.date,
        rank: q.rank ?? null,
        keishinWindowMonths: windowMonths,
        requirePermit: construction,
        requireKeishin: construction,
      });
      out.push({
        vendorId: v.id,
        vendorCode: v.vendorCode,
        name: v.name,
        nameKana: v.nameKana,
        locality: v.locality,
        rank: qual.rank,
        totalScore: qual.totalScore,
        eligible: reasons.length === 0,
        reasons,
      });
    }
    return out.sort((a, b) => a.nameKana.localeCompare(b.nameKana, 'ja'));
  }

  async eligible(q: EligibilityQuery) {
    const all = await this.evaluate(q);
    const rows = all.filter((r) => r.eligible);
    return { rows, total: rows.length, excluded: all.length - rows.length };
  }

  async explain(q: EligibilityQuery, vendorCode: string) {
    const vendor = await this.dataSource.getRepository(Vendor).findOneBy({ vendorCode });
    if (!vendor) throw notFound('業者');
    const row = (await this.evaluate(q)).find((r) => r.vendorId === vendor.id);
    if (!row) {
      return { vendorCode, name: vendor.name, eligible: false, reasons: ['この部門・業種の入札参加資格がない'] };
    }
    if (q.locality && vendor.locality !== q.locality) row.reasons.push('地域区分が条件と異なる');
    return { vendorCode, name: vendor.name, eligible: row.reasons.length === 0, reasons: row.reasons };
  }
}
