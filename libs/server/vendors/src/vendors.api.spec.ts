import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { JobsService } from '@keiyaku/server/platform';
import { TEST_VENDOR } from './testing/fixtures';
import { todayInJapan } from '@keiyaku/domain';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');


describe('vendor registry (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let viewer: Client;
  let vendorId: number;
  beforeAll(async () => {
    t = await startTestApp();
    contract = await Client.signIn(t, 'contract');
    viewer = await Client.signIn(t, 'viewer');
  });
  afterAll(async () => t?.close());

  it('refuses a wrong 法人番号 with a Japanese message naming corporateNumber', async () => {
    const res = await contract.post('/api/vendors', { ...TEST_VENDOR, corporateNumber: '7000012050003' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('corporateNumber');
    expect(res.body.errors[0].message).toContain('法人番号（corporateNumber）が正しくありません');
  });

  it('checks invoice, postal code and phone formats', async () => {
    const res = await contract.post('/api/vendors', { ...TEST_VENDOR, postalCode: '7470001', phone: '０８３５', invoiceNumber: 'X1' });
    expect(res.body.errors.map((e: any) => e.field).sort()).toEqual(['invoiceNumber', 'phone', 'postalCode']);
    const mismatch = await contract.post('/api/vendors', { ...TEST_VENDOR, invoiceNumber: 'T1234567890123' });
    expect(mismatch.body.errors[0].field).toBe('invoiceNumber');
  });

  it('registers a vendor with an automatic vendor code and a first history version', async () => {
    const res = await contract.post('/api/vendors', TEST_VENDOR);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ vendorCode: '000001', name: '株式会社テスト建設', status: 'active', version: 1, warnings: [] });
    vendorId = res.body.id;
    expect((await viewer.get(`/api/vendors/${vendorId}/history`)).body.map((h: any) => h.summary)).toEqual(['新規登録']);
  });

  it('refuses the same 法人番号 twice and warns on the same name and address', async () => {
    expect((await contract.post('/api/vendors', TEST_VENDOR)).status).toBe(409);
    const similar = await contract.post('/api/vendors', { ...TEST_VENDOR, corporateNumber: null, invoiceNumber: null, entityType: 'individual', name: 'テスト建設', address: '山口県防府市大字台道１番地' });
    expect(similar.status).toBe(201);
    expect(similar.body.warnings[0].reason).toContain('商号と所在地');
    const check = await contract.post('/api/vendors/check-duplicates', { corporateNumber: TEST_VENDOR.corporateNumber });
    expect(check.body.candidates[0].id).toBe(vendorId);
  });

  it('finds 株式会社テスト建設 by ﾃｽﾄｹﾝｾﾂ, by code and by 法人番号', async () => {
    for (const q of ['ﾃｽﾄｹﾝｾﾂ', 'てすと けんせつ', '000001', '7000012050002']) {
      const res = await viewer.get(`/api/vendors?q=${encodeURIComponent(q)}`);
      expect(res.body.rows.map((v: any) => v.id)).toContain(vendorId);
    }
    expect((await viewer.get('/api/vendors?locality=outside')).body.total).toBe(0);
  });

  it('updates with an optimistic lock', async () => {
    const ok = await contract.patch(`/api/vendors/${vendorId}`, { phone: '0835-22-2222', version: 1 });
    expect(ok.body).toMatchObject({ phone: '0835-22-2222', version: 2 });
    const stale = await contract.patch(`/api/vendors/${vendorId}`, { phone: '0835-22-3333', version: 1 });
    expect(stale.status).toBe(409);
    // A required field can be left out of a change, not emptied (it was a 500: NULL into a NOT NULL column).
    const blank = await contract.patch(`/api/vendors/${vendorId}`, { phone: '', name: null, version: 2 });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual(expect.arrayContaining([{ field: 'phone', message: '電話番号（phone）を入力してください。' }, { field: 'name', message: expect.stringContaining('商号又は名称（name）を入力してください') }]));
    expect((await contract.get(`/api/vendors/${vendorId}`)).body).toMatchObject({ phone: '0835-22-2222', version: 2 });
  });

  it('keeps permits, 経審 (P computed per trade), qualifications, measures, offices and contacts', async () => {
    const permit = await contract.post(`/api/vendors/${vendorId}/permits`, { tradeCode: '010', issuer: 'governor', issuerPrefecture: '山口県', grade: 'special', permitNumber: '(特-5)第12345号', permitDate: '2023-07-01', expiresOn: '2028-06-30' });
    expect(permit.status).toBe(201);
    expect((await contract.post(`/api/vendors/${vendorId}/permits`, { tradeCode: '999', issuer: 'governor', grade: 'special', permitNumber: 'x', permitDate: '2023-07-01', expiresOn: '2028-06-30' })).body.errors[0].field).toBe('tradeCode');
    const keishin = await contract.post(`/api/vendors/${vendorId}/keishin`, { baseDate: '2025-03-31', x2: 700, y: 850, w: 1000, scores: [{ tradeCode: '010', x1: 800, z: 900 }, { tradeCode: '130', x1: 600, z: 700 }] });
    expect(keishin.status).toBe(201);
    expect(keishin.body.scores.find((s: any) => s.tradeCode === '010').p).toBe(850);
    const qual = await contract.post(`/api/vendors/${vendorId}/qualifications`, {
      category: 'construction', tradeCode: '010', termCode: 'R7-8', rank: 'C', subjectiveBreakdown: [{ code: 'DISASTER', points: 20 }, { code: 'ISO9001', points: 10 }],
    });
    expect(qual.body).toMatchObject({ rank: 'C', subjectiveScore: 30, validFrom: '2025-04-01', validTo: '2027-03-31', source: 'manual' });
    expect((await contract.post(`/api/vendors/${vendorId}/qualifications`, { category: 'construction', tradeCode: '010', termCode: 'R7-8' })).status).toBe(409);
    // 舗装 without a rank yet: a new applicant for re-ranking.
    expect((await contract.post(`/api/vendors/${vendorId}/qualifications`, { category: 'construction', tradeCode: '130', termCode: 'R7-8' })).body.pScore).toBe(750);
    expect((await contract.post(`/api/vendors/${vendorId}/qualifications`, { category: 'construction', tradeCode: '010', termCode: 'R99' })).body.errors[0].field).toBe('termCode');
    const measure = await contract.post(`/api/vendors/${vendorId}/measures`, { kind: 'suspension', startDate: '2026-05-01', endDate: '2026-05-31', reason: '安全管理措置の不適切により', basis: '指名停止措置要領 別表第1' });
    expect(measure.status).toBe(201);
    expect((await contract.post(`/api/vendors/${vendorId}/measures`, { kind: 'suspension', startDate: '2026-05-01', endDate: '2026-04-30', reason: 'x' })).body.errors[0].field).toBe('endDate');
    expect((await contract.post(`/api/vendors/${vendorId}/offices`, { name: '防府営業所', isDelegate: true, delegateTitle: '所長', delegateName: '山口 次郎' })).status).toBe(201);
    const contact = await contract.post(`/api/vendors/${vendorId}/contacts`, { name: '佐波 花子', department: '工務部', phone: '0835-22-1112', email: 'sawa@example.jp' });
    const changed = await contract.patch(`/api/vendors/${vendorId}/contacts/${contact.body.id}`, { phone: '0835-22-1113', version: contact.body.version });
    expect(changed.body.phone).toBe('0835-22-1113');
    expect((await contract.patch(`/api/vendors/${vendorId}/contacts/${contact.body.id}`, { phone: '0835-22-1114', version: contact.body.version })).status).toBe(409);
    expect((await contract.send('delete', `/api/vendors/${vendorId}/contacts/${contact.body.id}`)).status).toBe(204);
    const detail = (await viewer.get(`/api/vendors/${vendorId}`)).body;
    expect(detail.permits).toHaveLength(1);
    expect(detail.qualifications[0].rank).toBe('C');
    expect(detail.contacts).toHaveLength(0);
    expect((await viewer.get(`/api/vendors/${vendorId}/nonsense`)).status).toBe(400);
  });

  it('attaches one\'s own upload, readable by whoever reads the registry', async () => {
    const upload = await contract.raw('post', '/api/files').field('purpose', 'vendor').attach('file', PDF, '許可証.pdf');
    expect(upload.status).toBe(201);
    const att = await contract.post(`/api/vendors/${vendorId}/attachments`, { fileId: upload.body.id, label: '建設業許可通知書の写し' });
    expect(att.status).toBe(201);
    const listed = (await viewer.get(`/api/vendors/${vendorId}/attachments`)).body;
    expect(listed[0]).toMatchObject({ label: '建設業許可通知書の写し', file: { name: '許可証.pdf', size: PDF.length, contentType: 'application/pdf' } });
    expect((await viewer.get(`/api/files/${upload.body.id}/content`)).status).toBe(200);
    const operator = await Client.signIn(t, 'operator');
    expect((await operator.get(`/api/files/${upload.body.id}/content`)).status).toBe(404);
    const others = await viewer.raw('post', '/api/files').attach('file', PDF, 'x.pdf');
    expect((await contract.post(`/api/vendors/${vendorId}/attachments`, { fileId: others.body.id, label: 'x' })).status).toBe(403);
  });

  it('keeps history: versions, the vendor as of a date, and a diff', async () => {
    const versions = (await viewer.get(`/api/vendors/${vendorId}/history`)).body;
    expect(versions.length).toBeGreaterThanOrEqual(9);
    const first = versions[versions.length - 1].versionNo;
    const last = versions[0].versionNo;
    const diff = (await viewer.get(`/api/vendors/${vendorId}/history/diff?from=${first}&to=${last}`)).body.differences;
    expect(diff).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'phone', before: '0835-22-1111', after: '0835-22-2222' })]));
    expect(diff.some((d: any) => d.path.startsWith('permits[') && d.kind === 'added')).toBe(true);
    const today = todayInJapan();
    expect((await viewer.get(`/api/vendors/${vendorId}/as-of?date=${today}`)).body.snapshot.phone).toBe('0835-22-2222');
    expect((await viewer.get(`/api/vendors/${vendorId}/as-of?date=2000-01-01`)).status).toBe(404);
  });

  it('lists eligible vendors, excluding a suspension on the date, and explains why', async () => {
    const q = 'category=construction&tradeCode=010&rank=C';
    expect((await viewer.get(`/api/vendors/eligible?${q}&date=2026-06-01`)).body.rows.map((r: any) => r.vendorId)).toEqual([vendorId]);
    const suspended = await viewer.get(`/api/vendors/eligible?${q}&date=2026-05-31`);
    expect(suspended.body).toMatchObject({ total: 0, excluded: 1 });
    const why = await viewer.get(`/api/vendors/eligible?${q}&date=2026-05-31&explain=000001`);
    expect(why.body).toMatchObject({ eligible: false });
    expect(why.body.reasons[0]).toContain('指名停止期間中');
    const late = await viewer.get(`/api/vendors/eligible?${q}&date=2026-12-01&explain=000001`);
    expect(late.body.reasons.join()).toContain('経審');
    expect((await viewer.get('/api/vendors/eligible?category=construction&tradeCode=010')).body.errors[0].field).toBe('date');
  });

  it('re-ranks a term as a job, shows before/after, and changes nothing until confirmed', async () => {
    const started = await contract.post('/api/registry/ranking-runs', { category: 'construction', termCode: 'R7-8' });
    expect(started.status).toBe(201);
    await t.app.get(JobsService).idle();
    const run = (await viewer.get(`/api/registry/ranking-runs/${started.body.id}`)).body;
    expect(run.status).toBe('preview');
    const row = run.rows.find((r: any) => r.vendorId === vendorId && r.tradeCode === '010');
    // P 850 + 主観点 30 = 880 → B by points; no previous term, so this term's C is the baseline
    // and one step up is allowed.
    expect(row).toMatchObject({ before: 'C', after: 'B', p: 850, total: 880 });
    expect(row.reasons[0]).toContain('今期のCを基準');
    // P 750 → B by points, but a new applicant starts at the lowest rank (C for 舗装).
    const paving = run.rows.find((r: any) => r.vendorId === vendorId && r.tradeCode === '130');
    expect(paving).toMatchObject({ before: null, after: 'C', p: 750 });
    expect(paving.reasons.join()).toContain('新規申請のため最下位のC');
    expect((await viewer.get(`/api/vendors/${vendorId}`)).body.qualifications[0].rank).toBe('C');
    expect((await viewer.post(`/api/registry/ranking-runs/${run.id}/confirm`, { version: run.version })).status).toBe(403);
    const confirmed = await contract.post(`/api/registry/ranking-runs/${run.id}/confirm`, { version: run.version });
    expect(confirmed.body.status).toBe('confirmed');
    const quals = (await viewer.get(`/api/vendors/${vendorId}`)).body.qualifications;
    expect(quals.find((q: any) => q.tradeCode === '010')).toMatchObject({ rank: 'B', pScore: 850, totalScore: 880, source: 'ranking' });
    expect(quals.find((q: any) => q.tradeCode === '130')).toMatchObject({ rank: 'C', source: 'ranking' });
    expect((await contract.post(`/api/registry/ranking-runs/${run.id}/confirm`, { version: confirmed.body.version })).status).toBe(409);
    const admin = await Client.signIn(t, 'admin');
    expect((await admin.get('/api/audit?action=rerank')).body.rows[0].summary).toContain('1社の格付を更新');
    expect((await viewer.get(`/api/vendors/${vendorId}/history`)).body[0].summary).toContain('格付の再計算');
  });

  it('serves master data to readers and lets administrators change it', async () => {
    const trades = (await viewer.get('/api/registry/trades?category=construction')).body;
    expect(trades).toHaveLength(29);
    expect(trades.find((x: any) => x.code === '290').shortName).toBe('解体');
    const admin = await Client.signIn(t, 'admin');
    const term = await admin.post('/api/registry/terms', { category: 'construction', code: 'R9-10', name: '令和9・10年度', validFrom: '2027-04-01', validTo: '2029-03-31' });
    expect(term.status).toBe(201);
    const dup = await admin.post('/api/registry/terms', { category: 'construction', code: 'R9-10', name: 'x', validFrom: '2027-04-01', validTo: '2029-03-31' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe('有効期間「建設工事・R9-10」は既に登録されています。');
    const bands = await admin.post('/api/registry/ranking-rules', {
      category: 'construction', tradeCode: '010', effectiveFrom: '2027-04-01',
      thresholds: [{ rank: 'A', minTotal: 900 }, { rank: 'B', minTotal: 0 }],
      priceBands: [{ rank: 'A', minPrice: 10_000_000 }, { rank: 'B', minPrice: 20_000_000 }],
    });
    expect(bands.body.errors[0]).toMatchObject({ field: 'priceBands[1].minPrice' });
    expect((await admin.post('/api/registry/terms', { category: 'construction', code: 'BAD', name: 'x', validFrom: '2027-04-01', validTo: '2026-03-31' })).body.errors[0].field).toBe('validTo');
    const rule = await admin.post('/api/registry/ranking-rules', { category: 'construction', tradeCode: '010', effectiveFrom: '2027-04-01', thresholds: [{ rank: 'A', minTotal: 800 }, { rank: 'B', minTotal: 900 }] });
    expect(rule.body.errors[0].field).toBe('thresholds[1].minTotal');
    expect((await contract.post('/api/registry/terms', { category: 'construction', code: 'X', name: 'x', validFrom: '2027-04-01', validTo: '2029-03-31' })).status).toBe(403);
    expect((await viewer.get('/api/registry/nope')).status).toBe(400);
  });

  it('keeps registry data away from roles without it, and writes away from readers', async () => {
    const operator = await Client.signIn(t, 'operator');
    expect((await operator.get('/api/vendors')).status).toBe(403);
    expect((await operator.get(`/api/vendors/${vendorId}`)).status).toBe(403);
    expect((await viewer.post('/api/vendors', TEST_VENDOR)).status).toBe(403);
    expect((await viewer.patch(`/api/vendors/${vendorId}`, { phone: '0835-22-9999', version: 3 })).status).toBe(403);
    expect((await viewer.post(`/api/vendors/${vendorId}/offices`, { name: 'x' })).status).toBe(403);
    const works = await Client.signIn(t, 'works');
    expect((await works.get(`/api/vendors/${vendorId}`)).status).toBe(200);
    expect((await works.post('/api/registry/ranking-runs', { category: 'construction', termCode: 'R7-8' })).status).toBe(403);
  });
});
