import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /qualification (資格審査); each screen is its own chunk. */
export const APPLICATION_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('qualification.review')],
    loadComponent: () => import('./queue/queue.page').then((m) => m.QueuePage),
    title: '資格審査 - keiyaku',
  },
  {
    path: 'qualified',
    canActivate: [permissionGuard('qualification.review')],
    loadComponent: () => import('./qualified/qualified.page').then((m) => m.QualifiedPage),
    title: '入札参加資格者名簿 - keiyaku',
  },
  {
    path: 'accounts',
    canActivate: [permissionGuard('qualification.review')],
    loadComponent: () => import('./accounts/accounts.page').then((m) => m.AccountsPage),
    title: '事業者アカウント - keiyaku',
  },
  {
    path: 'packages',
    canActivate: [permissionGuard('qualification.review')],
    loadComponent: () => import('./packages/packages.page').then((m) => m.PackagesPage),
    title: '承認パッケージ - keiyaku',
  },
  {
    path: 'applications/:id',
    canActivate: [permissionGuard('qualification.review')],
    loadComponent: () => import('./review/review.page').then((m) => m.ReviewPage),
    title: '申請の審査 - keiyaku',
  },
];
