import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DepartmentRow, DepartmentsService, roleLabels, UserRow, UsersService, userState } from '@keiyaku/server/auth';
import { badRequest, collectRows, ExportColumn, Label, ListQueryDto } from '@keiyaku/server/core';
import { warekiDateTime } from '../kit/format';
import { PdfColumn } from '../kit/pdf-kit';
import { ReportsService } from '../reports.service';

/** A report prints at most this many rows; a longer list is an Excel export's job. */
const MAX_ROWS = 10_000;

export class UsersReportParams {
  @ApiPropertyOptional({ description: '部署コード' }) @Label('所属部署') @IsOptional() @IsString() @MaxLength(20)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'matches' }) department?: string;
  @ApiPropertyOptional() @Label('利用停止中のユーザーも含める') @IsOptional() @IsIn(['true', 'false']) includeInactive?: string;
}

export class DepartmentsReportParams {
  @ApiPropertyOptional() @Label('無効な部署も含める') @IsOptional() @IsIn(['true', 'false']) includeInactive?: string;
}

interface UsersReportData {
  rows: UserRow[];
  conditions: string[];
}

interface DepartmentsReportData {
  rows: Array<DepartmentRow & { users: number }>;
  conditions: string[];
}

const listQuery = (q: Partial<ListQueryDto> & Record<string, unknown>): ListQueryDto => Object.assign(new ListQueryDto(), q);
const equals = (filter: unknown) => ({ filterType: 'text', type: 'equals', filter });

const USER_COLUMNS: ExportColumn<UserRow>[] = [
  { key: 'loginId', header: 'ログインID', width: 16, value: (u) => u.loginId },
  { key: 'name', header: '氏名', width: 18, value: (u) => u.name },
  { key: 'department', header: '所属', width: 22, value: (u) => u.department?.name },
  { key: 'roles', header: '役割', width: 26, value: (u) => roleLabels(u.roles) },
  { key: 'state', header: '状態', width: 10, value: userState },
  { key: 'lastLoginAt', header: '最終ログイン', width: 24, value: (u) => warekiDateTime(u.lastLoginAt) },
];

const USER_PDF_COLUMNS: PdfColumn<UserRow>[] = [
  { header: 'ログインID', width: 72, value: (u) => u.loginId },
  { header: '氏名', width: '*', value: (u) => u.name },
  { header: '所属', width: 88, value: (u) => u.department?.name },
  { header: '役割', width: 100, value: (u) => roleLabels(u.roles) },
  { header: '状態', width: 42, align: 'center', value: userState },
  { header: '最終ログイン', width: 104, value: (u) => warekiDateTime(u.lastLoginAt) },
];

type DepartmentReportRow = DepartmentsReportData['rows'][number];

const DEPARTMENT_COLUMNS: ExportColumn<DepartmentReportRow>[] = [
  { key: 'code', header: '部署コード', width: 16, value: (d) => d.code },
  { key: 'name', header: '部署名', width: 30, value: (d) => d.name },
  { key: 'sortOrder', header: '表示順', type: 'number', value: (d) => d.sortOrder },
  { key: 'users', header: 'ユーザー数', type: 'number', value: (d) => d.users },
  { key: 'active', header: '状態', width: 10, value: (d) => (d.active ? '有効' : '無効') },
];

const DEPARTMENT_PDF_COLUMNS: PdfColumn<DepartmentReportRow>[] = [
  { header: '部署コード', width: 90, value: (d) => d.code },
  { header: '部署名', width: '*', value: (d) => d.name },
  { header: '表示順', width: 50, align: 'right', value: (d) => d.sortOrder },
  { header: 'ユーザー数', width: 60, align: 'right', value: (d) => d.users },
  { header: '状態', width: 50, align: 'center', value: (d) => (d.active ? '有効' : '無効') },
];

/** ユーザー一覧 and 部署一覧: read through the auth module's services, never its tables. */
@Injectable()
export class AdminReports implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  onModuleInit(): void {
    this.reports.register<UsersReportParams, UsersReportData>({
      name: 'users',
      title: 'ユーザー一覧',
      permissions: ['admin.users'],
      params: UsersReportParams,
      formats: ['pdf', 'xlsx'],
      load: (params) => this.loadUsers(params),
      describe: (p) => [p.department ? `所属部署=${p.department}` : '', p.includeInactive === 'true' ? '利用停止中を含む' : ''].filter(Boolean).join(' '),
      pdf: (data, kit) =>
        kit.document({
          title: 'ユーザー一覧',
          conditions: data.conditions,
          content: [kit.note(`${data.rows.length}名`), kit.table(USER_PDF_COLUMNS, data.rows, { fontSize: 8.5 })],
        }),
      xlsx: (data, workbook, kit) => {
        kit.sheet(workbook, { title: 'ユーザー一覧', conditions: data.conditions, columns: USER_COLUMNS, rows: data.rows });
      },
    });

    this.reports.register<DepartmentsReportParams, DepartmentsReportData>({
      name: 'departments',
      title: '部署一覧',
      permissions: ['admin.departments'],
      params: DepartmentsReportParams,
      formats: ['pdf', 'xlsx'],
      load: (params) => this.loadDepartments(params),
      describe: (p) => (p.includeInactive === 'true' ? '無効な部署を含む' : ''),
      pdf: (data, kit) =>
        kit.document({
          title: '部署一覧',
          conditions: data.conditions,
          withHeadTitle: true,
          content: [kit.note(`${data.rows.length}部署`), kit.table(DEPARTMENT_PDF_COLUMNS, data.rows)],
        }),
      xlsx: (data, workbook, kit) => {
        kit.sheet(workbook, { title: '部署一覧', conditions: data.conditions, columns: DEPARTMENT_COLUMNS, rows: data.rows });
      },
    });
  }

  private async loadUsers(params: UsersReportParams): Promise<UsersReportData> {
    const conditions: string[] = [];
    const filter: Record<string, unknown> = {};
    if (params.department) {
      const [dept] = await collectRows(this.departments.list(listQuery({ includeInactive: 'true', filter: JSON.stringify({ code: equals(params.department) }) })), 1);
      if (!dept) throw badRequest('department', `所属部署（department）「${params.department}」は登録されていません。`);
      filter['department'] = equals(params.department);
      conditions.push(`所属: ${dept.name}`);
    }
    if (params.includeInactive !== 'true') filter['active'] = { filterType: 'text', type: 'equals', filter: true };
    conditions.push(params.includeInactive === 'true' ? '対象: 全ユーザー（利用停止中を含む）' : '対象: 利用中のユーザー');
    const list = this.users.list(listQuery({ sort: 'departmentOrder:asc,department:asc,loginId:asc', filter: JSON.stringify(filter) }));
    return { rows: await collectRows(list, MAX_ROWS), conditions };
  }

  private async loadDepartments(params: DepartmentsReportParams): Promise<DepartmentsReportData> {
    const all = params.includeInactive === 'true';
    const departments = await collectRows(this.departments.list(listQuery({ includeInactive: all ? 'true' : 'false' })), MAX_ROWS);
    const counts = new Map<number, number>();
    for (const u of await collectRows(this.users.list(listQuery({})), 100_000)) {
      if (u.department) counts.set(u.department.id, (counts.get(u.department.id) ?? 0) + 1);
    }
    return {
      rows: departments.map((d) => ({ ...d, users: counts.get(d.id) ?? 0 })),
      conditions: [all ? '対象: 全部署（無効な部署を含む）' : '対象: 有効な部署'],
    };
  }
}
