import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: '/section/admin' },
  {
    path: 'users',
    canActivate: [permissionGuard('admin.users')],
    loadComponent: () => import('./users/users.page').then((m) => m.UsersPage),
    title: 'ユーザー - keiyaku',
  },
  {
    path: 'departments',
    canActivate: [permissionGuard('admin.departments')],
    loadComponent: () => import('./departments/departments.page').then((m) => m.DepartmentsPage),
    title: '部署 - keiyaku',
  },
  {
    path: 'audit',
    canActivate: [permissionGuard('admin.audit')],
    loadComponent: () => import('./audit/audit.page').then((m) => m.AuditPage),
    title: '操作ログ - keiyaku',
  },
  {
    path: 'settings',
    canActivate: [permissionGuard('admin.settings')],
    loadComponent: () => import('./settings/settings.page').then((m) => m.SettingsPage),
    title: '設定 - keiyaku',
  },
  {
    path: 'registry',
    canActivate: [permissionGuard('admin.settings')],
    loadComponent: () => import('./registry/registry.page').then((m) => m.RegistryPage),
    title: '業者マスタ - keiyaku',
  },
  {
    path: 'mail',
    canActivate: [permissionGuard('admin.settings')],
    loadComponent: () => import('./mail/mail.page').then((m) => m.MailPage),
    title: 'メール送信状況 - keiyaku',
  },
  {
    path: 'operations',
    canActivate: [permissionGuard('ops.monitor')],
    loadComponent: () => import('./operations/operations.page').then((m) => m.OperationsPage),
    title: '運用 - keiyaku',
  },
];
