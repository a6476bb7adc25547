import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /imports: 取込 (dry run → commit), 取込履歴 and 取込定義. */
export const IMPORT_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('imports.run')],
    loadComponent: () => import('./run/import-run.page').then((m) => m.ImportRunPage),
    title: 'データ取込 - keiyaku',
  },
  {
    path: 'history',
    canActivate: [permissionGuard('imports.run')],
    loadComponent: () => import('./history/import-history.page').then((m) => m.ImportHistoryPage),
    title: '取込履歴 - keiyaku',
  },
  {
    path: 'profiles',
    canActivate: [permissionGuard('imports.run')],
    loadComponent: () => import('./profiles/import-profiles.page').then((m) => m.ImportProfilesPage),
    title: '取込定義 - keiyaku',
  },
];
