import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { ERROR_CODES } from '@keiyaku/domain';
import { AuthService } from './auth.service';
import { loginParams } from './guards';

// Sign-in and the session probe answer 401 as part of their normal job; the guard and the
// login page handle those themselves.
const SELF_HANDLED = ['/api/auth/login', '/api/auth/me'];

/** Any 401 for a signed-in user means the session ended on the server: back to the login page. */
export const sessionInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(req).pipe(
    catchError((err: unknown) => {
      if (
        err instanceof HttpErrorResponse &&
        err.status === 401 &&
        auth.user() &&
        !SELF_HANDLED.some((path) => req.url.startsWith(path))
      ) {
        const code = err.error?.code;
        if (code === ERROR_CODES.sessionExpired || code === ERROR_CODES.unauthenticated) {
          auth.clear();
          const expired = code === ERROR_CODES.sessionExpired;
          void router.navigate(['/login'], { queryParams: loginParams(expired, router.url) });
        }
      }
      return throwError(() => err);
    }),
  );
};
