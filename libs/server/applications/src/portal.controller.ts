/// <reference types="multer" />
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Put, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { tmpdir } from 'node:os';
import { APP_CONFIG, AppConfig, badRequest } from '@keiyaku/server/core';
import { contentDisposition } from '@keiyaku/server/platform';
import { ApplicationReports } from './application-reports';
import { ApplicationsService } from './applications.service';
import { CurrentVendor, PortalOpen, PortalSession } from './portal.guard';
import { PortalAuthService, VENDOR_CSRF_COOKIE, VENDOR_SESSION_COOKIE, VendorPrincipal } from './portal-auth.service';

const UPLOAD = FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: 110 * 1024 * 1024, files: 1 } });
const id = (name: string) => new ParseIntPipe({ exceptionFactory: () => badRequest(name, '番号が正しくありません。') });

/** Vendor accounts: everything here is for vendors; no staff session is read. */
@ApiTags('portal')
@Controller('portal/auth')
export class PortalAuthController {
  constructor(
    private readonly auth: PortalAuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @PortalOpen()
  @Post('signup')
  @HttpCode(202)
  signup(@Body() body: Record<string, unknown>) {
    return this.auth.signUp(body);
  }

  @PortalOpen()
  @Post('verify')
  @HttpCode(204)
  async verify(@Body() body: Record<string, unknown>) {
    await this.auth.verifyEmail(body?.['token']);
  }

  @PortalOpen()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: Record<string, unknown>, @Req() req: { headers: Record<string, string | undefined> }, @Res({ passthrough: true }) res: Response) {
    const { token, csrfToken, account } = await this.auth.login(body?.['email'] ?? body?.['loginId'], body?.['password'], req.headers['user-agent'] ?? null);
    const base = { sameSite: 'lax' as const, secure: this.config.cookieSecure, path: '/' };
    res.cookie(VENDOR_SESSION_COOKIE, token, { ...base, httpOnly: true });
    res.cookie(VENDOR_CSRF_COOKIE, csrfToken, { ...base, httpOnly: false });
    return account;
  }

  @PortalOpen()
  @Post('reset-request')
  @HttpCode(202)
  async resetRequest(@Body() body: Record<string, unknown>) {
    await this.auth.requestReset(body?.['email']);
    return { message: '登録されているメールアドレスであれば、再設定の案内を送信しました。' };
  }

  @PortalOpen()
  @Post('reset')
  @HttpCode(204)
  async reset(@Body() body: Record<string, unknown>) {
    await this.auth.resetPassword(body?.['token'], body?.['password']);
  }

  @PortalSession()
  @Get('me')
  me(@CurrentVendor() vendor: VendorPrincipal) {
    return this.auth.me(vendor);
  }

  @PortalSession()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentVendor() vendor: VendorPrincipal, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(vendor);
    res.clearCookie(VENDOR_SESSION_COOKIE, { path: '/' });
    res.clearCookie(VENDOR_CSRF_COOKIE, { path: '/' });
  }
}

/** A vendor's own applications: every route answers 404 for another vendor's. */
@ApiTags('portal')
@Controller('portal')
export class PortalApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly reports: ApplicationReports,
  ) {}

  @PortalSession()
  @Get('options')
  options() {
    return this.applications.options();
  }

  @PortalSession()
  @Get('applications')
  list(@CurrentVendor() vendor: VendorPrincipal) {
    return this.applications.listOwn(vendor);
  }

  @PortalSession()
  @Post('applications')
  create(@CurrentVendor() vendor: VendorPrincipal, @Body() body: Record<string, unknown>) {
    return this.applications.create(vendor, body);
  }

  @PortalSession()
  @Get('applications/:id')
  get(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number) {
    return this.applications.getOwn(vendor, appId);
  }

  @PortalSession()
  @Put('applications/:id/steps/:step')
  saveStep(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number, @Param('step') step: string, @Body() body: Record<string, unknown>) {
    return this.applications.saveStep(vendor, appId, step, body);
  }

  @PortalSession()
  @Post('applications/:id/attachments')
  @UseInterceptors(UPLOAD)
  upload(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, unknown>) {
    return this.applications.upload(vendor, appId, file, body?.['itemCode']);
  }

  @PortalSession()
  @Get('applications/:id/attachments/:attachmentId/content')
  async download(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number, @Param('attachmentId', id('attachmentId')) attachmentId: number, @Res() res: Response) {
    const { file, stream } = await this.applications.attachmentFile(appId, attachmentId, vendor);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', contentDisposition('inline', file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    stream.pipe(res);
  }

  @PortalSession()
  @Delete('applications/:id/attachments/:attachmentId')
  @HttpCode(204)
  async removeAttachment(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number, @Param('attachmentId', id('attachmentId')) attachmentId: number) {
    await this.applications.removeAttachment(vendor, appId, attachmentId);
  }

  @PortalSession()
  @Post('applications/:id/submit')
  @HttpCode(200)
  submit(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number, @Body() body: Record<string, unknown>) {
    return this.applications.submit(vendor, appId, body);
  }

  @PortalSession()
  @Get('applications/:id/receipt')
  async receipt(@CurrentVendor() vendor: VendorPrincipal, @Param('id', id('id')) appId: number, @Res() res: Response) {
    const { app, attachments } = await this.applications.receiptData(vendor, appId);
    const pdf = await this.reports.receiptPdf(app, attachments);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition('inline', `受付票_${app.receiptNumber}.pdf`));
    res.end(pdf);
  }

  /** 入札参加資格者名簿: public (the city publishes it). */
  @PortalOpen()
  @Get('qualified')
  async qualified(@Query('category') category: string, @Query('termCode') termCode: string) {
    if (!['construction', 'survey', 'goods'].includes(category)) throw badRequest('category', '部門（category）を指定してください。');
    if (typeof termCode !== 'string' || !/^[A-Za-z0-9-]{1,20}$/.test(termCode)) throw badRequest('termCode', '有効期間（termCode）を指定してください。');
    const rows = await this.reports.qualified(category, termCode);
    return { rows, total: rows.length };
  }
}
