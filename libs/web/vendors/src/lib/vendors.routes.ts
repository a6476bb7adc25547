import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /vendors; each screen is its own chunk. */
export const VENDOR_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('vendors.read')],
    loadComponent: () => import('./list/vendors.page').then((m) => m.VendorsPage),
    title: '業者 - keiyaku',
  },
  {
    path: 'new',
    canActivate: [permissionGuard('vendors.write')],
    loadComponent: () => import('./form/vendor-new.page').then((m) => m.VendorNewPage),
    title: '業者の新規登録 - keiyaku',
  },
  {
    path: 'ranking',
    canActivate: [permissionGuard('vendors.write')],
    loadComponent: () => import('./ranking/ranking.page').then((m) => m.RankingPage),
    title: '格付 - keiyaku',
  },
  {
    path: ':id',
    canActivate: [permissionGuard('vendors.read')],
    loadComponent: () => import('./detail/vendor.page').then((m) => m.VendorPage),
    title: '業者情報 - keiyaku',
  },
];
