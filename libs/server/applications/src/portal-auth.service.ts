import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull, LessThan, MoreThan } from 'typeorm';
import { ERROR_CODES, isValidCorporateNumber, passwordProblems } from '@keiyaku/domain';
import { AppException, badRequest, currentContext, describeList, duplicate, ExportColumn, ListQueryDto, ListSpec, loadForUpdate, notFound, SettingsService } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import { PasswordService } from '@keiyaku/server/auth';
import { MailService } from '@keiyaku/server/platform';
import { PortalRateHit, VendorAccount, VendorAccountToken, VendorSession } from './entities/account.entities';

export const VENDOR_SESSION_COOKIE = 'keiyaku_vsid';
/** The portal's CSRF cookie: a name of its own, so a staff tab and a vendor tab never mix tokens. */
export const VENDOR_CSRF_COOKIE = 'XSRF-PORTAL';
export const VENDOR_CSRF_HEADER = 'x-xsrf-token';

/** The signed-in vendor attached to portal requests (never a staff AuthUser). */
export interface VendorPrincipal {
  accountId: number;
  email: string;
  companyName: string;
  vendorId: number | null;
  sessionId: string;
}

export interface NewVendorSession {
  token: string;
  csrfToken: string;
  account: ReturnType<typeof accountView>;
}

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const accountView = (a: VendorAccount) => ({
  id: a.id,
  email: a.email,
  corporateNumber: a.corporateNumber,
  companyName: a.companyName,
  entityType: a.entityType,
  status: a.status,
  emailVerifiedAt: a.emailVerifiedAt,
  vendorId: a.vendorId,
  lastLoginAt: a.lastLoginAt,
  invitedBy: a.invitedBy,
  createdAt: a.createdAt,
  version: a.version,
});

export const ACCOUNT_STATUS_NAMES: Record<string, string> = { pending: '確認待ち', active: '利用中', locked: '利用停止' };

const ACCOUNT_LIST: ListSpec = {
  fields: {
    email: { expr: 'v.email', type: 'text', label: 'メールアドレス' },
    companyName: { expr: 'v.companyName', type: 'text', label: '商号又は名称' },
    corporateNumber: { expr: 'v.corporateNumber', type: 'text', label: '法人番号' },
    status: { expr: 'v.status', type: 'text', label: '状態' },
    lastLoginAt: { expr: 'v.lastLoginAt', type: 'date', label: '最終ログイン' },
    createdAt: { expr: 'v.createdAt', type: 'date', label: '登録日時' },
  },
  searchPlain: ['v.email', 'v.companyName', 'v.corporateNumber'],
  defaultSort: 'createdAt:desc',
  tieBreaker: 'v.id',
};

type AccountRow = ReturnType<typeof accountView>;
const ACCOUNT_EXPORT_COLUMNS: ExportColumn<AccountRow>[] = [
  { key: 'email', header: 'メールアドレス', value: (r) => r.email, width: 30 },
  { key: 'companyName', header: '商号又は名称', value: (r) => r.companyName, width: 30 },
  { key: 'corporateNumber', header: '法人番号', value: (r) => r.corporateNumber },
  { key: 'status', header: '状態', value: (r) => ACCOUNT_STATUS_NAMES[r.status] ?? r.status },
  { key: 'invitedBy', header: '招待者', value: (r) => r.invitedBy },
  { key: 'lastLoginAt', header: '最終ログイン', value: (r) => r.lastLoginAt, type: 'datetime' },
  { key: 'createdAt', header: '登録日時', value: (r) => r.createdAt, type: 'datetime' },
];

const invalidCredentials = () =>
  new AppException(HttpStatus.UNAUTHORIZED, ERROR_CODES.invalidCredentials, 'メールアドレスまたはパスワードが正しくありません。');
export const vendorUnauthenticated = () => new AppException(HttpStatus.UNAUTHORIZED, ERROR_CODES.unauthenticated, 'ログインしてください。');
const tooMany = () => new AppException(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_REQUESTS', '試行回数が上限を超えました。しばらく時間をおいてから再度お試しください。');
const badToken = () => new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, 'このリンクは無効か、有効期限が切れています。もう一度手続きをやり直してください。', [{ field: 'token', message: 'リンクが無効です。' }]);

