import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { describeList, duplicate, ExportColumn, ListSpec, loadForUpdate, notFound } from '@keiyaku/server/core';
import { CreateDepartmentDto, DepartmentListQueryDto, UpdateDepartmentDto } from './dto/user.dto';
import { Department } from './entities/department.entity';

export const DEPARTMENT_LIST: ListSpec = {
  fields: {
    code: { expr: 'd.code', type: 'text', label: '部署コード' },
    name: { expr: 'd.name', type: 'text', label: '部署名' },
    sortOrder: { expr: 'd.sortOrder', type: 'number', label: '表示順' },
    active: { expr: 'd.active', type: 'boolean', label: '有効' },
    updatedAt: { expr: 'd.updatedAt', type: 'date', label: '更新日時' },
  },
  searchPlain: ['d.code', 'd.name'],
  defaultSort: 'sortOrder:asc,code:asc',
  tieBreaker: 'd.id',
};

const row = (d: Department) => ({
  id: d.id,
  code: d.code,
  name: d.name,
  sortOrder: d.sortOrder,
  active: d.active,
  version: d.version,
  updatedAt: d.updatedAt,
});

export type DepartmentRow = ReturnType<typeof row>;

export const DEPARTMENT_EXPORT_COLUMNS: ExportColumn<DepartmentRow>[] = [
  { key: 'code', header: '部署コード', value: (d) => d.code },
  { key: 'name', header: '部署名', width: 24, value: (d) => d.name },
  { key: 'sortOrder', header: '表示順', type: 'number', value: (d) => d.sortOrder },
  { key: 'active', header: '状態', width: 10, value: (d) => (d.active ? '有効' : '無効') },
  { key: 'updatedAt', header: '更新日時', type: 'datetime', value: (d) => d.updatedAt },
];

@Injectable()
export class DepartmentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(query: DepartmentListQueryDto) {
    const qb = this.dataSource.getRepository(Department).createQueryBuilder('d');
    const all = query.includeInactive === 'true';
    if (!all) qb.andWhere('d.active = :active', { active: true });
    return describeList({
      name: 'departments',
      title: '部署一覧',
      qb,
      query,
      spec: DEPARTMENT_LIST,
      map: row,
      columns: DEPARTMENT_EXPORT_COLUMNS,
      conditions: [all ? '無効な部署を含む' : '有効な部署のみ'],
    });
  }

  async get(id: number) {
    const d = await this.dataSource.getRepository(Department).findOneBy({ id });
    if (!d) throw notFound('部署');
    return row(d);
  }

  async create(dto: CreateDepartmentDto) {
    const id = await this.dataSource.transaction(async (m) => {
      if (await m.exists(Department, { where: { code: dto.code } })) throw duplicate('code', '部署コード', dto.code);
      return (await m.save(m.create(Department, { code: dto.code, name: dto.name, sortOrder: dto.sortOrder ?? 0, active: true }))).id;
    });
    return this.get(id);
  }

  async update(id: number, dto: UpdateDepartmentDto) {
    await this.dataSource.transaction(async (m) => {
      const d = await loadForUpdate(m, Department, id, dto.version, '部署');
      d.name = dto.name ?? d.name;
      d.sortOrder = dto.sortOrder ?? d.sortOrder;
      d.active = dto.active ?? d.active;
      await m.save(d);
    });
    return this.get(id);
  }
}
