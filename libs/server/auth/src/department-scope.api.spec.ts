import { permissionsOf, Role } from '@keiyaku/domain';
import { startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { AuthUser } from './auth-user';
import { applyDepartmentScope, canAccessDepartment } from './department-scope';
import { User } from './entities/user.entity';

describe('department scoping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const asUser = async (loginId: string): Promise<AuthUser> => {
    const u = await t.dataSource.getRepository(User).findOneOrFail({ where: { loginId }, relations: { department: true } });
    return { id: u.id, loginId, name: u.name, departmentId: u.departmentId, departmentCode: u.department!.code, roles: u.roles as Role[], permissions: permissionsOf(u.roles), sessionId: 'x' };
  };
  // Users stand in for any departmental record here: the helper only needs the column.
  const visible = async (user: AuthUser) =>
    (await applyDepartmentScope(t.dataSource.getRepository(User).createQueryBuilder('r'), 'r.departmentId', user).orderBy('r.loginId').getMany()).map((r) => r.loginId);

  it('limits a works-department user to their own department', async () => {
    expect(await visible(await asUser('works'))).toEqual(['supervisor', 'works']);
  });
  it('lets 契約課 and inspectors see every department', async () => {
    expect((await visible(await asUser('contract'))).length).toBe(8);
    expect((await visible(await asUser('inspector'))).length).toBe(8);
  });
  it('answers single-record checks the same way', async () => {
    const works = await asUser('works');
    const viewer = await asUser('viewer');
    expect(canAccessDepartment(works, works.departmentId)).toBe(true);
    expect(canAccessDepartment(works, viewer.departmentId)).toBe(false);
    expect(canAccessDepartment({ ...works, departmentId: null }, null)).toBe(false);
  });
});
