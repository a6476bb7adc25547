import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, LessThan, Not } from 'typeorm';
import { ERROR_CODES, passwordProblems, permissionsOf, SessionUser } from '@keiyaku/domain';
import { AppException, badRequest, currentContext, SettingsService } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import { AuthUser } from './auth-user';
import { Department } from './entities/department.entity';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';
import { PasswordService } from './password.service';

export const SESSION_COOKIE = 'keiyaku_sid';
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const invalidCredentials = () =>
  new AppException(HttpStatus.UNAUTHORIZED, ERROR_CODES.invalidCredentials, 'ログインIDまたはパスワードが正しくありません。');
const sessionExpired = () =>
  new AppException(HttpStatus.UNAUTHORIZED, ERROR_CODES.sessionExpired, 'セッションの有効期限が切れました。再度ログインしてください。');
export const unauthenticated = () =>
  new AppException(HttpStatus.UNAUTHORIZED, ERROR_CODES.unauthenticated, 'ログインしてください。');

/**
 * Sign-in bookkeeping (attempt counter, lock, last sign-in) keeps the record's version: an
 * administrator editing a user must not get a conflict because that user signed in. It is not
 * audited as a record change: the login / loginFailed event written with it says it all.
 */
async function bookkeep(m: EntityManager, id: number, values: Partial<Pick<User, 'failedAttempts' | 'lockedUntil' | 'lastLoginAt'>>) {
  const version = m.connection.getMetadata(User).versionColumn!.databaseName;
  await m
    .createQueryBuilder()
    .update(User)
    .set({ ...values, version: () => m.connection.driver.escape(version) })
    .where('id = :id', { id })
    .callListeners(false)
    .execute();
}

