import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { diffSnapshots } from '@keiyaku/domain';
import { currentContext, notFound } from '@keiyaku/server/core';
import { VendorVersion } from './entities/history.entities';
import { Vendor } from './entities/vendor.entity';
import { VENDOR_PARTS } from './vendor-parts';

/** Every change to a vendor (or a part of it) leaves a numbered snapshot of the whole vendor. */
@Injectable()
export class VendorHistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async snapshot(m: EntityManager, vendorId: number): Promise<Record<string, unknown>> {
    const vendor = await m.findOneByOrFail(Vendor, { id: vendorId });
    const { searchText: _s, ...base } = vendor;
    const out: Record<string, unknown> = { ...base };
    for (const [name, def] of Object.entries(VENDOR_PARTS)) {
      out[name] = await m.find(def.entity, { where: { vendorId }, order: def.order as any });
    }
    return JSON.parse(JSON.stringify(out));
  }

  /** Called inside the transaction of the change, so history and data commit together. */
  async record(m: EntityManager, vendorId: number, summary: string): Promise<void> {
    const last = await m.findOne(VendorVersion, { where: { vendorId }, order: { versionNo: 'DESC' } });
    await m.insert(VendorVersion, {
      vendorId,
      versionNo: (last?.versionNo ?? 0) + 1,
      changedAt: new Date(),
      changedBy: currentContext()?.loginId ?? null,
      summary: summary.slice(0, 300),
      snapshot: await this.snapshot(m, vendorId),
    } as any);
  }

  /**
   * First versions of many new vendors at once (imports, migration, demo data): each part
   * table is read once for the whole batch instead of once per vendor.
   */
  async recordMany(m: EntityManager, vendorIds: number[], summary: string): Promise<void> {
    const changedBy = currentContext()?.loginId ?? null;
    for (let i = 0; i < vendorIds.length; i += 500) {
      const ids = vendorIds.slice(i, i + 500);
      const snapshots = new Map<number, Record<string, unknown>>();
      for (const v of await m.findBy(Vendor, { id: In(ids) })) {
        const { searchText: _s, ...base } = v;
        snapshots.set(v.id, { ...base, ...Object.fromEntries(Object.keys(VENDOR_PARTS).map((k) => [k, []])) });
      }
      for (const [name, def] of Object.entries(VENDOR_PARTS)) {
        for (const row of await m.find(def.entity, { where: { vendorId: In(ids) }, order: def.order as any })) {
          (snapshots.get(row.vendorId)?.[name] as unknown[] | undefined)?.push(row);
        }
      }
      const last = await m
        .createQueryBuilder(VendorVersion, 'h')
        .select('h.vendorId', 'vendorId')
        .addSelect('MAX(h.versionNo)', 'maxNo')
        .where({ vendorId: In(ids) })
        .groupBy('h.vendorId')
        .getRawMany();
      const lastNo = new Map(last.map((r) => [Number(r.vendorId ?? r.VENDORID), Number(r.maxNo ?? r.MAXNO)]));
      const rows = ids.map((vendorId) => ({
        vendorId,
        versionNo: (lastNo.get(vendorId) ?? 0) + 1,
        changedAt: new Date(),
        changedBy,
        summary: summary.slice(0, 300),
        snapshot: JSON.parse(JSON.stringify(snapshots.get(vendorId) ?? {})),
      }));
      for (let j = 0; j < rows.length; j += 100) {
        await m.createQueryBuilder().insert().into(VendorVersion).values(rows.slice(j, j + 100) as any).execute();
      }
    }
  }

  async list(vendorId: number) {
    const rows = await this.dataSource.getRepository(VendorVersion).find({
      where: { vendorId },
      order: { versionNo: 'DESC' },
      select: { id: true, vendorId: true, versionNo: true, changedAt: true, changedBy: true, summary: true },
    });
    if (!rows.length && !(await this.dataSource.getRepository(Vendor).exists({ where: { id: vendorId } }))) throw notFound('業者');
    return rows;
  }

  async get(vendorId: number, versionNo: number): Promise<VendorVersion> {
    const row = await this.dataSource.getRepository(VendorVersion).findOneBy({ vendorId, versionNo });
    if (!row) throw notFound('履歴');
    return row;
  }

  /** The vendor as it stood at the end of a date (Japan time), or 404 before it was registered. */
  async asOf(vendorId: number, date: string): Promise<VendorVersion> {
    const endOfDay = new Date(`${date}T23:59:59.999+09:00`);
    const row = await this.dataSource.getRepository(VendorVersion).findOne({
      where: { vendorId, changedAt: LessThanOrEqual(endOfDay) },
      order: { versionNo: 'DESC' },
    });
    if (!row) throw notFound('その日時点の業者情報');
    return row;
  }

  async diff(vendorId: number, from: number, to: number) {
    const [a, b] = await Promise.all([this.get(vendorId, from), this.get(vendorId, to)]);
    return {
      from: { versionNo: a.versionNo, changedAt: a.changedAt, changedBy: a.changedBy, summary: a.summary },
      to: { versionNo: b.versionNo, changedAt: b.changedAt, changedBy: b.changedBy, summary: b.summary },
      differences: diffSnapshots(a.snapshot, b.snapshot),
    };
  }
}
