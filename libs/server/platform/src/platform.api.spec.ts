import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { INTERRUPTED_MESSAGE, JobsService } from './jobs/jobs.service';
import { MailService } from './mail/mail.service';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.alloc(200, 1)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 1)]);

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as any).port;
      s.close(() => resolve(port));
    });
  });
}

describe('platform services (HTTP)', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await Client.signIn(t, 'admin');
  });
  afterAll(async () => t?.close());

  describe('settings', () => {
    it('lists defaults, validates, updates with a version, audits, and shows public ones to everyone', async () => {
      const list = (await admin.get('/api/settings')).body;
      const city = list.find((s: any) => s.key === 'org.name');
      expect(city).toMatchObject({ value: '防府市', isDefault: true, version: 0 });
      const bad = await admin.put('/api/settings/jobs.concurrency', { value: 0, version: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('同時に実行する処理の数は1以上で入力してください。');
      const ok = await admin.put('/api/settings/org.name', { value: '防府市（検証）', version: 0 });
      expect(ok.body).toMatchObject({ value: '防府市（検証）', isDefault: false, version: 1, updatedBy: 'admin' });
      expect((await admin.put('/api/settings/org.name', { value: '別の名前', version: 0 })).status).toBe(409);
      expect((await admin.put('/api/settings/no.such', { value: 1, version: 0 })).status).toBe(404);
      const audit = (await admin.get('/api/audit?entity=Setting&limit=1&sort=seq:desc')).body.rows[0];
      expect(audit.action).toBe('create');
      const viewer = await Client.signIn(t, 'viewer');
      const seen = (await viewer.get('/api/settings')).body;
      expect(seen.find((s: any) => s.key === 'org.name').value).toBe('防府市（検証）');
      expect(seen.find((s: any) => s.key === 'jobs.concurrency')).toBeUndefined();
      expect((await viewer.put('/api/settings/org.name', { value: 'x', version: 1 })).status).toBe(403);
      await admin.put('/api/settings/org.name', { value: '防府市', version: 1 });
    });
  });

  describe('files', () => {
    it('keeps an upload with its size, SHA-256 and detected type, and gives it back to its owner', async () => {
      const res = await admin.raw('post', '/api/files').attach('file', PDF, '入札書.pdf');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: '入札書.pdf', size: PDF.length, contentType: 'application/pdf' });
      expect(res.body.sha256).toBe(require('node:crypto').createHash('sha256').update(PDF).digest('hex'));
      const back = await admin.get(`/api/files/${res.body.id}/content`);
      expect(back.status).toBe(200);
      expect(back.headers['content-disposition']).toContain("filename*=UTF-8''%E5%85%A5");
      expect(Buffer.from(back.body ?? back.text).length).toBeGreaterThan(0);
    });

    it('rejects an executable named .pdf, an ELF named .png, and a type that is not accepted', async () => {
      const upload = (buf: Buffer, name: string) =>
        admin.raw('post', '/api/files').attach('file', buf, name);
      const exe = await upload(EXE, 'invoice.pdf');
      expect(exe.status).toBe(400);
      expect(exe.body.errors[0].field).toBe('file');
      expect(exe.body.message).toContain('拡張子と一致しない');
      expect((await upload(ELF, 'photo.png')).status).toBe(400);
      expect((await upload(Buffer.from('MZ'), 'run.exe')).status).toBe(400);
      expect((await upload(Buffer.from('名前,金額\n防府建設,1000\n'), 'list.csv')).status).toBe(201);
      expect((await admin.raw('post', '/api/files')).body.errors[0].field).toBe('file');
    });

    it('refuses files above the size limit setting', async () => {
      await admin.put('/api/settings/files.maxUploadMb', { value: 1, version: 0 });
      const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      const res = await admin.raw('post', '/api/files').attach('file', big, 'big.pdf');
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('1MB');
      await admin.put('/api/settings/files.maxUploadMb', { value: 20, version: 1 });
    });

    it('does not let another user download someone else\'s file', async () => {
      const works = await Client.signIn(t, 'works');
      const mine = await works.raw('post', '/api/files').attach('file', PDF, 'mine.pdf');
      const viewer = await Client.signIn(t, 'viewer');
      expect((await viewer.get(`/api/files/${mine.body.id}/content`)).status).toBe(404);
      expect((await viewer.get(`/api/files/${mine.body.id}`)).status).toBe(404);
      expect((await works.get(`/api/files/${mine.body.id}/content`)).status).toBe(200);
      const log = (await admin.get('/api/audit?action=download&limit=5')).body.rows;
      expect(log.some((r: any) => r.loginId === 'works' && r.summary === 'mine.pdf')).toBe(true);
    });
  });

  describe('jobs', () => {
    it('runs a job with progress and a result file its owner downloads; others cannot see it', async () => {
      const jobs = t.app.get(JobsService);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      jobs.register<{ rows: number }>('test.export', async (ctx) => {
        await ctx.progress(40, '40%まで進みました');
        await gate;
        await ctx.saveFile(Buffer.from('番号,名前\n1,防府\n'), '結果.csv', 'text/csv');
        return { message: `${ctx.params.rows}件を出力しました。`, result: { rows: ctx.params.rows } };
      });
      const contract = await Client.signIn(t, 'contract');
      const me = (await contract.get('/api/auth/me')).body;
      const job = await jobs.enqueue('test.export', 'テスト出力', { rows: 1 }, { ...me, departmentId: null, departmentCode: null, sessionId: '' });
      await until(async () => (await contract.get(`/api/jobs/${job.id}`)).body.status === 'running');
      await new Promise((r) => setTimeout(r, 600));
      release();
      await jobs.idle();
      const done = (await contract.get(`/api/jobs/${job.id}`)).body;
      expect(done).toMatchObject({ status: 'succeeded', progress: 100, message: '1件を出力しました。', result: { rows: 1 } });
      expect(done.startedAt).toBeTruthy();
      expect(done.finishedAt).toBeTruthy();
      const file = await contract.get(`/api/jobs/${job.id}/download`);
      expect(file.status).toBe(200);
      expect(file.text).toContain('防府');
      expect((await contract.get('/api/jobs')).body.rows.map((j: any) => j.id)).toContain(job.id);
      const viewer = await Client.signIn(t, 'viewer');
      expect((await viewer.get(`/api/jobs/${job.id}`)).status).toBe(404);
      expect((await viewer.get(`/api/jobs/${job.id}/download`)).status).toBe(404);
      expect((await viewer.get('/api/jobs')).body.rows.map((j: any) => j.id)).not.toContain(job.id);
      expect((await admin.get('/api/jobs?all=true')).body.rows.map((j: any) => j.id)).toContain(job.id);
    });

    it('records a failing job as failed with its message', async () => {
      const jobs = t.app.get(JobsService);
      jobs.register('test.fail', async () => {
        throw new Error('disk on fire');
      });
      const job = await jobs.enqueue('test.fail', '失敗する処理', {}, null);
      await jobs.idle();
      const row = (await admin.get(`/api/jobs/${job.id}`)).body;
      expect(row.status).toBe('failed');
      expect(row.message).toContain('エラーが発生しました');
    });

    it('runs the audit verification as a job', async () => {
      const started = await admin.post('/api/audit/verify-jobs');
      expect(started.status).toBe(201);
      await t.app.get(JobsService).idle();
      const row = (await admin.get(`/api/jobs/${started.body.id}`)).body;
      expect(row).toMatchObject({ status: 'succeeded', result: { ok: true } });
      expect(row.message).toContain('改ざんは検出されませんでした');
      // Sorting on the tie-breaker itself keeps its direction (newest first).
      const ids = (await admin.get('/api/jobs?all=true&sort=id:desc')).body.rows.map((j: any) => j.id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    });

    it('marks a job cut off by a restart as failed at the next start', async () => {
      const first = await startTestApp();
      const jobs = first.app.get(JobsService);
      jobs.register('test.forever', () => new Promise(() => undefined));
      const job = await jobs.enqueue('test.forever', '終わらない処理', {}, null);
      await until(async () => (await first.dataSource.getRepository('Job').findOneBy({ id: job.id }))?.status === 'running');
      await first.app.close();
      const second = await startTestApp({}, first);
      try {
        const row = await second.dataSource.getRepository('Job').findOneBy({ id: job.id });
        expect(row).toMatchObject({ status: 'failed', message: INTERRUPTED_MESSAGE });
      } finally {
        await second.app.close();
        await first.close().catch(() => undefined);
      }
    });
  });

  describe('mail outbox', () => {
    it('keeps mail pending without SMTP, visible to administrators only', async () => {
      const mail = t.app.get(MailService);
      await mail.queue({ to: 'vendor@example.jp', subject: '入札参加資格の認定について', text: '認定しました。' });
      const list = (await admin.get('/api/mail/outbox')).body;
      expect((await admin.get('/api/mail/outbox/status')).body).toEqual({ smtpConfigured: false });
      // The screen's grid asks for exactly its own columns, in its order.
      expect((await admin.get('/api/mail/outbox?format=csv&columns=id,createdAt,status,toAddress,subject,attempts,nextAttemptAt,sentAt,lastError')).status).toBe(200);
      expect((await admin.get('/api/jobs?format=csv&columns=id,title,status,progress,message,loginId,createdAt,finishedAt')).status).toBe(200);
      const csv = await admin.get('/api/mail/outbox?format=csv&columns=toAddress,status');
      expect(csv.status).toBe(200);
      expect(csv.text).toContain('vendor@example.jp,未送信');
      expect(list.rows[0]).toMatchObject({ toAddress: 'vendor@example.jp', status: 'pending', body: '認定しました。' });
      expect(await mail.sendDue()).toBe(0);
      const contract = await Client.signIn(t, 'contract');
      expect((await contract.get('/api/mail/outbox')).status).toBe(403);
      expect((await contract.get('/api/mail/outbox/status')).status).toBe(403);
    });

    it('sends through SMTP, and retries with back-off until it gives up', async () => {
      const received: string[] = [];
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, _session, done) {
          let data = '';
          stream.on('data', (c) => (data += c));
          stream.on('end', () => {
            received.push(data);
            done();
          });
        },
      });
      const port = await freePort();
      await new Promise<void>((r) => smtp.listen(port, '127.0.0.1', r));
      const app = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) });
      try {
        const mail = app.app.get(MailService);
        const m = await mail.queue({ to: 'kojima@example.jp', subject: '工事成績評定の通知', text: '評定点は75点です。' });
        expect(await mail.sendDue()).toBe(1);
        expect(received.length).toBe(1);
        expect(received[0]).toContain('kojima@example.jp');
        const row = await app.dataSource.getRepository('MailMessage').findOneByOrFail({ id: m.id });
        expect(row).toMatchObject({ status: 'sent', attempts: 1 });
        await new Promise<void>((r) => smtp.close(() => r()));
        const late = await mail.queue({ to: 'x@example.jp', subject: '送信できない', text: '…' });
        expect(await mail.sendDue()).toBe(0);
        let failed = await app.dataSource.getRepository('MailMessage').findOneByOrFail({ id: late.id });
        expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
        expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
        // Due again now, until the last attempt (setting mail.maxAttempts = 2).
        const c = await Client.signIn(app, 'admin');
        await c.put('/api/settings/mail.maxAttempts', { value: 2, version: 0 });
        await app.dataSource.getRepository('MailMessage').update({ id: late.id }, { nextAttemptAt: new Date() });
        await mail.sendDue();
        failed = await app.dataSource.getRepository('MailMessage').findOneByOrFail({ id: late.id });
        expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
        expect(failed.lastError).toBeTruthy();
        expect((await c.post(`/api/mail/outbox/${late.id}/retry`)).status).toBe(204);
        expect((await app.dataSource.getRepository('MailMessage').findOneByOrFail({ id: late.id })).status).toBe('pending');
      } finally {
        await app.close();
      }
    });
  });
});