export interface NewSession {
  token: string;
  csrfToken: string;
  user: SessionUser;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  /** Checks a sign-in; counts failures and locks the account after too many. */
  async login(loginId: string, password: string, userAgent: string | null): Promise<NewSession> {
    const users = this.dataSource.getRepository(User);
    const user = await users.findOne({ where: { loginId }, relations: { department: true } });
    const now = new Date();
    if (!user) {
      await this.passwords.verifyNothing(password);
      await this.audit.record({ action: 'loginFailed', entity: 'User', summary: `不明なログインID: ${loginId.slice(0, 60)}`, userId: null, loginId: null });
      throw invalidCredentials();
    }
    const failure = (summary: string) =>
      this.audit.record({ action: 'loginFailed', entity: 'User', entityId: user.id, summary, userId: user.id, loginId: user.loginId });
    if (user.lockedUntil && user.lockedUntil > now) {
      await failure('ロック中のアカウントへのログイン');
      throw this.locked(user.lockedUntil);
    }
    if (!user.active) {
      await failure('無効なアカウントへのログイン');
      throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.accountDisabled, 'このアカウントは利用停止されています。管理者に連絡してください。');
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      const attempts = user.failedAttempts + 1;
      const lock = attempts >= (await this.settings.get<number>('auth.maxFailedAttempts'));
      const lockedUntil = new Date(now.getTime() + (await this.settings.get<number>('auth.lockoutMinutes')) * 60_000);
      await this.dataSource.transaction(async (m) => {
        await bookkeep(m, user.id, lock
          ? { failedAttempts: 0, lockedUntil }
          : { failedAttempts: attempts });
        await this.audit.record(
          { action: 'loginFailed', entity: 'User', entityId: user.id, summary: lock ? `パスワード誤り（${attempts}回目）: アカウントをロック` : `パスワード誤り（${attempts}回目）`, userId: user.id, loginId: user.loginId },
          m,
        );
      });
      if (lock) throw this.locked(lockedUntil, attempts);
      throw invalidCredentials();
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const ctx = currentContext();
    await this.dataSource.transaction(async (m) => {
      await bookkeep(m, user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now });
      await m.insert(Session, {
        id: sha256(token),
        userId: user.id,
        csrfToken,
        ip: ctx?.ip ?? null,
        userAgent: userAgent ? userAgent.slice(0, 300) : null,
        createdAt: now,
        lastSeenAt: now,
      });
      await this.audit.record({ action: 'login', entity: 'User', entityId: user.id, summary: 'ログイン', userId: user.id, loginId: user.loginId }, m);
    });
    // Expired sessions are swept at sign-in: cheap, and no scheduler is needed for it.
    await this.dataSource.getRepository(Session).delete({ lastSeenAt: LessThan(new Date(now.getTime() - (await this.idleMs()))) });
    return { token, csrfToken, user: await this.sessionUser(user) };
  }

  private locked(until: Date, attempts?: number): AppException {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    const lead = attempts ? `ログインに${attempts}回続けて失敗したため、アカウントをロックしました。` : 'このアカウントはロックされています。';
    return new AppException(HttpStatus.LOCKED, ERROR_CODES.accountLocked, `${lead}${minutes}分後に再度お試しいただくか、管理者に連絡してください。`);
  }

  private async idleMs(): Promise<number> {
    return (await this.settings.get<number>('auth.sessionIdleMinutes')) * 60_000;
  }

  /** Resolves the session cookie to a user; enforces the idle timeout and CSRF on writes. */
  async authenticate(token: string | undefined, method: string, csrfHeader: string | undefined): Promise<AuthUser> {
    if (!token) throw unauthenticated();
    const sessions = this.dataSource.getRepository(Session);
    const id = sha256(token);
    // Every request comes through here: the session, its user and the department in one statement
    // (findOne with relations would add a DISTINCT subquery and a second select).
    const session = (await sessions
      .createQueryBuilder('s')
      .leftJoinAndMapOne('s.user', User, 'u', 'u.id = s.userId')
      .leftJoinAndMapOne('u.department', Department, 'd', 'd.id = u.departmentId')
      .where('s.id = :id', { id })
      .getOne()) as (Session & { user?: User }) | null;
    if (!session) throw sessionExpired();
    const now = Date.now();
    if (now - session.lastSeenAt.getTime() > (await this.idleMs())) {
      await sessions.delete({ id });
      throw sessionExpired();
    }
    const user = session.user;
    if (!user || !user.active) {
      await sessions.delete({ id });
      throw sessionExpired();
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) {
      const expected = Buffer.from(session.csrfToken);
      const given = Buffer.from(csrfHeader ?? '');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.csrf, '不正な画面からの操作のため受け付けられませんでした。画面を再読み込みしてから操作してください。');
      }
    }
    // Slide the idle window, writing at most every 30 seconds per session.
    if (now - session.lastSeenAt.getTime() > 30_000) await sessions.update({ id }, { lastSeenAt: new Date(now) });
    return {
      id: user.id,
      loginId: user.loginId,
      name: user.name,
      departmentId: user.departmentId,
      departmentCode: user.department?.code ?? null,
      roles: user.roles,
      permissions: permissionsOf(user.roles),
      sessionId: id,
    };
  }

  async logout(user: AuthUser): Promise<void> {
    await this.dataSource.getRepository(Session).delete({ id: user.sessionId });
    await this.audit.record({ action: 'logout', entity: 'User', entityId: user.id, summary: 'ログアウト' });
  }

  async me(authUser: AuthUser): Promise<SessionUser> {
    const user = await this.dataSource.getRepository(User).findOneOrFail({ where: { id: authUser.id }, relations: { department: true } });
    return this.sessionUser(user);
  }

  async changePassword(authUser: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await m.findOneByOrFail(User, { id: authUser.id });
      if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
        throw badRequest('currentPassword', '現在のパスワードが正しくありません。');
      }
      const problems = passwordProblems(newPassword, user.loginId);
      if (currentPassword === newPassword) problems.push('新しいパスワードは現在のパスワードと異なるものにしてください。');
      if (problems.length) {
        throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, problems.join(' '), problems.map((message) => ({ field: 'newPassword', message })));
      }
      user.passwordHash = await this.passwords.hash(newPassword);
      user.passwordChangedAt = new Date();
      user.mustChangePassword = false;
      await m.save(user);
      // Other browsers signed in with the old password are signed out.
      await m.delete(Session, { userId: user.id, id: Not(authUser.sessionId) });
    });
  }

  async sessionUser(user: User & { department?: Department | null }): Promise<SessionUser> {
    return {
      id: user.id,
      loginId: user.loginId,
      name: user.name,
      department: user.department ? { id: user.department.id, code: user.department.code, name: user.department.name } : null,
      roles: user.roles,
      permissions: permissionsOf(user.roles),
      mustChangePassword: user.mustChangePassword,
      idleTimeoutMinutes: await this.settings.get<number>('auth.sessionIdleMinutes'),
    };
  }
}
