import { registerLocaleData } from '@angular/common';
import localeJa from '@angular/common/locales/ja';
import { ApplicationConfig, LOCALE_ID, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter, Routes } from '@angular/router';
import { provideApiHttp } from '@keiyaku/web/auth';
import { PortalLoginPage } from './login.page';

registerLocaleData(localeJa);

const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'login' },
  { path: 'login', component: PortalLoginPage, title: 'ログイン - 防府市 入札参加資格審査申請' },
  { path: '**', redirectTo: 'login' },
];

export const portalConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes),
    // Same CSRF header convention as the staff client.
    provideApiHttp(),
    { provide: LOCALE_ID, useValue: 'ja-JP' },
  ],
};
