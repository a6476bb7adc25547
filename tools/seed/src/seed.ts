import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Role } from '@keiyaku/domain';
import { Department, PasswordService, User } from '@keiyaku/server/auth';
import { DEMO_ADMIN_PASSWORD, DEMO_PASSWORD, SEED_DEPARTMENTS, SEED_USERS } from './departments';

export interface SeedOptions {
  /** Demo users for every role besides the administrator. */
  demo: boolean;
  /** SEED_ADMIN_PASSWORD; without it a demo installation uses the published demo password. */
  adminPassword: string | null;
  production: boolean;
}

export interface SeededAccount {
  loginId: string;
  password: string;
  roles: string[];
}

/**
 * Fills an empty database: departments and the first administrator (and demo users). Does
 * nothing when any user exists, so it is safe at every start.
 */
export async function seedIfEmpty(dataSource: DataSource, options: SeedOptions): Promise<SeededAccount[]> {
  if ((await dataSource.getRepository(User).count()) > 0) return [];
  const passwords = new PasswordService();
  // A real installation never runs with a published password.
  const adminPassword =
    options.adminPassword ?? (options.production ? randomBytes(12).toString('base64url') : DEMO_ADMIN_PASSWORD);
  const accounts: SeededAccount[] = [];
  const users = SEED_USERS.filter((u) => options.demo || u.loginId === 'admin');
  const hashes = new Map<string, string>();
  for (const u of users) {
    const password = u.loginId === 'admin' ? adminPassword : DEMO_PASSWORD;
    hashes.set(u.loginId, await passwords.hash(password));
    accounts.push({ loginId: u.loginId, password, roles: u.roles });
  }
  await dataSource.transaction(async (m) => {
    const byCode = new Map<string, Department>();
    for (const [i, d] of SEED_DEPARTMENTS.entries()) {
      const existing = await m.findOneBy(Department, { code: d.code });
      byCode.set(d.code, existing ?? (await m.save(m.create(Department, { ...d, sortOrder: (i + 1) * 10, active: true }))));
    }
    for (const u of users) {
      await m.save(
        m.create(User, {
          loginId: u.loginId,
          name: u.name,
          nameKana: u.nameKana,
          email: null,
          departmentId: byCode.get(u.department)!.id,
          roles: u.roles as Role[],
          active: true,
          passwordHash: hashes.get(u.loginId)!,
          failedAttempts: 0,
          lockedUntil: null,
          passwordChangedAt: null,
          mustChangePassword: false,
          lastLoginAt: null,
        }),
      );
    }
  });
  return accounts;
}
