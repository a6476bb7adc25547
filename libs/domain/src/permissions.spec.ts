import { ALL_PERMISSIONS, NAV_SECTIONS, ROLES, hasAnyPermission, navFor, permissionsOf } from './permissions';

describe('permission catalogue', () => {
  it('gives the administrator every permission', () => {
    expect(permissionsOf(['admin'])).toEqual(ALL_PERMISSIONS);
  });
  it('keeps operations staff away from business data', () => {
    const perms = permissionsOf(['operator']);
    expect(perms.some((p) => /^(vendors|tenders|contracts|inspections|evaluation|euc)\./.test(p))).toBe(false);
    expect(perms).toContain('ops.backup');
  });
  it('unions the permissions of several roles and ignores unknown ones', () => {
    const perms = permissionsOf(['supervisor', 'reportAuthor', 'nonsense']);
    expect(perms).toContain('evaluation.rate');
    expect(perms).toContain('euc.author');
    expect(perms).not.toContain('admin.users');
  });
  it('every role has at least one permission and every section one item or permission', () => {
    for (const role of ROLES) expect(permissionsOf([role]).length).toBeGreaterThan(0);
    for (const s of NAV_SECTIONS) expect(s.permissions.length).toBeGreaterThan(0);
  });
  it('menus follow permissions', () => {
    expect(navFor(permissionsOf(['operator'])).map((s) => s.key)).toEqual(['admin']);
    // Operations staff see only the operations screen (backups, maintenance, health).
    expect(navFor(permissionsOf(['operator']))[0].items.map((i) => i.path)).toEqual(['/admin/operations']);
    expect(navFor(permissionsOf(['viewer'])).map((s) => s.key)).toEqual(['contract', 'evaluation', 'euc']);
    expect(navFor(permissionsOf(['admin']))[4].items.map((i) => i.path)).toContain('/admin/audit');
  });
  it('no requirement means allowed', () => {
    expect(hasAnyPermission([], [])).toBe(true);
    expect(hasAnyPermission(['a'], ['admin.users'])).toBe(false);
  });
});
