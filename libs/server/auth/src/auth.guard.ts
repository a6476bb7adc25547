import { createHash, timingSafeEqual } from 'node:crypto';
import { ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ERROR_CODES, hasAnyPermission, Permission } from '@keiyaku/domain';
import { APP_CONFIG, AppConfig, AppException, currentContext, IS_PUBLIC_KEY, METRICS_TOKEN_KEY, PERMISSIONS_KEY } from '@keiyaku/server/core';
import { AuthUser } from './auth-user';
import { unauthenticated } from './auth.service';

/**
 * Deny by default: every route needs a signed-in user unless marked @Public(), and the
 * permissions named by @RequirePermissions().
 */
@Injectable()
export class AppAuthGuard extends AuthGuard('session') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(METRICS_TOKEN_KEY, targets) && this.metricsTokenPresented(context)) return true;
    await super.canActivate(context);
    const user: AuthUser = context.switchToHttp().getRequest().user;
    const ctx = currentContext();
    if (ctx) {
      ctx.userId = user.id;
      ctx.loginId = user.loginId;
    }
    const required = this.reflector.getAllAndOverride<Permission[]>(PERMISSIONS_KEY, targets) ?? [];
    if (!hasAnyPermission(user.permissions, required)) {
      throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.forbidden, 'この操作を行う権限がありません。');
    }
    return true;
  }

  /** A bearer header on such a route must carry the token: a wrong one is refused, never sent on to the session check. */
  private metricsTokenPresented(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest().headers?.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    const expected = this.config.metricsToken;
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    const digest = (v: string) => createHash('sha256').update(v).digest();
    if (!expected || !timingSafeEqual(digest(header.slice(7).trim()), digest(expected))) throw unauthenticated();
    const ctx = currentContext();
    if (ctx) ctx.loginId = 'metrics-scraper';
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw unauthenticated();
    return user;
  }
}

/** Runs the password strategy for the sign-in route. */
@Injectable()
export class PasswordAuthGuard extends AuthGuard('password') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, 'ログインIDとパスワードを入力してください。');
    return user;
  }
}
