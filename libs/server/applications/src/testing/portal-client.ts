import request from 'supertest';
import { DataSource } from 'typeorm';
import { SettingsService } from '@keiyaku/server/core';
import { MailMessage } from '@keiyaku/server/platform';

interface AppLike {
  app: { get<T>(type: new (...args: any[]) => T): T; getHttpServer(): any };
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
}

/** A 13-digit 法人番号 with its check digit, from 12 digits. */
export function corporateNumber(base12: string): string {
  const digits = base12.split('').map(Number);
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += digits[12 - n] * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}

/** A browser of a vendor: its own cookies, the portal's CSRF cookie echoed on writes. */
export class VendorClient {
  private cookies: string[] = [];
  csrf = '';
  constructor(private readonly t: AppLike) {}

  private keep(res: request.Response): request.Response {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      this.cookies = this.cookies.filter((x) => !x.startsWith(`${name}=`));
      if (value) this.cookies.push(pair);
      if (name === 'XSRF-PORTAL') this.csrf = value;
    }
    return res;
  }
  get cookieHeader(): string {
    return this.cookies.join('; ');
  }
  /** Adds another principal's cookies (e.g. a staff session in the same browser). */
  addCookies(header: string): void {
    this.cookies.push(...header.split('; ').filter(Boolean));
  }
  raw(method: 'get' | 'post' | 'put' | 'delete', url: string) {
    return (this.t.http() as any)[method](url).set('Cookie', this.cookieHeader).set('X-XSRF-TOKEN', this.csrf);
  }
  async get(url: string) {
    return this.keep(await this.t.http().get(url).set('Cookie', this.cookieHeader));
  }
  async send(method: 'post' | 'put' | 'delete', url: string, body?: unknown) {
    return this.keep(await (this.t.http() as any)[method](url).set('Cookie', this.cookieHeader).set('X-XSRF-TOKEN', this.csrf).send(body as object));
  }
  post(url: string, body?: unknown) {
    return this.send('post', url, body);
  }
  put(url: string, body?: unknown) {
    return this.send('put', url, body);
  }
  delete(url: string) {
    return this.send('delete', url);
  }
}

/** The last mail queued to an address, and the token of its link. */
export async function lastMailTo(ds: DataSource, to: string): Promise<{ subject: string; text: string; token: string | null }> {
  const mail = await ds.getRepository(MailMessage).findOne({ where: { toAddress: to }, order: { id: 'DESC' } });
  if (!mail) throw new Error(`no mail to ${to}`);
  return { subject: mail.subject, text: mail.body.text, token: /token=([A-Za-z0-9_-]+)/.exec(mail.body.text)?.[1] ?? null };
}

export const VENDOR_PASSWORD = 'vendor-pass-2026x';

/** Signs up, verifies through the outbox mail and signs in. */
export async function signUpVendor(t: AppLike, email: string, corp: string | null, companyName: string): Promise<VendorClient> {
  const client = new VendorClient(t);
  const res = await client.post('/api/portal/auth/signup', { email, password: VENDOR_PASSWORD, companyName, entityType: corp ? 'corporation' : 'individual', corporateNumber: corp });
  if (res.status !== 202) throw new Error(`signup ${res.status} ${JSON.stringify(res.body)}`);
  const { token } = await lastMailTo(t.dataSource, email);
  const v = await client.post('/api/portal/auth/verify', { token });
  if (v.status !== 204) throw new Error(`verify ${v.status} ${JSON.stringify(v.body)}`);
  const l = await client.post('/api/portal/auth/login', { email, password: VENDOR_PASSWORD });
  if (l.status !== 200) throw new Error(`login ${l.status} ${JSON.stringify(l.body)}`);
  return client;
}

/** Opens the 定期 period for the R7-8 term whatever today is. */
export async function openRegularPeriod(t: AppLike): Promise<void> {
  const settings = t.app.get(SettingsService);
  const list = await settings.list(true);
  const version = (key: string) => (list.find((s) => s.key === key) as { version?: number } | undefined)?.version ?? 0;
  await settings.update('applications.regularOpensOn', '2000-01-01', version('applications.regularOpensOn'));
  await settings.update('applications.regularClosesOn', '2999-12-31', version('applications.regularClosesOn'));
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function sampleSteps(corp: string | null, name: string, email: string, tradeCode = '010') {
  return {
    company: { corporateNumber: corp, entityType: corp ? 'corporation' : 'individual', name, nameKana: 'テストケンセツ', postalCode: '747-0001', address: '山口県防府市寿町1-1', phone: '0835-25-2111', fax: null, email, capitalThousandYen: 30000 },
    representative: { representativeTitle: '代表取締役', representativeName: '防府太郎', contactName: '担当花子', contactPhone: '0835-25-2112' },
    offices: { offices: [] },
    permits: { permits: [{ tradeCode, grade: 'general', issuer: 'governor', issuerPrefecture: '山口県', permitNumber: '第12345号', permitDate: '2024-04-01', expiresOn: '2029-03-31' }] },
    keishin: { baseDate: '2026-03-31', noticeDate: '2026-06-01', x2: 700, y: 800, w: 600, scores: [{ tradeCode, x1: 800, z: 750 }] },
    staff: { total: 20, construction: 15, technical: 8, other: 5 },
    trades: { trades: [{ tradeCode, grade: 'general' }] },
    local: { locality: 'local', neighbourhoodAssociation: '寿町自治会', subjectiveItems: ['DISASTER'] },
    declarations: { noExclusion: true, truthful: true, taxPaid: true },
  };
}

/** Creates a 定期 construction application, saves every step, attaches what is needed. */
export async function draftComplete(client: VendorClient, corp: string | null, name: string, email: string, tradeCode = '010') {
  const created = await client.post('/api/portal/applications', { kind: 'regular', category: 'construction' });
  if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
  let app = created.body;
  for (const [step, value] of Object.entries(sampleSteps(corp, name, email, tradeCode))) {
    const res = await client.put(`/api/portal/applications/${app.id}/steps/${step}`, { version: app.version, value });
    if (res.status !== 200) throw new Error(`step ${step} ${res.status} ${JSON.stringify(res.body)}`);
    app = res.body;
  }
  for (const item of app.checklist.filter((i: { needed: boolean }) => i.needed)) {
    const res = await client.raw('post', `/api/portal/applications/${app.id}/attachments`).field('itemCode', item.code).attach('file', PDF_BYTES, `${item.code}.pdf`);
    if (res.status !== 201) throw new Error(`upload ${item.code} ${res.status} ${JSON.stringify(res.body)}`);
  }
  return (await client.get(`/api/portal/applications/${app.id}`)).body;
}
