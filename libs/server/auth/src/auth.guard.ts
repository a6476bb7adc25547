import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ERROR_CODES, hasAnyPermission, Permission } from '@keiyaku/domain';
import { AppException, currentContext, IS_PUBLIC_KEY, PERMISSIONS_KEY } from '@keiyaku/server/core';
import { AuthUser } from './auth-user';
import { unauthenticated } from './auth.service';

/**
 * Deny by default: every route needs a signed-in user unless marked @Public(), and the
 * permissions named by @RequirePermissions().
 */
@Injectable()
export class AppAuthGuard extends AuthGuard('session') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
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
