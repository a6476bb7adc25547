import { inject } from '@angular/core';
import { CanActivateFn, RedirectCommand, Router } from '@angular/router';
import { ERROR_CODES, Permission } from '@keiyaku/domain';
import { AuthService } from './auth.service';

export const PASSWORD_PATH = '/password';
export const FORBIDDEN_PATH = '/forbidden';

/**
 * Signed-in staff only. Every navigation asks the server again, so an idle-expired session is
 * noticed at the next click rather than at the next save. A user who must change the password
 * is sent to the password page first.
 */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const check = await auth.me();
  let user = check.user;
  if (!user) {
    // Server unreachable: keep working with what we know rather than signing the user out.
    if ('status' in check && check.status !== 401 && auth.user()) user = auth.user();
    else {
      const expired = 'code' in check && check.code === ERROR_CODES.sessionExpired;
      return router.createUrlTree(['/login'], { queryParams: loginParams(expired, state.url) });
    }
  }
  if (user?.mustChangePassword && !state.url.startsWith(PASSWORD_PATH)) {
    return router.createUrlTree([PASSWORD_PATH]);
  }
  return true;
};

/** The route needs any of these permissions; otherwise 権限がありません at the same address. */
export function permissionGuard(...permissions: Permission[]): CanActivateFn {
  return () => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (auth.can(...permissions)) return true;
    return new RedirectCommand(router.parseUrl(FORBIDDEN_PATH), { skipLocationChange: true });
  };
}

/** Query parameters for the login page: why the user is there and where to return. */
export function loginParams(expired: boolean, returnUrl: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (expired) params['reason'] = 'expired';
  if (returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login')) params['returnUrl'] = returnUrl;
  return params;
}
