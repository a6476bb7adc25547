import { SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from './auth-user';

/**
 * Limits a query to the user's own department unless the user may see all departments
 * (契約課, 検査員, administrators). Works departments see their own records only.
 */
export function applyDepartmentScope<T extends object>(
  qb: SelectQueryBuilder<T>,
  departmentExpr: string,
  user: AuthUser,
): SelectQueryBuilder<T> {
  if (user.permissions.includes('data.allDepartments')) return qb;
  if (user.departmentId === null) return qb.andWhere('1 = 0');
  return qb.andWhere(`${departmentExpr} = :scopeDepartmentId`, { scopeDepartmentId: user.departmentId });
}

export function canAccessDepartment(user: AuthUser, departmentId: number | null): boolean {
  return user.permissions.includes('data.allDepartments') || (departmentId !== null && departmentId === user.departmentId);
}
