import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { currentContext, Public } from '@keiyaku/server/core';
import { PortalAuthService, VENDOR_CSRF_HEADER, VENDOR_SESSION_COOKIE, VendorPrincipal, vendorLoginId } from './portal-auth.service';

export const PORTAL_ROUTE_KEY = 'keiyaku:portal';

/**
 * The portal's own guard. Portal routes are public to the staff guard (a staff cookie does
 * not open them) and this guard admits only a vendor session; staff routes never accept the
 * vendor cookie, because the staff guard reads only the staff cookie.
 */
@Injectable()
export class VendorAuthGuard implements CanActivate {
  constructor(private readonly auth: PortalAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest();
    const header = req.headers[VENDOR_CSRF_HEADER];
    const vendor = await this.auth.authenticate(req.cookies?.[VENDOR_SESSION_COOKIE], req.method, typeof header === 'string' ? header : undefined);
    req.vendor = vendor;
    const ctx = currentContext();
    if (ctx) {
      ctx.userId = null;
      ctx.loginId = vendorLoginId(vendor.accountId);
    }
    return true;
  }
}

/** A portal route for a signed-in vendor. */
export const PortalSession = () => applyDecorators(Public(), SetMetadata(PORTAL_ROUTE_KEY, 'session'), UseGuards(VendorAuthGuard));
/** A portal route open without a session (sign-up, sign-in, verification, reset, the public list). */
export const PortalOpen = () => applyDecorators(Public(), SetMetadata(PORTAL_ROUTE_KEY, 'open'));

export const CurrentVendor = createParamDecorator((_: unknown, ctx: ExecutionContext): VendorPrincipal => ctx.switchToHttp().getRequest().vendor);
