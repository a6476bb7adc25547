import { generateKeyPairSync, sign } from 'node:crypto';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { AuditLog } from '@keiyaku/server/audit';
import { loadConfig } from '@keiyaku/server/core';
import { Qualification, Vendor } from '@keiyaku/server/vendors';
import { canonicalJson } from './approval-packages.service';
import { QualAppPackage, QualPackageImport } from './entities/package.entities';
import { corporateNumber, draftComplete, lastMailTo, openRegularPeriod, signUpVendor } from './testing/portal-client';

const b64 = (k: ReturnType<typeof generateKeyPairSync>['privateKey'], type: 'pkcs8' | 'spki') => k.export({ format: 'der', type }).toString('base64');

/**
 * Split deployment: a PORTAL_ONLY server (its own database) approves into a signed package; the
 * contract system (another database) imports it after checking the Ed25519 signature, and
 * refuses, with a Japanese message and an audit entry, a tampered, unknown-key or replayed one.
 */
describe('approval packages: portal alone → signed package → contract system (HTTP)', () => {
  const portalKeys = generateKeyPairSync('ed25519');
  const otherKeys = generateKeyPairSync('ed25519');
  let portal: TestApp;
  let contract: TestApp;
  let portalStaff: Client;
  let contractStaff: Client;
  let seq = 0;

  beforeAll(async () => {
    portal = await startTestApp({ PORTAL_ONLY: 'true', PACKAGE_SIGNING_KEY: b64(portalKeys.privateKey, 'pkcs8') });
    contract = await startTestApp({ PACKAGE_VERIFY_KEYS: `${b64(otherKeys.publicKey, 'spki')},${portalKeys.publicKey.export({ format: 'pem', type: 'spki' }).toString().replace(/\n/g, '\\n')}` });
    await openRegularPeriod(portal);
    portalStaff = await Client.signIn(portal, 'contract');
    contractStaff = await Client.signIn(contract, 'contract');
  });
  afterAll(async () => {
    await portal?.close();
    await contract?.close();
  });

  /** A vendor applies on the portal and staff there approve: the package's row. */
  async function approvedOnPortal(label: string) {
    const corp = corporateNumber(String(300000000000 + ++seq * 7919));
    const email = `pkg-${label}-${seq}@example.jp`;
    const name = `${label}工務店株式会社`;
    const vendor = await signUpVendor(portal, email, corp, name);
    let app = await draftComplete(vendor, corp, name, email);
    app = (await vendor.post(`/api/portal/applications/${app.id}/submit`, { version: app.version })).body;
    const review = (await portalStaff.get(`/api/qualification/applications/${app.id}`)).body;
    const approved = await portalStaff.post(`/api/qualification/applications/${app.id}/approve`, { version: review.version });
    expect(approved.status).toBe(201);
    return { corp, email, name, app, approved: approved.body };
  }

  async function download(rowId: number) {
    const res = await portalStaff.get(`/api/qualification/packages/${rowId}/content`);
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
    return JSON.parse(res.text ?? res.body.toString());
  }

  const audits = (t: TestApp, action: string) => t.dataSource.getRepository(AuditLog).find({ where: { action }, order: { id: 'ASC' } });

  it('PORTAL_ONLY needs a signing key, and serves the portal and review without the contract system', async () => {
    expect(() => loadConfig({ PORTAL_ONLY: 'true' })).toThrow(/PACKAGE_SIGNING_KEY/);
    for (const url of ['/api/contracts', '/api/tenders', '/api/imports/runs']) expect([url, (await portalStaff.get(url)).status]).toEqual([url, 404]);
    expect((await contractStaff.get('/api/contracts')).status).toBe(200);
    expect((await portal.http().get('/api/portal/qualified?category=construction&termCode=R7-8')).status).toBe(200);
    expect((await portalStaff.get('/api/qualification/packages/public-key')).body.publicKey).toBe(b64(portalKeys.publicKey, 'spki'));
  });

  it('approval on the portal signs a package and writes no registry there; the contract system imports it with the rank', async () => {
    const before = await portal.dataSource.getRepository(Vendor).count();
    const { corp, email, name, app, approved } = await approvedOnPortal('取込');
    expect(approved).toMatchObject({ status: 'approved', portalOnly: true, result: { vendorId: null, packageId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(approved.packages).toHaveLength(1);
    expect(await portal.dataSource.getRepository(Vendor).count()).toBe(before);
    expect((await lastMailTo(portal.dataSource, email)).text).toContain('業者台帳への登録後');
    const list = (await portalStaff.get('/api/qualification/packages')).body;
    expect(list.rows.find((r: { receiptNumber: string }) => r.receiptNumber === app.receiptNumber)).toMatchObject({ companyName: name, downloadedAt: null });

    const pkg = await download(approved.packages[0].id);
    expect(pkg).toMatchObject({ format: 'keiyaku.qualification-approval', version: 1, packageId: approved.result.packageId, payload: { application: { receiptNumber: app.receiptNumber } } });
    expect((await portal.dataSource.getRepository(QualAppPackage).findOneByOrFail({ id: approved.packages[0].id })).downloadCount).toBe(1);
    // The portal has no registry to import into.
    expect((await portalStaff.post('/api/qualification/packages/import', pkg)).status).toBe(400);

    const imported = await contractStaff.post('/api/qualification/packages/import', pkg);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ receiptNumber: app.receiptNumber, created: true, qualifications: [{ tradeCode: '010', rank: 'D' }] });
    const vendor = await contract.dataSource.getRepository(Vendor).findOneByOrFail({ corporateNumber: corp });
    expect(vendor).toMatchObject({ name, address: '山口県防府市寿町1-1', locality: 'local' });
    expect(await contract.dataSource.getRepository(Qualification).findOneByOrFail({ vendorId: vendor.id, tradeCode: '010', termCode: 'R7-8' })).toMatchObject({ rank: 'D', source: 'application' });
    expect((await audits(contract, 'importPackage')).map((a) => a.entityId)).toContain(pkg.packageId);
  });

  it('refuses a replayed package (the same file, or the same approval re-signed) and audits it', async () => {
    const { approved } = await approvedOnPortal('再送');
    const pkg = await download(approved.packages[0].id);
    expect((await contractStaff.post('/api/qualification/packages/import', pkg)).status).toBe(200);
    const vendors = await contract.dataSource.getRepository(Vendor).count();
    const again = await contractStaff.post('/api/qualification/packages/import', pkg);
    expect([again.status, again.body.code]).toEqual([409, 'PACKAGE_REPLAYED']);
    expect(again.body.message).toContain('取込済み');
    // A new package id around the same approval, validly signed: still the same approval.
    const { signature: _old, ...unsigned } = { ...pkg, packageId: '00000000-0000-4000-8000-000000000001' };
    const resigned = { ...unsigned, signature: sign(null, Buffer.from(canonicalJson(unsigned)), portalKeys.privateKey).toString('base64') };
    const twice = await contractStaff.post('/api/qualification/packages/import', resigned);
    expect([twice.status, twice.body.code]).toEqual([409, 'PACKAGE_REPLAYED']);
    expect(await contract.dataSource.getRepository(Vendor).count()).toBe(vendors);
    expect(await contract.dataSource.getRepository(QualPackageImport).countBy({ receiptNumber: pkg.payload.application.receiptNumber })).toBe(1);
    const refusals = await audits(contract, 'refusePackage');
    expect(refusals.filter((a) => a.summary?.includes(pkg.payload.application.receiptNumber)).length).toBe(2);
  });

  it('refuses a tampered package, one signed by an unknown key and a file that is no package, with Japanese messages', async () => {
    const { corp, approved } = await approvedOnPortal('改ざん');
    const pkg = await download(approved.packages[0].id);
    const tampered = JSON.parse(JSON.stringify(pkg));
    tampered.payload.approval.vendor.capital = 999_000_000;
    const res = await contractStaff.post('/api/qualification/packages/import', tampered);
    expect([res.status, res.body.code]).toEqual([400, 'PACKAGE_SIGNATURE_INVALID']);
    expect(res.body.message).toContain('改ざん');
    const flipped = { ...pkg, signature: Buffer.from(Buffer.from(pkg.signature, 'base64').map((b: number, i: number) => (i === 0 ? b ^ 1 : b))).toString('base64') };
    expect((await contractStaff.post('/api/qualification/packages/import', flipped)).body.code).toBe('PACKAGE_SIGNATURE_INVALID');
    const { signature: _s, ...unsigned } = { ...pkg, keyId: '0123456789abcdef' };
    const stranger = { ...unsigned, signature: sign(null, Buffer.from(canonicalJson(unsigned)), generateKeyPairSync('ed25519').privateKey).toString('base64') };
    const unknown = await contractStaff.post('/api/qualification/packages/import', stranger);
    expect([unknown.status, unknown.body.code]).toEqual([400, 'PACKAGE_KEY_UNKNOWN']);
    expect(unknown.body.message).toContain('PACKAGE_VERIFY_KEYS');
    const junk = await contractStaff.post('/api/qualification/packages/import', { hello: 'world' });
    expect([junk.status, junk.body.code, junk.body.message]).toEqual([400, 'PACKAGE_INVALID', expect.stringContaining('承認パッケージの形式ではありません')]);
    expect(await contract.dataSource.getRepository(Vendor).findOneBy({ corporateNumber: corp })).toBeNull();
    const refusals = (await audits(contract, 'refusePackage')).map((a) => a.summary ?? '');
    expect(refusals.some((s) => s.includes('署名が一致しません'))).toBe(true);
    expect(refusals.some((s) => s.includes('登録されていません'))).toBe(true);
    // The untouched package still imports.
    expect((await contractStaff.post('/api/qualification/packages/import', pkg)).status).toBe(200);
  });

  it('only reviewers with registry rights import', async () => {
    const viewer = await Client.signIn(contract, 'viewer');
    expect((await viewer.post('/api/qualification/packages/import', {})).status).toBe(403);
  });
});
