import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig, Public } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from './auth-user';
import { PasswordAuthGuard } from './auth.guard';
import { AuthService, CSRF_COOKIE, NewSession, SESSION_COOKIE } from './auth.service';
import { ChangePasswordDto, LoginDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sets the httpOnly session cookie and the CSRF cookie the client echoes in a header. */
  @Public()
  @ApiBody({ type: LoginDto })
  @UseGuards(PasswordAuthGuard)
  @Post('login')
  @HttpCode(200)
  login(@Req() req: { user: NewSession }, @Res({ passthrough: true }) res: Response) {
    const { token, csrfToken, user } = req.user;
    const base = { sameSite: 'lax' as const, secure: this.config.cookieSecure, path: '/' };
    res.cookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    res.cookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false });
    return user;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(user);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return this.auth.me(user);
  }

  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto) {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }
}
