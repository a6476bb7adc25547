import { AuditService } from '@keiyaku/server/audit';
import { PasswordService } from '@keiyaku/server/auth';
import { FilesService } from '@keiyaku/server/platform';
import { VendorHistoryService } from '@keiyaku/server/vendors';
import { Client, startTestApp, TestApp } from '../../../apps/api/src/testing/test-app';
import { seedDemoApplicationsIfEmpty } from './demo-applications';
import { seedDemoVendorsIfEmpty } from './demo-vendors';

describe('demo applications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoVendorsIfEmpty(t.dataSource, t.app.get(AuditService), t.app.get(VendorHistoryService), { construction: 30, survey: 5 });
  });
  afterAll(async () => t?.close());

  it('seeds applications in every state once, readable on the review screens and the portal', async () => {
    const seed = () => seedDemoApplicationsIfEmpty(t.dataSource, t.app.get(FilesService), t.app.get(PasswordService), t.app.get(AuditService));
    expect(await seed()).toBe(11);
    expect(await seed()).toBe(0);
    const staff = await Client.signIn(t, 'contract');
    const counts = (await staff.get('/api/qualification/applications/counts')).body.counts;
    expect(counts).toEqual({ submitted: 3, correction: 2, resubmitted: 2, approved: 2, rejected: 1 });
    const resubmitted = (await staff.get('/api/qualification/applications?status=resubmitted')).body.rows[0];
    const review = (await staff.get(`/api/qualification/applications/${resubmitted.id}`)).body;
    expect(review.rounds).toHaveLength(2);
    expect(review.rounds[0].corrections[0].key).toBe('company.address');
    expect(review.rounds[0].form.company.address).not.toBe(review.form.company.address);
    expect(review.checklist.filter((i: { needed: boolean; attached: number }) => i.needed && !i.attached)).toEqual([]);
    const file = await staff.get(`/api/qualification/applications/${resubmitted.id}/attachments/${review.attachments[0].id}/content`);
    expect([file.status, file.headers['content-type']]).toEqual([200, 'application/pdf']);
    // Approved ones belong to registry vendors: the comparison has the registry side.
    const approved = (await staff.get('/api/qualification/applications?status=approved')).body.rows[0];
    expect((await staff.get(`/api/qualification/applications/${approved.id}`)).body.registry).not.toBeNull();
    // The demo applicants sign in to the portal with the demo password.
    const login = await t.http().post('/api/portal/auth/login').send({ email: 'demo-applicant4@example.jp', password: 'keiyaku-demo-2026' });
    expect(login.status).toBe(200);
  });
});
