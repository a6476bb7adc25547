import { registerLocaleData } from '@angular/common';
import { provideHttpClient, withXsrfConfiguration } from '@angular/common/http';
import localeJa from '@angular/common/locales/ja';
import { ApplicationConfig, inject, LOCALE_ID, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { CanActivateFn, provideRouter, Router, Routes } from '@angular/router';
import { PortalResetPage, PortalResetRequestPage, PortalSignupPage, PortalVerifyPage } from './account.pages';
import { PortalLoginPage } from './login.page';
import { PortalApi } from './portal-api.service';

registerLocaleData(localeJa);

/** Signed-in vendors only (the server decides: a staff session is no vendor session). */
/** inject() only works before the first await: both services are taken first. */
const vendorGuard: CanActivateFn = async () => {
  const api = inject(PortalApi);
  const router = inject(Router);
  return (await api.me()) ? true : router.createUrlTree(['/login']);
};
const T = ' - 防府市 入札参加資格審査申請';

const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'applications' },
  { path: 'login', component: PortalLoginPage, title: `ログイン${T}` },
  { path: 'signup', component: PortalSignupPage, title: `新規登録${T}` },
  { path: 'verify', component: PortalVerifyPage, title: `メールアドレスの確認${T}` },
  { path: 'reset-request', component: PortalResetRequestPage, title: `パスワードの再設定${T}` },
  { path: 'reset', component: PortalResetPage, title: `パスワードの設定${T}` },
  { path: 'qualified', loadComponent: () => import('./qualified.page').then((m) => m.PortalQualifiedPage), title: `入札参加資格者名簿${T}` },
  { path: 'applications', canActivate: [vendorGuard], loadComponent: () => import('./applications.page').then((m) => m.PortalApplicationsPage), title: `申請一覧${T}` },
  { path: 'applications/:id', canActivate: [vendorGuard], loadComponent: () => import('./application.page').then((m) => m.PortalApplicationPage), title: `申請${T}` },
  { path: '**', redirectTo: 'login' },
];

export const portalConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes),
    // The portal's own CSRF cookie (XSRF-PORTAL): a staff tab's XSRF-TOKEN is never sent here.
    provideHttpClient(withXsrfConfiguration({ cookieName: 'XSRF-PORTAL', headerName: 'X-XSRF-TOKEN' })),
    { provide: LOCALE_ID, useValue: 'ja-JP' },
  ],
};
