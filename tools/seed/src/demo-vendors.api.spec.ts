import { isValidCorporateNumber } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Vendor, VendorHistoryService } from '@keiyaku/server/vendors';
import { Client, startTestApp, TestApp } from '../../../apps/api/src/testing/test-app';
import { seedDemoVendorsIfEmpty, withCheckDigit } from './demo-vendors';

describe('demo registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('makes valid check digits', () => {
    expect(withCheckDigit('000012050002')).toBe('7000012050002');
  });

  it('fills an empty registry once, with valid identifiers, ranks, history and an audit event', async () => {
    const seed = () => seedDemoVendorsIfEmpty(t.dataSource, t.app.get(AuditService), t.app.get(VendorHistoryService), { construction: 700, survey: 40 });
    expect(await seed()).toBe(740);
    expect(await seed()).toBe(0);
    const vendors = await t.dataSource.getRepository(Vendor).find();
    expect(new Set(vendors.map((v) => v.name)).size).toBe(vendors.length);
    expect(vendors.filter((v) => v.corporateNumber).every((v) => isValidCorporateNumber(v.corporateNumber))).toBe(true);
    const admin = await Client.signIn(t, 'admin');
    const list = await admin.get('/api/vendors?limit=1&locality=local');
    expect(list.body.total).toBeGreaterThan(300);
    // Eligible both when R7-8 began and today, thanks to a 経審 dated from today.
    for (const date of ['2025-10-01', new Date().toISOString().slice(0, 10)]) {
      const eligible = await admin.get(`/api/vendors/eligible?category=construction&tradeCode=010&date=${date}`);
      expect(eligible.body.total).toBeGreaterThan(50);
      expect(eligible.body.rows.some((r: any) => r.rank === 'A')).toBe(true);
    }
    const id = vendors[0].id;
    expect((await admin.get(`/api/vendors/${id}/history`)).body[0].summary).toBe('デモデータの登録');
    expect((await admin.get('/api/audit?action=seed')).body.rows[0].summary).toContain('740社');
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
  });
});
