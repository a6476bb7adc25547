import { Routes } from '@angular/router';
import { permissionGuard } from '@keiyaku/web/auth';

/** Lazy-loaded under /evaluations; each screen is its own chunk. */
export const EVALUATION_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [permissionGuard('evaluation.read', 'evaluation.rate')],
    loadComponent: () => import('./list/evaluations.page').then((m) => m.EvaluationsPage),
    title: '工事成績評定 - keiyaku',
  },
  {
    path: 'statistics',
    canActivate: [permissionGuard('evaluation.read', 'evaluation.rate')],
    loadComponent: () => import('./stats/statistics.page').then((m) => m.StatisticsPage),
    title: '評定の統計 - keiyaku',
  },
  {
    path: 'rule-sets',
    canActivate: [permissionGuard('evaluation.manage')],
    loadComponent: () => import('./rules/rule-sets.page').then((m) => m.RuleSetsPage),
    title: '評定要領 - keiyaku',
  },
  {
    path: 'rule-sets/:id',
    canActivate: [permissionGuard('evaluation.manage')],
    loadComponent: () => import('./rules/rule-set.page').then((m) => m.RuleSetPage),
    title: '評定要領 - keiyaku',
  },
  {
    path: ':id',
    canActivate: [permissionGuard('evaluation.read', 'evaluation.rate')],
    loadComponent: () => import('./sheet/evaluation.page').then((m) => m.EvaluationPage),
    title: '工事成績評定表 - keiyaku',
  },
];
