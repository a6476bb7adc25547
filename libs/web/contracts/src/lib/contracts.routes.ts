import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /contracts; each screen is its own chunk. */
export const CONTRACT_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('contracts.read')],
    loadComponent: () => import('./list/contracts.page').then((m) => m.ContractsPage),
    title: '契約 - keiyaku',
  },
  {
    path: 'new',
    canActivate: [permissionGuard('contracts.write')],
    loadComponent: () => import('./form/contract-new.page').then((m) => m.ContractNewPage),
    title: '契約の新規登録 - keiyaku',
  },
  {
    path: ':id',
    canActivate: [permissionGuard('contracts.read')],
    loadComponent: () => import('./detail/contract.page').then((m) => m.ContractPage),
    title: '契約 - keiyaku',
  },
];

/** Lazy-loaded under /inspections: the inspectors' list and month calendar. */
export const INSPECTION_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('inspections.read')],
    loadComponent: () => import('./inspections/inspections.page').then((m) => m.InspectionsPage),
    title: '検査 - keiyaku',
  },
];
