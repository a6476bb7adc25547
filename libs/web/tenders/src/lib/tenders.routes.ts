import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /tenders; each screen is its own chunk. */
export const TENDER_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('tenders.read')],
    loadComponent: () => import('./list/tenders.page').then((m) => m.TendersPage),
    title: '入札案件 - keiyaku',
  },
  {
    path: 'new',
    canActivate: [permissionGuard('tenders.write')],
    loadComponent: () => import('./form/tender-new.page').then((m) => m.TenderNewPage),
    title: '入札案件の新規登録 - keiyaku',
  },
  {
    path: 'what-if',
    canActivate: [permissionGuard('tenders.write')],
    loadComponent: () => import('./what-if/what-if.page').then((m) => m.WhatIfPage),
    title: '最低制限価格の試算 - keiyaku',
  },
  {
    path: 'price-rules',
    canActivate: [permissionGuard('admin.settings')],
    loadComponent: () => import('./price-rules/price-rules.page').then((m) => m.PriceRulesPage),
    title: '価格算定基準 - keiyaku',
  },
  {
    path: ':id',
    canActivate: [permissionGuard('tenders.read')],
    loadComponent: () => import('./detail/tender.page').then((m) => m.TenderPage),
    title: '入札案件 - keiyaku',
  },
];
