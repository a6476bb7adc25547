import { Routes } from '@angular/router';
import { authGuard } from '@keiyaku/web/auth';
import { ForbiddenPage, NotFoundPage } from './pages/status.pages';
import { HomePage } from './pages/home.page';
import { LoginPage } from './login/login.page';
import { PasswordPage } from './pages/password.page';
import { SectionPage, sectionGuard } from './pages/section.page';
import { ShellComponent } from './shell/shell.component';

export const routes: Routes = [
  { path: 'login', component: LoginPage, title: 'ログイン - keiyaku' },
  {
    path: '',
    component: ShellComponent,
    // canActivateChild runs on every navigation inside the shell, re-checking the session.
    canActivateChild: [authGuard],
    children: [
      { path: '', component: HomePage, title: 'ホーム - keiyaku' },
      { path: 'section/:key', component: SectionPage, canActivate: [sectionGuard] },
      { path: 'password', component: PasswordPage, title: 'パスワード変更 - keiyaku' },
      { path: 'forbidden', component: ForbiddenPage, title: '権限がありません - keiyaku' },
      { path: 'jobs', loadComponent: () => import('./pages/jobs.page').then((m) => m.JobsPage), title: '処理状況 - keiyaku' },
      // Grid screens are lazy: AG Grid alone is about 320 KB gzip.
      { path: 'admin', loadChildren: () => import('@keiyaku/web/admin').then((m) => m.ADMIN_ROUTES) },
      { path: 'vendors', loadChildren: () => import('@keiyaku/web/vendors').then((m) => m.VENDOR_ROUTES) },
      { path: 'tenders', loadChildren: () => import('@keiyaku/web/tenders').then((m) => m.TENDER_ROUTES) },
      { path: 'contracts', loadChildren: () => import('@keiyaku/web/contracts').then((m) => m.CONTRACT_ROUTES) },
      { path: 'inspections', loadChildren: () => import('@keiyaku/web/contracts').then((m) => m.INSPECTION_ROUTES) },
      { path: 'evaluations', loadChildren: () => import('@keiyaku/web/evaluations').then((m) => m.EVALUATION_ROUTES) },
      { path: 'qualification', loadChildren: () => import('@keiyaku/web/applications').then((m) => m.APPLICATION_ROUTES) },
      { path: 'euc', loadChildren: () => import('@keiyaku/web/euc').then((m) => m.EUC_ROUTES) },
      { path: 'imports', loadChildren: () => import('@keiyaku/web/imports').then((m) => m.IMPORT_ROUTES) },
      { path: '**', component: NotFoundPage, title: 'ページが見つかりません - keiyaku' },
    ],
  },
];
