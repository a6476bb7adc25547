import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ERROR_CODES, passwordProblems, ROLE_LABELS } from '@keiyaku/domain';
import { AppException, describeList, duplicate, ExportColumn, ListSpec, loadForUpdate, notFound } from '@keiyaku/server/core';
import { AuthUser } from './auth-user';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto';
import { Department } from './entities/department.entity';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';
import { PasswordService } from './password.service';

export const USER_LIST: ListSpec = {
  fields: {
    loginId: { expr: 'u.loginId', type: 'text', label: 'ログインID' },
    name: { expr: 'u.name', type: 'text', label: '氏名' },
    nameKana: { expr: 'u.nameKana', type: 'text', label: 'フリガナ' },
    email: { expr: 'u.email', type: 'text', label: 'メールアドレス' },
    department: { expr: 'd.code', type: 'text', label: '所属部署' },
    departmentOrder: { expr: 'd.sortOrder', type: 'number', label: '所属部署の表示順' },
    active: { expr: 'u.active', type: 'boolean', label: '有効' },
    lastLoginAt: { expr: 'u.lastLoginAt', type: 'date', label: '最終ログイン' },
    updatedAt: { expr: 'u.updatedAt', type: 'date', label: '更新日時' },
  },
  searchExpr: 'u.searchText',
  defaultSort: 'loginId:asc',
  tieBreaker: 'u.id',
};

export type UserRow = ReturnType<typeof UsersService.row>;

/** 有効 / ロック中 / 利用停止, as the administration screen shows a user's state. */
export function userState(u: Pick<UserRow, 'active' | 'locked'>): string {
  if (!u.active) return '利用停止';
  return u.locked ? 'ロック中' : '有効';
}

export const roleLabels = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r).join('・');

export const USER_EXPORT_COLUMNS: ExportColumn<UserRow>[] = [
  { key: 'loginId', header: 'ログインID', value: (u) => u.loginId },
  { key: 'name', header: '氏名', value: (u) => u.name },
  { key: 'nameKana', header: 'フリガナ', value: (u) => u.nameKana },
  { key: 'email', header: 'メールアドレス', width: 28, value: (u) => u.email },
  { key: 'department', header: '所属部署', width: 20, value: (u) => u.department?.name },
  { key: 'roles', header: '役割', width: 24, value: (u) => roleLabels(u.roles) },
  { key: 'active', header: '状態', width: 10, value: userState },
  { key: 'lastLoginAt', header: '最終ログイン', type: 'datetime', value: (u) => u.lastLoginAt },
  { key: 'updatedAt', header: '更新日時', type: 'datetime', value: (u) => u.updatedAt },
];

function passwordError(problems: string[], field = 'password'): AppException {
  return new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, problems.join(' '), problems.map((message) => ({ field, message })));
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
  ) {}

  static row(u: User) {
    return {
      id: u.id,
      loginId: u.loginId,
      name: u.name,
      nameKana: u.nameKana,
      email: u.email,
      department: u.department ? { id: u.department.id, code: u.department.code, name: u.department.name } : null,
      roles: u.roles,
      active: u.active,
      locked: !!u.lockedUntil && u.lockedUntil > new Date(),
      lockedUntil: u.lockedUntil,
      lastLoginAt: u.lastLoginAt,
      passwordChangedAt: u.passwordChangedAt,
      mustChangePassword: u.mustChangePassword,
      version: u.version,
      updatedAt: u.updatedAt,
    };
  }

  list(query: UserListQueryDto) {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').leftJoinAndSelect('u.department', 'd');
    return describeList({ name: 'users', title: 'ユーザー一覧', qb, query, spec: USER_LIST, map: UsersService.row, columns: USER_EXPORT_COLUMNS });
  }

  async get(id: number) {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id }, relations: { department: true } });
    if (!user) throw notFound('ユーザー');
    return UsersService.row(user);
  }

  private async department(m: EntityManager, id: number): Promise<Department> {
    const department = await m.findOneBy(Department, { id });
    if (!department || !department.active) {
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, '所属部署（departmentId）が見つかりません。', [
        { field: 'departmentId', message: '所属部署（departmentId）が見つかりません。' },
      ]);
    }
    return department;
  }

  async create(dto: CreateUserDto) {
    const problems = passwordProblems(dto.password, dto.loginId);
    if (problems.length) throw passwordError(problems);
    const passwordHash = await this.passwords.hash(dto.password);
    const id = await this.dataSource.transaction(async (m) => {
      if (await m.exists(User, { where: { loginId: dto.loginId } })) throw duplicate('loginId', 'ログインID', dto.loginId);
      await this.department(m, dto.departmentId);
      const user = m.create(User, {
        loginId: dto.loginId,
        name: dto.name,
        nameKana: dto.nameKana ?? null,
        email: dto.email ?? null,
        departmentId: dto.departmentId,
        roles: dto.roles,
        active: true,
        passwordHash,
        failedAttempts: 0,
        lockedUntil: null,
        passwordChangedAt: null,
        // The first password is the administrator's: the user must choose their own.
        mustChangePassword: true,
        lastLoginAt: null,
      });
      return (await m.save(user)).id;
    });
    return this.get(id);
  }

  async update(id: number, dto: UpdateUserDto, actor: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const user = await loadForUpdate(m, User, id, dto.version, 'ユーザー');
      if (dto.departmentId !== undefined) await this.department(m, dto.departmentId);
      const next = { ...user, ...dto };
      if (user.id === actor.id && (!next.active || !next.roles.includes('admin')) && user.roles.includes('admin')) {
        throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, '自分自身の管理者権限の削除や利用停止はできません。', [
          { field: dto.active === false ? 'active' : 'roles', message: '自分自身の管理者権限の削除や利用停止はできません。' },
        ]);
      }
      Object.assign(user, {
        name: dto.name ?? user.name,
        nameKana: dto.nameKana !== undefined ? dto.nameKana : user.nameKana,
        email: dto.email !== undefined ? dto.email : user.email,
        departmentId: dto.departmentId ?? user.departmentId,
        roles: dto.roles ?? user.roles,
        active: dto.active ?? user.active,
      });
      delete user.department;
      await m.save(user);
      // A disabled user is signed out everywhere at once.
      if (!user.active) await m.delete(Session, { userId: user.id });
    });
    return this.get(id);
  }

  async resetPassword(id: number, dto: ResetPasswordDto) {
    await this.dataSource.transaction(async (m) => {
      const user = await loadForUpdate(m, User, id, undefined, 'ユーザー');
      const problems = passwordProblems(dto.password, user.loginId);
      if (problems.length) throw passwordError(problems);
      user.passwordHash = await this.passwords.hash(dto.password);
      user.passwordChangedAt = new Date();
      user.mustChangePassword = true;
      user.failedAttempts = 0;
      user.lockedUntil = null;
      await m.save(user);
      await m.delete(Session, { userId: user.id });
    });
  }

  async unlock(id: number) {
    await this.dataSource.transaction(async (m) => {
      const user = await loadForUpdate(m, User, id, undefined, 'ユーザー');
      user.failedAttempts = 0;
      user.lockedUntil = null;
      await m.save(user);
    });
  }
}
