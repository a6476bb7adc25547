import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /euc: the query builder (検索・抽出) and the form catalogue (登録帳票). */
export const EUC_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('euc.use')],
    loadComponent: () => import('./builder/euc-builder.page').then((m) => m.EucBuilderPage),
    title: '検索・抽出（EUC） - keiyaku',
  },
  {
    path: 'forms',
    canActivate: [permissionGuard('euc.use', 'reports.print')],
    loadComponent: () => import('./forms/forms.page').then((m) => m.FormsPage),
    title: '登録帳票 - keiyaku',
  },
];
