import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { consumptionTaxRate, TaxRate } from '@keiyaku/domain';
import { notFound, SettingsService } from '@keiyaku/server/core';
import { Contract } from './contract.entity';

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

/** Contracts as far as tenders need them: the draft an award creates, and a look-up. */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
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
      }),
    );
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<Contract> {
    const found = await manager.findOneBy(Contract, { id });
    if (!found) throw notFound('契約');
    return found;
  }

  /** Contracts of vendors not yet finished (締結 … 検査済 and drafts), per vendor — for designation. */
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
        .andWhere('c.status IN (:...open)', { open: ['draft', 'concluded', 'inProgress', 'completed'] })
        .groupBy('c.vendorId')
        .getRawMany();
      for (const r of rows) out.set(Number(r.vendorId ?? r.VENDORID), Number(r.n ?? r.N));
    }
    return out;
  }
}
