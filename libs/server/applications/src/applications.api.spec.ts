import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { MailMessage } from '@keiyaku/server/platform';
import { KeishinResult, Qualification, Trade, Vendor, VendorPermit, VendorVersion } from '@keiyaku/server/vendors';
import { SettingsService } from '@keiyaku/server/core';
import { QualApplication } from './entities/application.entities';
import { corporateNumber, draftComplete, lastMailTo, openRegularPeriod, PDF_BYTES, signUpVendor, VENDOR_PASSWORD, VendorClient } from './testing/portal-client';

describe('qualification applications (HTTP)', () => {
  let t: TestApp;
  let staff: Client;
  let seq = 0;
  const nextCorp = () => corporateNumber(String(100000000000 + ++seq * 7919));

  beforeAll(async () => {
    t = await startTestApp();
    if (process.env.DEBUG_ERRORS) t.app.useLogger(console as never);
    await openRegularPeriod(t);
    staff = await Client.signIn(t, 'contract');
  });
  afterAll(async () => t?.close());

  async function vendor(label: string) {
    const corp = nextCorp();
    const email = `${label}-${seq}@example.jp`;
    const client = await signUpVendor(t, email, corp, `${label}建設株式会社`);
    return { client, corp, email, name: `${label}建設株式会社` };
  }

  describe('vendor accounts', () => {
    it('signs up with e-mail verification through the outbox; one account per 法人番号', async () => {
      const c = new VendorClient(t);
      const corp = nextCorp();
      const email = `new-${seq}@example.jp`;
      expect((await c.post('/api/portal/auth/signup', { email, password: 'short', companyName: 'A', entityType: 'corporation', corporateNumber: corp })).status).toBe(400);
      expect((await c.post('/api/portal/auth/signup', { email, password: VENDOR_PASSWORD, companyName: 'A', entityType: 'corporation', corporateNumber: '1234567890123' })).body.errors[0].field).toBe('corporateNumber');
      expect((await c.post('/api/portal/auth/signup', { email, password: VENDOR_PASSWORD, companyName: 'A株式会社', entityType: 'corporation', corporateNumber: corp })).status).toBe(202);
      const mail = await lastMailTo(t.dataSource, email);
      expect(mail.subject).toContain('メールアドレスの確認');
      expect(mail.token).toBeTruthy();
      // Not verified yet: no session.
      const early = await c.post('/api/portal/auth/login', { email, password: VENDOR_PASSWORD });
      expect([early.status, early.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
      const again = await new VendorClient(t).post('/api/portal/auth/signup', { email: `other-${email}`, password: VENDOR_PASSWORD, companyName: 'B', entityType: 'corporation', corporateNumber: corp });
      expect(again.status).toBe(409);
      expect((await c.post('/api/portal/auth/verify', { token: 'x'.repeat(40) })).status).toBe(400);
      expect((await c.post('/api/portal/auth/verify', { token: mail.token })).status).toBe(204);
      // A link works once.
      expect((await c.post('/api/portal/auth/verify', { token: mail.token })).status).toBe(400);
      expect((await c.post('/api/portal/auth/login', { email, password: 'wrong-password-1' })).status).toBe(401);
      const ok = await c.post('/api/portal/auth/login', { email: email.toUpperCase(), password: VENDOR_PASSWORD });
      expect(ok.status).toBe(200);
      expect((await c.get('/api/portal/auth/me')).body).toMatchObject({ email, corporateNumber: corp, status: 'active' });
      // Writes need the portal's CSRF token.
      const noCsrf = await t.http().post('/api/portal/applications').set('Cookie', c.cookieHeader).send({ kind: 'regular', category: 'construction' });
      expect(noCsrf.status).toBe(403);
      expect((await c.post('/api/portal/auth/logout')).status).toBe(204);
      expect((await c.get('/api/portal/auth/me')).status).toBe(401);
    });

    it('resets a password through a mailed one-time link and ends open sessions', async () => {
      const v = await vendor('再設定');
      const answer = await new VendorClient(t).post('/api/portal/auth/reset-request', { email: 'nobody@example.jp' });
      expect(answer.status).toBe(202);
      expect((await new VendorClient(t).post('/api/portal/auth/reset-request', { email: v.email })).status).toBe(202);
      const { token } = await lastMailTo(t.dataSource, v.email);
      expect((await new VendorClient(t).post('/api/portal/auth/reset', { token, password: 'abc' })).status).toBe(400);
      expect((await new VendorClient(t).post('/api/portal/auth/reset', { token, password: 'a-new-password-2026' })).status).toBe(204);
      expect((await v.client.get('/api/portal/auth/me')).status).toBe(401);
      expect((await new VendorClient(t).post('/api/portal/auth/login', { email: v.email, password: VENDOR_PASSWORD })).status).toBe(401);
      expect((await new VendorClient(t).post('/api/portal/auth/login', { email: v.email, password: 'a-new-password-2026' })).status).toBe(200);
    });

    it('staff invite and lock accounts; a locked account cannot sign in and loses its session', async () => {
      const invited = await staff.post('/api/qualification/accounts', { email: 'invited@example.jp', companyName: '招待工業株式会社', entityType: 'corporation', corporateNumber: nextCorp() });
      expect(invited.status).toBe(201);
      const { token, text } = await lastMailTo(t.dataSource, 'invited@example.jp');
      expect(text).toContain('invite=1');
      expect((await new VendorClient(t).post('/api/portal/auth/reset', { token, password: 'invited-pass-2026' })).status).toBe(204);
      const c = new VendorClient(t);
      expect((await c.post('/api/portal/auth/login', { email: 'invited@example.jp', password: 'invited-pass-2026' })).status).toBe(200);
      const account = (await staff.get('/api/qualification/accounts')).body.rows.find((a: { email: string }) => a.email === 'invited@example.jp');
      expect((await staff.post(`/api/qualification/accounts/${account.id}/lock`, { version: account.version })).status).toBe(201);
      expect((await c.get('/api/portal/auth/me')).status).toBe(401);
      const refused = await new VendorClient(t).post('/api/portal/auth/login', { email: 'invited@example.jp', password: 'invited-pass-2026' });
      expect([refused.status, refused.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    });

    it('vendor and staff sessions never open each other\'s routes', async () => {
      const v = await vendor('分離');
      for (const url of ['/api/vendors', '/api/auth/me', '/api/qualification/applications', '/api/qualification/accounts']) {
        expect([url, (await v.client.get(url)).status]).toEqual([url, 401]);
      }
      for (const url of ['/api/portal/auth/me', '/api/portal/applications', '/api/portal/options']) {
        expect([url, (await staff.get(url)).status]).toEqual([url, 401]);
      }
      // Both cookies in one browser: each side still sees only its own principal.
      const both = new VendorClient(t);
      both.addCookies(v.client.cookieHeader);
      both.addCookies(staff.cookieHeader);
      expect((await both.get('/api/portal/auth/me')).body.email).toBe(v.email);
      expect((await both.get('/api/auth/me')).body.loginId).toBe('contract');
      // Staff without qualification.review get 403 on the review routes.
      expect((await (await Client.signIn(t, 'viewer')).get('/api/qualification/applications')).status).toBe(403);
    });
  });

  describe('applications', () => {
    it('vendor A gets 404 on every portal route for vendor B\'s application and attachments', async () => {
      const a = await vendor('甲');
      const b = await vendor('乙');
      const app = await draftComplete(a.client, a.corp, a.name, a.email);
      const att = app.attachments[0];
      const version = app.version;
      const urls: Array<[string, () => Promise<{ status: number }>]> = [
        ['GET app', () => b.client.get(`/api/portal/applications/${app.id}`)],
        ['PUT step', () => b.client.put(`/api/portal/applications/${app.id}/steps/staff`, { version, value: { total: 1, construction: 1, technical: 1, other: 0 } })],
        ['POST attachment', () => b.client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', 'workHistory').attach('file', PDF_BYTES, 'x.pdf')],
        ['GET attachment', () => b.client.get(`/api/portal/applications/${app.id}/attachments/${att.id}/content`)],
        ['GET attachment via own app', async () => {
          const own = (await b.client.post('/api/portal/applications', { kind: 'regular', category: 'construction' })).body;
          return b.client.get(`/api/portal/applications/${own.id}/attachments/${att.id}/content`);
        }],
        ['DELETE attachment', () => b.client.delete(`/api/portal/applications/${app.id}/attachments/${att.id}`)],
        ['POST submit', () => b.client.post(`/api/portal/applications/${app.id}/submit`, { version })],
        ['GET receipt', () => b.client.get(`/api/portal/applications/${app.id}/receipt`)],
      ];
      for (const [name, call] of urls) expect([name, (await call()).status]).toEqual([name, 404]);
      expect((await b.client.get('/api/portal/applications')).body.rows.map((r: { id: number }) => r.id)).not.toContain(app.id);
      // Nothing of A's changed, and A still reads its own.
      const mine = await a.client.get(`/api/portal/applications/${app.id}`);
      expect(mine.body.version).toBe(version);
      expect((await a.client.get(`/api/portal/applications/${app.id}/attachments/${att.id}/content`)).status).toBe(200);
    });

    it('checks each step in Japanese, uploads by their bytes and size, and lists what submission lacks', async () => {
      const v = await vendor('検証');
      const app = (await v.client.post('/api/portal/applications', { kind: 'regular', category: 'construction' })).body;
      expect(app).toMatchObject({ status: 'draft', termCode: 'R7-8', receiptNumber: null });
      const bad = await v.client.put(`/api/portal/applications/${app.id}/steps/company`, { version: app.version, value: { entityType: 'corporation', corporateNumber: v.corp, name: '', nameKana: 'abc!', postalCode: '7470001', address: 'x', phone: '0835-25-2111', email: 'a@b.jp' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'nameKana', 'postalCode']);
      expect(bad.body.message).toContain('商号又は名称');
      expect((await v.client.put(`/api/portal/applications/${app.id}/steps/nonsense`, { version: app.version, value: {} })).status).toBe(404);
      const exe = await v.client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', 'workHistory').attach('file', Buffer.from('MZ\x90\x00this is no pdf'), 'evil.pdf');
      expect(exe.status).toBe(400);
      const unknownItem = await v.client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', 'nope').attach('file', PDF_BYTES, 'a.pdf');
      expect(unknownItem.status).toBe(400);
      const settings = t.app.get(SettingsService);
      await settings.update('applications.maxAttachmentMb', 1, 0);
      const big = Buffer.concat([PDF_BYTES, Buffer.alloc(1_200_000, 32)]);
      const tooBig = await v.client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', 'workHistory').attach('file', big, 'big.pdf');
      expect([tooBig.status, tooBig.body.message]).toEqual([400, expect.stringContaining('大きすぎます')]);
      await settings.update('applications.maxAttachmentMb', 10, 1);
      const png = await v.client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', 'workHistory').attach('file', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), '経歴.png');
      expect(png.status).toBe(201);
      expect(png.body).toMatchObject({ contentType: 'image/png', fileName: '経歴.png' });
      const submit = await v.client.post(`/api/portal/applications/${app.id}/submit`, { version: app.version });
      expect(submit.status).toBe(400);
      const fields = submit.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['company.nameKana', 'representative', 'permits', 'declarations', 'attachments.keishinNotice']));
      expect(fields).not.toContain('attachments.workHistory');
      // A second open application for the same category and term is refused.
      expect((await v.client.post('/api/portal/applications', { kind: 'regular', category: 'construction' })).status).toBe(409);
      // 変更届 needs a registered vendor.
      expect((await v.client.post('/api/portal/applications', { kind: 'change', category: 'survey' })).status).toBe(400);
    });

    it('the correction loop: submit → receipt → corrections → fix → resubmit → approve writes the registry with the rank', async () => {
      const v = await vendor('補正');
      let app = await draftComplete(v.client, v.corp, v.name, v.email);
      const submitted = await v.client.post(`/api/portal/applications/${app.id}/submit`, { version: app.version });
      expect(submitted.status).toBe(200);
      app = submitted.body;
      expect(app.status).toBe('submitted');
      expect(app.receiptNumber).toMatch(/^\d{4}-K-\d{5}$/);
      expect((await lastMailTo(t.dataSource, v.email)).subject).toContain(app.receiptNumber);
      const receipt = await v.client.get(`/api/portal/applications/${app.id}/receipt`);
      expect(receipt.status).toBe(200);
      expect(receipt.headers['content-type']).toBe('application/pdf');
      expect(receipt.body.subarray(0, 5).toString()).toBe('%PDF-');
      // Submitted: the vendor can no longer edit.
      expect((await v.client.put(`/api/portal/applications/${app.id}/steps/staff`, { version: app.version, value: { total: 1, construction: 1, technical: 1, other: 0 } })).status).toBe(409);

      const queue = await staff.get('/api/qualification/applications?status=submitted');
      expect(queue.body.rows.map((r: { id: number }) => r.id)).toContain(app.id);
      const counts = (await staff.get('/api/qualification/applications/counts?category=construction')).body;
      expect(counts.counts.submitted).toBeGreaterThanOrEqual(1);
      expect(counts.waiting).toBe(counts.counts.submitted + counts.counts.resubmitted);
      let review = (await staff.get(`/api/qualification/applications/${app.id}`)).body;
      expect(review.registry).toBeNull();
      expect(review.comparison.find((r: { field: string }) => r.field === 'company.name')).toMatchObject({ applied: v.name, registry: null, differs: false });
      expect(review.trades[0]).toMatchObject({ tradeCode: '010', p: Math.round(0.25 * 800 + 0.15 * 700 + 0.2 * 800 + 0.25 * 750 + 0.15 * 600) });
      const staffFile = await staff.get(`/api/qualification/applications/${app.id}/attachments/${review.attachments[0].id}/content`);
      expect(staffFile.status).toBe(200);
      review = (await staff.put(`/api/qualification/applications/${app.id}/checklist`, { version: review.version, checklist: { eligibility: true, completeness: true } })).body;
      expect(review.reviewChecklist.filter((c: { checked: boolean }) => c.checked).length).toBe(2);

      const corr = await staff.post(`/api/qualification/applications/${app.id}/corrections`, {
        version: review.version,
        items: [
          { target: 'field', key: 'company.address', comment: '所在地は登記簿のとおり番地まで記載してください。' },
          { target: 'attachment', key: 'nationalTax', comment: '納税証明書は発行後3か月以内のものを添付してください。' },
        ],
      });
      expect(corr.status).toBe(201);
      expect(corr.body.status).toBe('correction');
      expect((await lastMailTo(t.dataSource, v.email)).subject).toContain('補正');

      let mine = (await v.client.get(`/api/portal/applications/${app.id}`)).body;
      expect(mine.status).toBe('correction');
      expect(mine.corrections.map((c: { key: string }) => c.key)).toEqual(['company.address', 'nationalTax']);
      const fixed = await v.client.put(`/api/portal/applications/${app.id}/steps/company`, { version: mine.version, value: { ...mine.form.company, address: '山口県防府市寿町7番1号' } });
      expect(fixed.status).toBe(200);
      const upload = await v.client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', 'nationalTax').attach('file', PDF_BYTES, '納税証明書_新.pdf');
      expect(upload.body.roundNo).toBe(2);
      // What staff already received cannot be removed; this round's upload can.
      const old = mine.attachments.find((a: { itemCode: string }) => a.itemCode === 'nationalTax');
      expect((await v.client.delete(`/api/portal/applications/${app.id}/attachments/${old.id}`)).status).toBe(409);
      mine = (await v.client.get(`/api/portal/applications/${app.id}`)).body;
      const resubmitted = await v.client.post(`/api/portal/applications/${app.id}/submit`, { version: mine.version });
      expect(resubmitted.body).toMatchObject({ status: 'resubmitted', roundNo: 2, receiptNumber: app.receiptNumber });

      review = (await staff.get(`/api/qualification/applications/${app.id}`)).body;
      expect(review.rounds.map((r: { roundNo: number; corrections: unknown[] | null }) => [r.roundNo, r.corrections?.length ?? 0])).toEqual([[1, 2], [2, 0]]);
      expect(review.rounds[0].form.company.address).toBe('山口県防府市寿町1-1');
      expect(review.form.company.address).toBe('山口県防府市寿町7番1号');
      // A stale version is refused.
      expect((await staff.post(`/api/qualification/applications/${app.id}/approve`, { version: review.version - 1 })).status).toBe(409);
      const approved = await staff.post(`/api/qualification/applications/${app.id}/approve`, { version: review.version });
      expect(approved.status).toBe(201);
      expect(approved.body.status).toBe('approved');
      const vendorRow = await t.dataSource.getRepository(Vendor).findOneByOrFail({ corporateNumber: v.corp });
      expect(vendorRow).toMatchObject({ name: v.name, address: '山口県防府市寿町7番1号', locality: 'local', capital: 30_000_000, representativeName: '防府太郎' });
      expect(await t.dataSource.getRepository(VendorPermit).findBy({ vendorId: vendorRow.id })).toHaveLength(1);
      expect((await t.dataSource.getRepository(KeishinResult).findOneByOrFail({ vendorId: vendorRow.id })).scores[0].p).toBe(review.trades[0].p);
      const q = await t.dataSource.getRepository(Qualification).findOneByOrFail({ vendorId: vendorRow.id, tradeCode: '010', termCode: 'R7-8' });
      // New applicant: the lowest rank whatever the points (the seeded rule for 土木).
      expect(q).toMatchObject({ rank: 'D', source: 'application', subjectiveScore: 20, totalScore: review.trades[0].p + 20 });
      expect(await t.dataSource.getRepository(VendorVersion).countBy({ vendorId: vendorRow.id })).toBe(1);
      expect((await lastMailTo(t.dataSource, v.email)).text).toContain(`業者番号: ${vendorRow.vendorCode}`);
      expect((await v.client.get('/api/portal/auth/me')).body.vendorId).toBe(vendorRow.id);
      // Decided: nothing more.
      expect((await staff.post(`/api/qualification/applications/${app.id}/reject`, { version: approved.body.version, reason: 'x' })).status).toBe(409);
      // The registry's own screen shows it.
      expect((await staff.get(`/api/vendors/${vendorRow.id}`)).body.qualifications[0].rank).toBe('D');
      // The qualified list (public and as a report).
      const pub = await t.http().get('/api/portal/qualified?category=construction&termCode=R7-8');
      expect(pub.body.rows.find((r: { vendorCode: string }) => r.vendorCode === vendorRow.vendorCode)).toMatchObject({ name: v.name, trades: [{ tradeCode: '010', rank: 'D' }] });
      const pdf = await staff.get('/api/reports/qualified-list?format=pdf&category=construction&termCode=R7-8');
      expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
      const xlsx = await staff.get('/api/reports/qualified-list?format=xlsx&category=construction&termCode=R7-8');
      expect(xlsx.status).toBe(200);
    });

    it('the queue pages on the server with kind, category, status and term filters, counts and search', async () => {
      const v = await vendor('一覧');
      let app = await draftComplete(v.client, v.corp, v.name, v.email);
      app = (await v.client.post(`/api/portal/applications/${app.id}/submit`, { version: app.version })).body;
      const draftOnly = await vendor('下書');
      const draft = (await draftOnly.client.post('/api/portal/applications', { kind: 'regular', category: 'construction' })).body;
      const ids = async (qs: string) => (await staff.get(`/api/qualification/applications?${qs}`)).body.rows.map((r: { id: number }) => r.id);
      expect(await ids('limit=1000')).toContain(app.id);
      // Drafts are the vendor's own business.
      expect(await ids('limit=1000')).not.toContain(draft.id);
      expect(await ids('status=submitted&kind=regular&category=construction&termCode=R7-8')).toContain(app.id);
      expect(await ids('status=approved')).not.toContain(app.id);
      expect(await ids('category=survey')).not.toContain(app.id);
      expect(await ids('kind=additional')).not.toContain(app.id);
      expect(await ids('termCode=R9-10')).not.toContain(app.id);
      expect(await ids(`q=${encodeURIComponent(app.receiptNumber)}`)).toEqual([app.id]);
      expect(await ids(`q=${encodeURIComponent('一覧建設')}`)).toEqual([app.id]);
      const page = (await staff.get('/api/qualification/applications?limit=1&offset=0&sort=receiptNumber:asc')).body;
      expect(page.rows).toHaveLength(1);
      expect(page.total).toBeGreaterThan(1);
      expect(page.rows[0]).toMatchObject({ kindName: expect.any(String), statusName: expect.any(String), companyName: expect.any(String) });
      const bad = await staff.get('/api/qualification/applications?status=nonsense');
      expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('状態')]);
      expect((await staff.get('/api/qualification/applications?status=draft')).status).toBe(400);
      const before = (await staff.get('/api/qualification/applications/counts?termCode=R7-8')).body;
      expect(Object.keys(before.counts).sort()).toEqual(['approved', 'correction', 'rejected', 'resubmitted', 'submitted']);
      expect(before.total).toBe((await staff.get('/api/qualification/applications?termCode=R7-8')).body.total);
      expect((await staff.get('/api/qualification/applications/counts?category=goods')).body.total).toBe(0);
      expect((await staff.get('/api/qualification/applications/terms')).body).toContain('R7-8');
      const xlsx = await staff.get('/api/qualification/applications?format=xlsx&status=submitted');
      expect([xlsx.status, xlsx.headers['content-type']]).toEqual([200, expect.stringContaining('spreadsheetml')]);
    });

    it('lists vendor accounts page by page with a status filter', async () => {
      const v = await vendor('名簿');
      const all = (await staff.get(`/api/qualification/accounts?q=${encodeURIComponent(v.email)}`)).body;
      expect(all.rows.map((r: { email: string }) => r.email)).toEqual([v.email]);
      expect(all.rows[0]).toMatchObject({ status: 'active', companyName: v.name, version: expect.any(Number) });
      expect((await staff.get('/api/qualification/accounts?status=locked')).body.rows.map((r: { email: string }) => r.email)).not.toContain(v.email);
      expect((await staff.get('/api/qualification/accounts?limit=1')).body.rows).toHaveLength(1);
      expect((await staff.get('/api/qualification/accounts?status=x')).status).toBe(400);
    });

    it('a failure in the middle of approval leaves the registry and the application unchanged', async () => {
      const v = await vendor('失敗');
      let app = await draftComplete(v.client, v.corp, v.name, v.email, '130');
      app = (await v.client.post(`/api/portal/applications/${app.id}/submit`, { version: app.version })).body;
      const before = {
        vendors: await t.dataSource.getRepository(Vendor).count(),
        permits: await t.dataSource.getRepository(VendorPermit).count(),
        keishin: await t.dataSource.getRepository(KeishinResult).count(),
        versions: await t.dataSource.getRepository(VendorVersion).count(),
        mails: await t.dataSource.getRepository(MailMessage).count(),
      };
      // The trade is withdrawn from use after submission: the writer fails at the qualifications,
      // after the vendor, its permits and its 経審 have been written inside the transaction.
      await t.dataSource.getRepository(Trade).update({ category: 'construction', code: '130' }, { active: false });
      const review = (await staff.get(`/api/qualification/applications/${app.id}`)).body;
      const failed = await staff.post(`/api/qualification/applications/${app.id}/approve`, { version: review.version });
      expect(failed.status).toBe(400);
      expect(failed.body.message).toContain('130');
      expect({
        vendors: await t.dataSource.getRepository(Vendor).count(),
        permits: await t.dataSource.getRepository(VendorPermit).count(),
        keishin: await t.dataSource.getRepository(KeishinResult).count(),
        versions: await t.dataSource.getRepository(VendorVersion).count(),
        mails: await t.dataSource.getRepository(MailMessage).count(),
      }).toEqual(before);
      expect(await t.dataSource.getRepository(Vendor).findOneBy({ corporateNumber: v.corp })).toBeNull();
      expect(await t.dataSource.getRepository(QualApplication).findOneByOrFail({ id: app.id })).toMatchObject({ status: 'submitted', vendorId: null, version: review.version });
      await t.dataSource.getRepository(Trade).update({ category: 'construction', code: '130' }, { active: true });
      const ok = await staff.post(`/api/qualification/applications/${app.id}/approve`, { version: review.version });
      expect(ok.status).toBe(201);
      // 舗装 ranks only local firms; this one is local.
      expect(ok.body.result.qualifications[0]).toMatchObject({ tradeCode: '130', rank: 'C' });
    });

    it('rejects with a reason the vendor sees', async () => {
      const v = await vendor('不認定');
      let app = await draftComplete(v.client, v.corp, v.name, v.email);
      app = (await v.client.post(`/api/portal/applications/${app.id}/submit`, { version: app.version })).body;
      const review = (await staff.get(`/api/qualification/applications/${app.id}`)).body;
      expect((await staff.post(`/api/qualification/applications/${app.id}/reject`, { version: review.version })).status).toBe(400);
      expect((await staff.post(`/api/qualification/applications/${app.id}/reject`, { version: review.version, reason: '営業年数が要件に満たないため。' })).status).toBe(201);
      expect((await v.client.get(`/api/portal/applications/${app.id}`)).body).toMatchObject({ status: 'rejected', decisionReason: '営業年数が要件に満たないため。' });
    });

    it('limits sign-up, sign-in and reset attempts per address', async () => {
      // A fresh server: the other tests' attempts from this address do not count.
      const fresh = await startTestApp();
      try {
        await fresh.app.get(SettingsService).update('portal.rateLimitPerHour', 2, 0);
        const c = new VendorClient(fresh);
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await c.post('/api/portal/auth/login', { email: 'flood@example.jp', password: 'whatever-123456' })).status);
        expect(statuses).toEqual([401, 401, 429]);
        const resets: number[] = [];
        for (let i = 0; i < 3; i++) resets.push((await c.post('/api/portal/auth/reset-request', { email: 'flood@example.jp' })).status);
        expect(resets).toEqual([202, 202, 429]);
        const signups: number[] = [];
        for (let i = 0; i < 3; i++) signups.push((await c.post('/api/portal/auth/signup', { email: 'flood@example.jp', password: 'short' })).status);
        expect(signups).toEqual([400, 400, 429]);
        const refused = await c.post('/api/portal/auth/login', { email: 'flood@example.jp', password: 'whatever-123456' });
        expect(refused.body.message).toContain('試行回数');
      } finally {
        await fresh.close();
      }
    });
  });
});
