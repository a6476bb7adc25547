import { Department, User } from '@keiyaku/server/auth';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { TEST_VENDOR } from '../../vendors/src/testing/fixtures';
import { ContractEvents } from './contract-events';

describe('contracts and inspections (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let admin: Client;
  let inspector: Client;
  let works: Client;
  let vendorId: number;
  let inspectorId: number;
  let kenchikuId: number;
  const passed: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    contract = await Client.signIn(t, 'contract');
    admin = await Client.signIn(t, 'admin');
    inspector = await Client.signIn(t, 'inspector');
    works = await Client.signIn(t, 'works');
    vendorId = (await contract.post('/api/vendors', TEST_VENDOR)).body.id;
    inspectorId = (await t.dataSource.getRepository(User).findOneByOrFail({ loginId: 'inspector' })).id;
    kenchikuId = (await t.dataSource.getRepository(Department).findOneByOrFail({ code: 'KENCHIKU' })).id;
    t.app.get(ContractEvents).onCompletionPassed(async (_m, c) => {
      passed.push(c.id);
    });
  }, 60_000);
  afterAll(async () => t?.close());

  const WORK = {
    title: '市立華城小学校屋上防水改修工事',
    category: 'construction',
    tradeCode: '180',
    method: 'designated',
    location: '防府市華城',
    amount: 33_000_000,
    contractDate: '2026-06-01',
    periodFrom: '2026-06-02',
    periodTo: '2026-10-30',
    bondKind: 'insurance',
    bondAmount: 3_300_000,
    advanceRate: 40,
  };

  /** A contract through 決裁 and 締結 (drafted by contract, approved by admin). */
  async function concluded(extra: Record<string, unknown> = {}) {
    let d = (await contract.post('/api/contracts', { ...WORK, vendorId, departmentId: kenchikuId, ...extra })).body;
    d = (await contract.post(`/api/contracts/${d.id}/submit`, { version: d.version })).body;
    d = (await admin.post(`/api/contracts/${d.id}/approve`, { version: d.version, comment: '可' })).body;
    return (await contract.post(`/api/contracts/${d.id}/transition`, { to: 'concluded', version: d.version })).body;
  }

  it('runs a contract: draft → approval → 締結 → change → payments → completion inspection → 検査済 → 支払済', async () => {
    const created = await contract.post('/api/contracts', { ...WORK, vendorId, departmentId: kenchikuId });
    expect(created.status).toBe(201);
    let d = created.body;
    expect(d).toMatchObject({ status: 'draft', approvalStatus: 'draft', taxRate: 10, taxAmount: 3_000_000, contractNumber: null, vendorName: TEST_VENDOR.name });
    expect((await contract.post(`/api/contracts/${d.id}/transition`, { to: 'concluded', version: d.version })).body.errors[0].field).toBe('approvalStatus');
    d = (await contract.post(`/api/contracts/${d.id}/submit`, { version: d.version })).body;
    expect(d.approvalStatus).toBe('pending');
    // The drafter cannot approve their own draft; a return needs a comment.
    expect((await contract.post(`/api/contracts/${d.id}/approve`, { version: d.version })).status).toBe(400);
    expect((await admin.post(`/api/contracts/${d.id}/return`, { version: d.version })).body.errors[0].field).toBe('comment');
    d = (await admin.post(`/api/contracts/${d.id}/return`, { version: d.version, comment: '工期を確認してください' })).body;
    expect(d.approvalStatus).toBe('returned');
    d = (await contract.patch(`/api/contracts/${d.id}`, { periodTo: '2026-11-30', version: d.version })).body;
    d = (await contract.post(`/api/contracts/${d.id}/submit`, { version: d.version })).body;
    d = (await admin.post(`/api/contracts/${d.id}/approve`, { version: d.version })).body;
    expect(d.approvals.map((a: any) => a.action)).toEqual(['submit', 'return', 'submit', 'approve']);
    d = (await contract.post(`/api/contracts/${d.id}/transition`, { to: 'concluded', version: d.version })).body;
    expect(d).toMatchObject({ status: 'concluded', contractNumber: 'R8-K0001', fiscalYear: 2026, originalAmount: 33_000_000, originalPeriodTo: '2026-11-30' });
    // Once concluded, amounts change only through a 変更契約.
    expect((await contract.patch(`/api/contracts/${d.id}`, { amount: 34_000_000, version: d.version })).body.errors[0].field).toBe('amount');
    d = (await contract.post(`/api/contracts/${d.id}/transition`, { to: 'inProgress', version: d.version })).body;

    // 変更契約: +12,100,000 (36.6 %) is over the 30 % warning; applied once approved.
    d = (await contract.post(`/api/contracts/${d.id}/changes`, { version: d.version, changeDate: '2026-09-01', amount: 45_100_000, periodTo: '2026-12-25', reason: '下地の劣化範囲の拡大' })).body;
    expect(d.changes[0]).toMatchObject({ changeNo: 1, approvalStatus: 'draft', taxAmount: 4_100_000, changeRate: 36.6 });
    expect(d.amount).toBe(33_000_000);
    d = (await contract.post(`/api/contracts/${d.id}/changes/${d.changes[0].id}/submit`, { version: d.changes[0].version })).body;
    d = (await admin.post(`/api/contracts/${d.id}/changes/${d.changes[0].id}/approve`, { version: d.changes[0].version })).body;
    expect(d).toMatchObject({ amount: 45_100_000, taxAmount: 4_100_000, periodTo: '2026-12-25', changeRate: 36.6, changeWarning: true });

    // Payments: the advance is limited to 40 % of the current amount (18,040,000).
    const tooMuch = await contract.post(`/api/contracts/${d.id}/payments`, { version: d.version, kind: 'advance', dueDate: '2026-09-10', amount: 18_040_001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].field).toBe('amount');
    d = (await contract.post(`/api/contracts/${d.id}/payments`, { version: d.version, kind: 'advance', paidDate: '2026-09-10', amount: 18_040_000 })).body;
    expect(d.advanceTotal).toBe(18_040_000);
    d = (await contract.post(`/api/contracts/${d.id}/transition`, { to: 'completed', version: d.version, date: '2026-12-20' })).body;
    expect(d).toMatchObject({ status: 'completed', completedOn: '2026-12-20' });

    // Completion inspection by an inspector; 手直し first, then a re-inspection that passes.
    const notInspector = await contract.post(`/api/contracts/${d.id}/inspections`, { version: d.version, kind: 'completion', scheduledDate: '2026-12-22', inspectorIds: [(await t.dataSource.getRepository(User).findOneByOrFail({ loginId: 'works' })).id] });
    expect(notInspector.body.errors[0].field).toBe('inspectorIds.0');
    d = (await contract.post(`/api/contracts/${d.id}/inspections`, { version: d.version, kind: 'completion', scheduledDate: '2026-12-22', inspectorIds: [inspectorId], attendees: '現場代理人 防府一郎' })).body;
    let ins = d.inspections[0];
    expect(ins.inspectorNames).toHaveLength(1);
    const needsDeadline = await inspector.patch(`/api/contracts/${d.id}/inspections/${ins.id}`, { version: ins.version, inspectedDate: '2026-12-22', result: 'rework' });
    expect(needsDeadline.body.errors[0].field).toBe('reworkDeadline');
    d = (await inspector.patch(`/api/contracts/${d.id}/inspections/${ins.id}`, { version: ins.version, inspectedDate: '2026-12-22', result: 'rework', reworkDeadline: '2027-01-10', remarks: '排水口周りの仕上げ不良' })).body;
    ins = d.inspections[0];
    d = (await inspector.post(`/api/contracts/${d.id}/inspections/${ins.id}/submit`, { version: ins.version })).body;
    d = (await admin.post(`/api/contracts/${d.id}/inspections/${ins.id}/approve`, { version: d.inspections[0].version })).body;
    expect(d.status).toBe('completed');
    d = (await contract.post(`/api/contracts/${d.id}/inspections`, { version: d.version, kind: 'completion', scheduledDate: '2027-01-12', inspectorIds: [inspectorId], reinspectionOf: ins.id })).body;
    const re = d.inspections[1];
    d = (await inspector.patch(`/api/contracts/${d.id}/inspections/${re.id}`, { version: re.version, inspectedDate: '2027-01-12', result: 'passed' })).body;
    d = (await inspector.post(`/api/contracts/${d.id}/inspections/${re.id}/submit`, { version: d.inspections[1].version })).body;
    expect((await inspector.post(`/api/contracts/${d.id}/inspections/${re.id}/approve`, { version: d.inspections[1].version })).status).toBe(403);
    d = (await admin.post(`/api/contracts/${d.id}/inspections/${re.id}/approve`, { version: d.inspections[1].version })).body;
    expect(d).toMatchObject({ status: 'inspected', inspectedOn: '2027-01-12' });
    expect(passed).toContain(d.id);

    // 完成払, then 支払済.
    expect((await contract.post(`/api/contracts/${d.id}/transition`, { to: 'paid', version: d.version })).status).toBe(400);
    d = (await contract.post(`/api/contracts/${d.id}/payments`, { version: d.version, kind: 'final', paidDate: '2027-02-10', amount: 27_060_000 })).body;
    expect(d.paidTotal).toBe(45_100_000);
    d = (await contract.post(`/api/contracts/${d.id}/transition`, { to: 'paid', version: d.version })).body;
    expect(d).toMatchObject({ status: 'paid', paidOn: '2027-02-10', allowedTransitions: [] });

    const rows = (await contract.get(`/api/contracts/${d.id}/history`)).body;
    const history = rows.map((h: any) => h.summary ?? '').join('\n');
    expect(history).toContain('第1回変更');
    expect(history).toContain('検査済');
    // 起案・差戻し・決裁 with their comments, in time order with the audit rows.
    const contractApprovals = rows.filter((h: any) => h.entity === 'Contract' && h.action.startsWith('approval.'));
    expect(contractApprovals.map((h: any) => h.action)).toEqual(['approval.submit', 'approval.return', 'approval.submit', 'approval.approve']);
    expect(contractApprovals[1]).toMatchObject({ loginId: 'admin', summary: '工期を確認してください' });
    expect(rows.filter((h: any) => h.entity === 'Inspection' && h.action === 'approval.approve')).toHaveLength(2);
    const times = rows.map((h: any) => Date.parse(h.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const inspections = (await inspector.get('/api/inspections?mine=true')).body;
    expect(inspections.rows.filter((r: any) => r.contractId === d.id)).toHaveLength(2);
    const csv = await t.http().get('/api/contracts?format=csv').set('Cookie', contract.cookieHeader);
    expect(csv.text).toContain('R8-K0001');
  });

  it('refuses a stale edit with 409 and loses nothing', async () => {
    const d = (await contract.post('/api/contracts', { ...WORK, vendorId, title: '同時編集の契約' })).body;
    const other = await Client.signIn(t, 'contract');
    const first = await contract.patch(`/api/contracts/${d.id}`, { notes: '先に保存', version: d.version });
    expect(first.status).toBe(200);
    const second = await other.patch(`/api/contracts/${d.id}`, { location: '後から保存', version: d.version });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('VERSION_CONFLICT');
    const now = (await contract.get(`/api/contracts/${d.id}`)).body;
    expect(now).toMatchObject({ notes: '先に保存', location: WORK.location });
  });

  it('keeps 建築課 contracts from a 土木課 user', async () => {
    const d = await concluded({ title: '建築課の契約' });
    expect((await works.get(`/api/contracts/${d.id}`)).status).toBe(404);
    expect((await works.get('/api/contracts')).body.rows.some((r: any) => r.id === d.id)).toBe(false);
    expect((await works.post(`/api/contracts/${d.id}/transition`, { to: 'inProgress', version: d.version })).status).toBe(403);
    const viewer = await Client.signIn(t, 'viewer');
    expect((await viewer.get(`/api/contracts/${d.id}`)).status).toBe(200);
  });

  it('checks 少額随意契約 limits by the contract date', async () => {
    const direct = { ...WORK, method: 'negotiated', negotiatedReason: '緊急の修繕（地方自治法施行令第167条の2第1項第5号）', smallContractKind: 'works', bondKind: 'exempt', bondAmount: null, advanceRate: null };
    const before = await contract.post('/api/contracts', { ...direct, vendorId, amount: 1_500_000, contractDate: '2025-03-31', periodFrom: '2025-04-01', periodTo: '2025-05-31' });
    expect(before.status).toBe(400);
    expect(before.body.errors[0].field).toBe('amount');
    expect(before.body.message).toContain('1,300,000円');
    const after = await contract.post('/api/contracts', { ...direct, vendorId, amount: 1_500_000, contractDate: '2025-04-01', periodFrom: '2025-04-02', periodTo: '2025-05-31' });
    expect(after.status).toBe(201);
    expect(after.body).toMatchObject({ smallContractLimit: 2_000_000, taxAmount: 136_363 });
    const noReason = await contract.post('/api/contracts', { ...direct, negotiatedReason: null, vendorId, amount: 100_000 });
    expect(noReason.body.errors[0].field).toBe('negotiatedReason');
  });

  it('lists what falls due on the clerk\'s home, per department', async () => {
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const d = await concluded({ title: '期限間近の工事', contractDate: '2026-04-01', periodFrom: '2026-04-02', periodTo: soon });
    const mine = (await contract.get('/api/contracts/deadlines')).body;
    expect(mine.endingSoon.some((x: any) => x.contractId === d.id)).toBe(true);
    expect(mine).toHaveProperty('ratingsPending');
    const theirs = (await works.get('/api/contracts/deadlines')).body;
    expect(theirs.endingSoon.some((x: any) => x.contractId === d.id)).toBe(false);
    const candidates = (await contract.get('/api/contracts/inspector-candidates')).body;
    expect(candidates.map((c: any) => c.id)).toContain(inspectorId);
  });

  it('offers users with the supervisor role as 監督員 and refuses anyone else', async () => {
    const supervisorId = (await t.dataSource.getRepository(User).findOneByOrFail({ loginId: 'supervisor' })).id;
    const candidates = (await contract.get('/api/contracts/supervisor-candidates')).body;
    expect(candidates.map((c: any) => c.id)).toEqual([supervisorId]);
    expect((await works.get('/api/contracts/supervisor-candidates')).status).toBe(403);
    expect((await inspector.get('/api/contracts/supervisor-candidates')).status).toBe(403);
    const wrong = await contract.post('/api/contracts', { ...WORK, vendorId, supervisorId: inspectorId });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'supervisorId' });
    expect(wrong.body.message).toContain('監督員の役割');
    const ok = await contract.post('/api/contracts', { ...WORK, vendorId, supervisorId });
    expect(ok.status).toBe(201);
    expect(ok.body.supervisorName).toBe(candidates[0].name);
  });
});
