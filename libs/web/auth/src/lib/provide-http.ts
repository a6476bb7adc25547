import { HttpInterceptorFn, provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { EnvironmentProviders } from '@angular/core';

/**
 * HttpClient as the API expects it: every write carries X-XSRF-TOKEN copied from the
 * XSRF-TOKEN cookie (the server answers 403 CSRF_REJECTED without it).
 */
export function provideApiHttp(...interceptors: HttpInterceptorFn[]): EnvironmentProviders {
  return provideHttpClient(
    withInterceptors(interceptors),
    withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
  );
}
