import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { Strategy as LocalStrategy } from 'passport-local';
import { ERROR_CODES } from '@keiyaku/domain';
import { AppException } from '@keiyaku/server/core';
import { AuthService, CSRF_HEADER, SESSION_COOKIE } from './auth.service';

/**
 * Passport keeps strategies in one process-wide registry, so a strategy must not hold on to
 * one application's services: it uses those of the application that received the request.
 */
const AUTH_LOCAL = 'keiyakuAuthService';
function authOf(req: any, fallback: AuthService): AuthService {
  return (req.app?.locals?.[AUTH_LOCAL] as AuthService | undefined) ?? fallback;
}

@Injectable()
export class AuthServiceRegistration implements OnModuleInit {
  constructor(
    private readonly auth: AuthService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance?.();
    if (app?.locals) app.locals[AUTH_LOCAL] = this.auth;
  }
}

/** Sign-in with loginId and password (POST /api/auth/login). */
@Injectable()
export class PasswordStrategy extends PassportStrategy(LocalStrategy, 'password') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'loginId', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: any, loginId: string, password: string) {
    if (typeof loginId !== 'string' || typeof password !== 'string' || loginId.length > 60 || password.length > 200) {
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, 'ログインIDとパスワードを入力してください。');
    }
    return authOf(req, this.auth).login(loginId.trim(), password, req.headers['user-agent'] ?? null);
  }
}

/** Every other request: the httpOnly session cookie, plus the CSRF header on writes. */
@Injectable()
export class SessionStrategy extends PassportStrategy(CustomStrategy, 'session') {
  constructor(private readonly auth: AuthService) {
    super();
  }

  async validate(req: any) {
    const header = req.headers[CSRF_HEADER];
    return authOf(req, this.auth).authenticate(req.cookies?.[SESSION_COOKIE], req.method, typeof header === 'string' ? header : undefined);
  }
}