function checkPassword(password: unknown, email: string, field = 'password'): string {
  if (typeof password !== 'string' || password.length > 200) throw badRequest(field, 'パスワードを入力してください。');
  const problems = passwordProblems(password, email);
  if (problems.length) throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, problems.join(' '), problems.map((message) => ({ field, message })));
  return password;
}

export function normalizeEmail(value: unknown): string {
  if (typeof value !== 'string' || !EMAIL.test(value.trim()) || value.length > 254) throw badRequest('email', 'メールアドレス（email）を正しく入力してください。');
  return value.trim().toLowerCase();
}

/**
 * Vendor accounts: sign-up with e-mail verification through the outbox, sign-in with lockout,
 * password reset, staff invitations and locks, and rate limits on all of these.
 */
@Injectable()
export class PortalAuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly passwords: PasswordService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  /** Counts an attempt in a bucket; 429 once the hour's limit is reached. */
  async rateLimit(action: string, key: string, factor = 1): Promise<void> {
    const limit = (await this.settings.get<number>('portal.rateLimitPerHour')) * factor;
    const bucket = `${action}:${key}`.slice(0, 300);
    const repo = this.dataSource.getRepository(PortalRateHit);
    const since = new Date(Date.now() - 3_600_000);
    if ((await repo.count({ where: { bucket, hitAt: MoreThan(since) } })) >= limit) throw tooMany();
    await repo.insert({ bucket, hitAt: new Date() });
    if (Math.random() < 0.05) await repo.delete({ hitAt: LessThan(since) });
  }

  private ipKey(): string {
    return `ip:${currentContext()?.ip ?? 'unknown'}`;
  }

  private async issueToken(m: EntityManager, accountId: number, purpose: VendorAccountToken['purpose'], hours: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await m.update(VendorAccountToken, { accountId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    await m.insert(VendorAccountToken, { accountId, purpose, tokenHash: sha256(token), expiresAt: new Date(Date.now() + hours * 3_600_000), usedAt: null, createdAt: new Date() });
    return token;
  }

  private async orgName(): Promise<string> {
    return this.settings.get<string>('org.name');
  }

  async signUp(body: Record<string, unknown>): Promise<{ email: string }> {
    const email = normalizeEmail(body?.['email']);
    await this.rateLimit('signup', this.ipKey(), 5);
    await this.rateLimit('signup', email);
    const entityType = body?.['entityType'];
    if (entityType !== 'corporation' && entityType !== 'individual') throw badRequest('entityType', '法人・個人の別（entityType）を選択してください。');
    const corporateNumber = typeof body?.['corporateNumber'] === 'string' && body['corporateNumber'] ? String(body['corporateNumber']) : null;
    if (entityType === 'corporation' && !corporateNumber) throw badRequest('corporateNumber', '法人番号（corporateNumber）を入力してください（法人の場合は必須です）。');
    if (corporateNumber && !isValidCorporateNumber(corporateNumber)) throw badRequest('corporateNumber', '法人番号（corporateNumber）は13桁の正しい番号を入力してください。');
    const companyName = body?.['companyName'];
    if (typeof companyName !== 'string' || !companyName.trim() || companyName.length > 100) throw badRequest('companyName', '商号又は名称（companyName）を100文字以内で入力してください。');
    const password = checkPassword(body?.['password'], email);
    const hash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (m) => {
      if (await m.exists(VendorAccount, { where: { email } })) throw duplicate('email', 'メールアドレス', email);
      // One account per company: a second sign-up for the same 法人番号 is refused.
      if (corporateNumber && (await m.exists(VendorAccount, { where: { corporateNumber } }))) {
        throw new AppException(HttpStatus.CONFLICT, ERROR_CODES.duplicate, 'この法人番号の事業者アカウントは既に登録されています。登録済みのアカウントでログインするか、契約課にお問い合わせください。', [{ field: 'corporateNumber', message: 'この法人番号は登録済みです。' }]);
      }
      const account = await m.save(
        m.create(VendorAccount, { email, corporateNumber, companyName: companyName.trim(), entityType, passwordHash: hash, status: 'pending', emailVerifiedAt: null, vendorId: null, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, invitedBy: null }),
      );
      const token = await this.issueToken(m, account.id, 'verify', 24);
      await this.mail.queue(
        {
          to: email,
          subject: `【${await this.orgName()}】メールアドレスの確認`,
          text: `${account.companyName} 様\n\n入札参加資格審査申請の事業者アカウントを登録しました。\n次のリンクを24時間以内に開いて、メールアドレスを確認してください。\n\n/portal/verify?token=${token}\n\n確認コード: ${token}\n\nお心当たりのない場合は、このメールを破棄してください。`,
          relatedEntity: 'VendorAccount',
          relatedId: account.id,
        },
        m,
      );
    });
    return { email };
  }

  async verifyEmail(token: unknown): Promise<void> {
    await this.rateLimit('verify', this.ipKey(), 5);
    await this.dataSource.transaction(async (m) => {
      const row = await this.useToken(m, token, ['verify']);
      const account = await m.findOneByOrFail(VendorAccount, { id: row.accountId });
      account.emailVerifiedAt = new Date();
      if (account.status === 'pending') account.status = 'active';
      await m.save(account);
    });
  }

  private async useToken(m: EntityManager, token: unknown, purposes: VendorAccountToken['purpose'][]): Promise<VendorAccountToken> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw badToken();
    const row = await m.findOneBy(VendorAccountToken, { tokenHash: sha256(token) });
    if (!row || !purposes.includes(row.purpose) || row.usedAt || row.expiresAt.getTime() < Date.now()) throw badToken();
    row.usedAt = new Date();
    await m.save(row);
    return row;
  }

  async login(emailInput: unknown, password: unknown, userAgent: string | null): Promise<NewVendorSession> {
    const email = normalizeEmail(emailInput);
    if (typeof password !== 'string' || !password || password.length > 200) throw badRequest('password', 'パスワード（password）を入力してください。');
    await this.rateLimit('login', this.ipKey(), 5);
    await this.rateLimit('login', email);
    const repo = this.dataSource.getRepository(VendorAccount);
    const account = await repo.findOneBy({ email });
    if (!account || !account.passwordHash) {
      await this.passwords.verifyNothing(password);
      throw invalidCredentials();
    }
    const now = new Date();
    if (account.status === 'locked') {
      throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.accountDisabled, 'このアカウントは利用停止されています。契約課にお問い合わせください。');
    }
    if (account.lockedUntil && account.lockedUntil > now) {
      const minutes = Math.max(1, Math.ceil((account.lockedUntil.getTime() - now.getTime()) / 60_000));
      throw new AppException(HttpStatus.LOCKED, ERROR_CODES.accountLocked, `ログインに続けて失敗したため、アカウントをロックしています。${minutes}分後に再度お試しください。`);
    }
    if (!(await this.passwords.verify(account.passwordHash, password))) {
      const attempts = account.failedAttempts + 1;
      const lock = attempts >= (await this.settings.get<number>('auth.maxFailedAttempts'));
      const lockedUntil = new Date(now.getTime() + (await this.settings.get<number>('auth.lockoutMinutes')) * 60_000);
      await this.bookkeep(account.id, lock ? { failedAttempts: 0, lockedUntil } : { failedAttempts: attempts });
      throw invalidCredentials();
    }
    if (!account.emailVerifiedAt) {
      throw new AppException(HttpStatus.FORBIDDEN, 'EMAIL_NOT_VERIFIED', 'メールアドレスの確認が済んでいません。登録時に送信したメールのリンクを開いてください。');
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.dataSource.transaction(async (m) => {
      await this.bookkeep(account.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now }, m);
      await m.insert(VendorSession, { id: sha256(token), accountId: account.id, csrfToken, createdAt: now, lastSeenAt: now });
      await this.audit.record({ action: 'login', entity: 'VendorAccount', entityId: account.id, summary: `事業者ログイン（${userAgent ? 'ブラウザ' : '不明'}）`, userId: null, loginId: vendorLoginId(account.id) }, m);
    });
    await this.dataSource.getRepository(VendorSession).delete({ lastSeenAt: LessThan(new Date(now.getTime() - (await this.idleMs()))) });
    return { token, csrfToken, account: accountView({ ...account, lastLoginAt: now }) };
  }

  /** Sign-in bookkeeping keeps the account's version (a staff edit must not conflict with it). */
  private async bookkeep(id: number, values: Partial<Pick<VendorAccount, 'failedAttempts' | 'lockedUntil' | 'lastLoginAt'>>, m: EntityManager = this.dataSource.manager) {
    const version = m.connection.getMetadata(VendorAccount).versionColumn!.databaseName;
    await m.createQueryBuilder().update(VendorAccount).set({ ...values, version: () => m.connection.driver.escape(version) }).where('id = :id', { id }).callListeners(false).execute();
  }

  private async idleMs(): Promise<number> {
    return (await this.settings.get<number>('auth.sessionIdleMinutes')) * 60_000;
  }

  /** The portal's cookie to a vendor; CSRF on writes; idle timeout as for staff. */
  async authenticate(token: string | undefined, method: string, csrfHeader: string | undefined): Promise<VendorPrincipal> {
    if (!token) throw vendorUnauthenticated();
    const sessions = this.dataSource.getRepository(VendorSession);
    const id = sha256(token);
    const session = await sessions.findOneBy({ id });
    if (!session) throw vendorUnauthenticated();
    const now = Date.now();
    if (now - session.lastSeenAt.getTime() > (await this.idleMs())) {
      await sessions.delete({ id });
      throw new AppException(HttpStatus.UNAUTHORIZED, ERROR_CODES.sessionExpired, 'セッションの有効期限が切れました。再度ログインしてください。');
    }
    const account = await this.dataSource.getRepository(VendorAccount).findOneBy({ id: session.accountId });
    if (!account || account.status !== 'active') {
      await sessions.delete({ id });
      throw vendorUnauthenticated();
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) {
      const expected = Buffer.from(session.csrfToken);
      const given = Buffer.from(csrfHeader ?? '');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.csrf, '不正な画面からの操作のため受け付けられませんでした。画面を再読み込みしてから操作してください。');
      }
    }
    if (now - session.lastSeenAt.getTime() > 30_000) await sessions.update({ id }, { lastSeenAt: new Date(now) });
    return { accountId: account.id, email: account.email, companyName: account.companyName, vendorId: account.vendorId, sessionId: id };
  }

  async logout(vendor: VendorPrincipal): Promise<void> {
    await this.dataSource.getRepository(VendorSession).delete({ id: vendor.sessionId });
  }

  async me(vendor: VendorPrincipal) {
    return accountView(await this.dataSource.getRepository(VendorAccount).findOneByOrFail({ id: vendor.accountId }));
  }

  /** Always answers the same, whether or not the address has an account. */
  async requestReset(emailInput: unknown): Promise<void> {
    const email = normalizeEmail(emailInput);
    await this.rateLimit('reset', this.ipKey(), 5);
    await this.rateLimit('reset', email);
    await this.dataSource.transaction(async (m) => {
      const account = await m.findOneBy(VendorAccount, { email });
      if (!account || account.status === 'locked') return;
      const token = await this.issueToken(m, account.id, 'reset', 1);
      await this.mail.queue(
        {
          to: email,
          subject: `【${await this.orgName()}】パスワードの再設定`,
          text: `${account.companyName} 様\n\nパスワードの再設定を受け付けました。次のリンクを1時間以内に開いて、新しいパスワードを設定してください。\n\n/portal/reset?token=${token}\n\n再設定コード: ${token}\n\nお心当たりのない場合は、このメールを破棄してください（パスワードは変わりません）。`,
          relatedEntity: 'VendorAccount',
          relatedId: account.id,
        },
        m,
      );
    });
  }

  /** A reset or an invitation link sets the password; every open session of the account ends. */
  async resetPassword(token: unknown, password: unknown): Promise<void> {
    await this.rateLimit('resetUse', this.ipKey(), 5);
    await this.dataSource.transaction(async (m) => {
      const row = await this.useToken(m, token, ['reset', 'invite']);
      const account = await m.findOneByOrFail(VendorAccount, { id: row.accountId });
      if (account.status === 'locked') throw badToken();
      account.passwordHash = await this.passwords.hash(checkPassword(password, account.email));
      // Opening the mailed link proves the address.
      account.emailVerifiedAt ??= new Date();
      account.status = 'active';
      await m.save(account);
      await this.bookkeep(account.id, { failedAttempts: 0, lockedUntil: null }, m);
      await m.delete(VendorSession, { accountId: account.id });
    });
  }

  // ---- staff ----

  /** 事業者アカウント一覧, server-paged for the grid. */
  list(query: ListQueryDto & { status?: string }) {
    const qb = this.dataSource.getRepository(VendorAccount).createQueryBuilder('v');
    if (query.status) qb.andWhere('v.status = :status', { status: query.status });
    return describeList({
      name: 'vendor-accounts',
      title: '事業者アカウント一覧',
      qb,
      query,
      spec: ACCOUNT_LIST,
      map: accountView,
      columns: ACCOUNT_EXPORT_COLUMNS,
      conditions: query.status ? [`状態: ${ACCOUNT_STATUS_NAMES[query.status] ?? query.status}`] : [],
    });
  }

  async invite(body: Record<string, unknown>, invitedBy: string) {
    const email = normalizeEmail(body?.['email']);
    const entityType = body?.['entityType'] === 'individual' ? 'individual' : 'corporation';
    const corporateNumber = typeof body?.['corporateNumber'] === 'string' && body['corporateNumber'] ? String(body['corporateNumber']) : null;
    if (entityType === 'corporation' && (!corporateNumber || !isValidCorporateNumber(corporateNumber))) throw badRequest('corporateNumber', '法人番号（corporateNumber）は13桁の正しい番号を入力してください。');
    const companyName = body?.['companyName'];
    if (typeof companyName !== 'string' || !companyName.trim() || companyName.length > 100) throw badRequest('companyName', '商号又は名称（companyName）を100文字以内で入力してください。');
    const vendorId = typeof body?.['vendorId'] === 'number' ? (body['vendorId'] as number) : null;
    return this.dataSource.transaction(async (m) => {
      if (await m.exists(VendorAccount, { where: { email } })) throw duplicate('email', 'メールアドレス', email);
      if (corporateNumber && (await m.exists(VendorAccount, { where: { corporateNumber } }))) throw duplicate('corporateNumber', '法人番号', corporateNumber);
      const account = await m.save(
        m.create(VendorAccount, { email, corporateNumber, companyName: companyName.trim(), entityType, passwordHash: null, status: 'pending', emailVerifiedAt: null, vendorId, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, invitedBy }),
      );
      const token = await this.issueToken(m, account.id, 'invite', 24 * 7);
      await this.mail.queue(
        {
          to: email,
          subject: `【${await this.orgName()}】入札参加資格審査申請のご案内`,
          text: `${account.companyName} 様\n\n入札参加資格審査申請の事業者アカウントをご用意しました。次のリンクを7日以内に開いて、パスワードを設定してください。\n\n/portal/reset?token=${token}&invite=1\n\n設定コード: ${token}`,
          relatedEntity: 'VendorAccount',
          relatedId: account.id,
        },
        m,
      );
      return accountView(account);
    });
  }

  async setLocked(id: number, locked: boolean, version: unknown) {
    if (typeof version !== 'number') throw badRequest('version', '版数（version）を指定してください。');
    return this.dataSource.transaction(async (m) => {
      const account = await loadForUpdate(m, VendorAccount, id, version, '事業者アカウント');
      if (locked) {
        account.status = 'locked';
        await m.delete(VendorSession, { accountId: id });
      } else {
        if (account.status !== 'locked') throw badRequest('status', 'このアカウントは利用停止されていません。');
        account.status = account.emailVerifiedAt ? 'active' : 'pending';
      }
      await m.save(account);
      return accountView(account);
    });
  }

  async account(id: number) {
    const a = await this.dataSource.getRepository(VendorAccount).findOneBy({ id });
    if (!a) throw notFound('事業者アカウント');
    return a;
  }
}

/** How a vendor appears in the audit trail (staff login ids never start with "vendor#"). */
export const vendorLoginId = (accountId: number) => `vendor#${accountId}`;
