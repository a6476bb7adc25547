import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { buildOcdsPackage, OcdsContract, OcdsTender, OcdsVendor } from '@keiyaku/domain';
import { applyDepartmentScope, AuthUser } from '@keiyaku/server/auth';
import { SettingsService } from '@keiyaku/server/core';
import { Contract, ContractChange, ContractPayment } from '@keiyaku/server/contracts';
import { Bid, pricesHiddenFor, Tender, TenderDesignation } from '@keiyaku/server/tenders';
import { Vendor } from '@keiyaku/server/vendors';

/** Chunks under Oracle's 1,000-item IN limit. */
async function inChunks<T>(ids: number[], load: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 900) out.push(...(await load(ids.slice(i, i + 900))));
  return out;
}

/** Prices are published as the public sees them: the export is open data, whoever downloads it. */
const PUBLIC: Pick<AuthUser, 'permissions'> = { permissions: [] };

/**
 * The OCDS release package of a fiscal year: every tender past its draft (cancelled ones too),
 * with bids once opened, its award and contract; and the year's contracts made without a tender.
 */
@Injectable()
export class OcdsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async releasePackage(fiscalYear: number, user: AuthUser, now = new Date()) {
    const tq = this.dataSource.getRepository(Tender).createQueryBuilder('t').where('t.fiscalYear = :fy', { fy: fiscalYear }).andWhere("t.status <> 'draft'");
    applyDepartmentScope(tq, 't.departmentId', user);
    const tenders = await tq.orderBy('t.tenderNumber', 'ASC').getMany();
    const tenderIds = tenders.map((t) => t.id);

    const cq = this.dataSource
      .getRepository(Contract)
      .createQueryBuilder('c')
      .where("c.status <> 'draft'")
      .andWhere("c.approvalStatus = 'approved'")
      .andWhere('(c.fiscalYear = :fy' + (tenderIds.length ? ' OR c.tenderId IN (:...tenderIds))' : ')'), { fy: fiscalYear, tenderIds: tenderIds.slice(0, 900) });
    applyDepartmentScope(cq, 'c.departmentId', user);
    let contracts = await cq.getMany();
    // A year with more than 900 tenders: the contracts of the rest.
    if (tenderIds.length > 900) {
      const more = await inChunks(tenderIds.slice(900), (ids) => this.dataSource.getRepository(Contract).findBy({ tenderId: In(ids), status: Not('draft'), approvalStatus: 'approved' }));
      const seen = new Set(contracts.map((c) => c.id));
      contracts = [...contracts, ...more.filter((c) => !seen.has(c.id))];
    }
    const contractIds = contracts.map((c) => c.id);
    const bids = await inChunks(tenderIds, (ids) => this.dataSource.getRepository(Bid).find({ where: { tenderId: In(ids) }, order: { round: 'ASC', id: 'ASC' } }));
    const designations = await inChunks(tenderIds, (ids) => this.dataSource.getRepository(TenderDesignation).findBy({ tenderId: In(ids), selected: true }));
    const changes = await inChunks(contractIds, (ids) => this.dataSource.getRepository(ContractChange).find({ where: { contractId: In(ids), approvalStatus: 'approved' }, order: { changeNo: 'ASC' } }));
    const payments = await inChunks(contractIds, (ids) => this.dataSource.getRepository(ContractPayment).find({ where: { contractId: In(ids), paidDate: Not(IsNull()) }, order: { paidDate: 'ASC', id: 'ASC' } }));
    const vendorIds = [...new Set([...bids.map((b) => b.vendorId), ...contracts.map((c) => c.vendorId), ...tenders.map((t) => t.awardVendorId).filter((id): id is number => id !== null)])];
    const vendors = new Map<number, OcdsVendor>(
      (await inChunks(vendorIds, (ids) => this.dataSource.getRepository(Vendor).find({ where: { id: In(ids) }, select: { id: true, vendorCode: true, corporateNumber: true, name: true } }))).map((v) => [v.id, v]),
    );

    const group = <T, K>(rows: T[], key: (r: T) => K) => {
      const m = new Map<K, T[]>();
      for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
      return m;
    };
    const bidsOf = group(bids, (b) => b.tenderId);
    const designatedOf = group(designations, (d) => d.tenderId);
    const changesOf = group(changes, (c) => c.contractId);
    const paymentsOf = group(payments, (p) => p.contractId);
    const contractOf = (c: Contract): OcdsContract => ({
      id: c.id,
      contractNumber: c.contractNumber,
      title: c.title,
      category: c.category,
      method: c.method,
      vendorId: c.vendorId,
      amount: c.amount,
      originalAmount: c.originalAmount,
      contractDate: c.contractDate,
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      status: c.status,
      smallContractKind: c.smallContractKind,
      negotiatedReason: c.negotiatedReason,
      changes: (changesOf.get(c.id) ?? []).map((x) => ({ changeNo: x.changeNo, changeDate: x.changeDate, amount: x.amount, periodTo: x.periodTo, reason: x.reason })),
      payments: (paymentsOf.get(c.id) ?? []).map((p) => ({ id: p.id, kind: p.kind, paidDate: p.paidDate, amount: p.amount })),
    });
    const byTender = new Map(contracts.filter((c) => c.tenderId !== null).map((c) => [c.tenderId!, c]));
    const ocdsTenders: OcdsTender[] = tenders.map((t) => {
      const contract = byTender.get(t.id) ?? contracts.find((c) => c.id === t.contractId);
      const opened = ['opened', 'awarded', 'unsuccessful'].includes(t.status);
      return {
        id: t.id,
        tenderNumber: t.tenderNumber,
        title: t.title,
        category: t.category,
        method: t.method,
        status: t.status,
        outcome: t.outcome,
        negotiatedReason: t.negotiatedReason,
        plannedPrice: pricesHiddenFor(t, PUBLIC) ? null : t.plannedPrice,
        announcementDate: t.announcementDate,
        bidDeadline: t.bidDeadline,
        openingDate: t.openingDate,
        awardVendorId: t.awardVendorId,
        awardAmount: t.awardAmount,
        // Bids are public from the opening on, not before.
        bids: opened ? (bidsOf.get(t.id) ?? []).map((b) => ({ round: b.round, vendorId: b.vendorId, amount: b.amount, declined: b.declined, verdict: b.verdict })) : [],
        designatedVendorIds: (designatedOf.get(t.id) ?? []).map((d) => d.vendorId),
        contract: contract ? contractOf(contract) : null,
      };
    });
    const withTender = new Set(ocdsTenders.map((t) => t.contract?.id).filter(Boolean));
    const alone = contracts.filter((c) => !withTender.has(c.id) && c.fiscalYear === fiscalYear).sort((a, b) => (a.contractNumber ?? '').localeCompare(b.contractNumber ?? ''));

    const base = (await this.settings.get<string>('opendata.baseUri')).replace(/\/+$/, '');
    return buildOcdsPackage({
      fiscalYear,
      publishedDate: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      uri: `${base}/${fiscalYear}.json`,
      ocidPrefix: await this.settings.get<string>('opendata.ocidPrefix'),
      publisher: { name: await this.settings.get<string>('org.name'), corporateNumber: (await this.settings.get<string>('org.corporateNumber')) || null },
      tenders: ocdsTenders,
      contracts: alone.map(contractOf),
      vendors,
    });
  }
}
