import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not, QueryFailedError } from 'typeorm';
import { ERROR_CODES, invoiceNumberProblem, keishinP, LOCALITIES, normalizeForSearch } from '@keiyaku/domain';
import { AppException, badRequest, currentContext, describeList, duplicate, ExportColumn, ListSpec, loadForUpdate, notFound, validateBody } from '@keiyaku/server/core';
import { CreateVendorDto, KeishinDto, QualificationDto, UpdateVendorDto, VendorListQueryDto } from './dto/vendor.dto';
import { SubjectiveItem, Term, Trade } from './entities/master.entities';
import { KeishinResult, KeishinScore, Qualification, VendorAttachment } from './entities/vendor-parts.entities';
import { Vendor, VendorStatus } from './entities/vendor.entity';
import { FilesService } from '@keiyaku/server/platform';
import { VendorHistoryService } from './vendor-history.service';

/** Files attached to vendors: readable by whoever may read the registry. */
export const VENDOR_FILE_PURPOSE = 'vendor';
import { PartName, VENDOR_PARTS } from './vendor-parts';

export const VENDOR_LIST: ListSpec = {
  fields: {
    vendorCode: { expr: 'v.vendorCode', type: 'text', label: '業者番号' },
    corporateNumber: { expr: 'v.corporateNumber', type: 'text', label: '法人番号' },
    name: { expr: 'v.name', type: 'text', label: '商号又は名称' },
    nameKana: { expr: 'v.nameKana', type: 'text', label: 'フリガナ' },
    representativeName: { expr: 'v.representativeName', type: 'text', label: '代表者' },
    address: { expr: 'v.address', type: 'text', label: '所在地' },
    phone: { expr: 'v.phone', type: 'text', label: '電話番号' },
    locality: { expr: 'v.locality', type: 'text', label: '地域区分' },
    entityType: { expr: 'v.entityType', type: 'text', label: '法人・個人' },
    status: { expr: 'v.status', type: 'text', label: '状態' },
    capital: { expr: 'v.capital', type: 'number', label: '資本金' },
    updatedAt: { expr: 'v.updatedAt', type: 'date', label: '更新日時' },
  },
  searchExpr: 'v.searchText',
  searchPlain: ['v.vendorCode', 'v.corporateNumber'],
  defaultSort: 'nameKana:asc',
  tieBreaker: 'v.id',
};

export const VENDOR_STATUS_NAMES: Record<VendorStatus, string> = { active: '有効', dormant: '休止', closed: '廃業' };
export const localityName = (code: string) => LOCALITIES.find((l) => l.code === code)?.name ?? code;

export type VendorRow = ReturnType<typeof vendorRow>;

export const VENDOR_EXPORT_COLUMNS: ExportColumn<VendorRow>[] = [
  { key: 'vendorCode', header: '業者番号', width: 10, value: (v) => v.vendorCode },
  { key: 'corporateNumber', header: '法人番号', width: 16, value: (v) => v.corporateNumber },
  { key: 'invoiceNumber', header: '登録番号', width: 17, value: (v) => v.invoiceNumber },
  { key: 'name', header: '商号又は名称', width: 30, value: (v) => v.name },
  { key: 'nameKana', header: 'フリガナ', width: 24, value: (v) => v.nameKana },
  { key: 'representativeName', header: '代表者', width: 22, value: (v) => [v.representativeTitle, v.representativeName].filter(Boolean).join(' ') },
  { key: 'postalCode', header: '郵便番号', width: 10, value: (v) => v.postalCode },
  { key: 'address', header: '所在地', width: 40, value: (v) => v.address },
  { key: 'phone', header: '電話番号', width: 15, value: (v) => v.phone },
  { key: 'fax', header: 'FAX番号', width: 15, value: (v) => v.fax },
  { key: 'email', header: 'メールアドレス', width: 26, value: (v) => v.email },
  { key: 'locality', header: '地域区分', width: 9, value: (v) => localityName(v.locality) },
  { key: 'entityType', header: '法人・個人', width: 9, value: (v) => (v.entityType === 'corporation' ? '法人' : '個人') },
  { key: 'capital', header: '資本金（円）', type: 'yen', value: (v) => v.capital },
  { key: 'status', header: '状態', width: 8, value: (v) => VENDOR_STATUS_NAMES[v.status] },
  { key: 'updatedAt', header: '更新日時', type: 'date', value: (v) => v.updatedAt },
];

export const vendorRow = (v: Vendor) => {
  const { searchText: _s, ...row } = v;
  return row;
};

export interface DuplicateCandidate {
  id: number;
  vendorCode: string;
  name: string;
  address: string;
  reason: string;
}

/** Same 法人番号, or the same name and address once width, kana and spacing are folded. */
const comparable = (v: string | null | undefined) => normalizeForSearch(v).replace(/株式会社|有限会社|合同会社|\(株\)|\(有\)|㈱|㈲/g, '');

/** The failure of an insert whose 業者番号 a concurrent registration took first. */
function vendorCodeTaken(e: unknown): boolean {
  if (e instanceof AppException) return e.getStatus() === HttpStatus.CONFLICT && !!e.errors?.some((f) => f.field === 'vendorCode');
  if (!(e instanceof QueryFailedError)) return false;
  const detail = `${(e as { code?: string }).code ?? ''} ${(e as { constraint?: string }).constraint ?? ''} ${e.message}`;
  return /23505|UNIQUE|ORA-00001/i.test(detail) && /vendor_code/i.test(detail);
}

@Injectable()
export class VendorsService {
  private numbering: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: VendorHistoryService,
    private readonly files: FilesService,
  ) {}

  list(query: VendorListQueryDto) {
    const qb = this.dataSource.getRepository(Vendor).createQueryBuilder('v');
    if (query.locality) qb.andWhere('v.locality = :locality', { locality: query.locality });
    if (query.status) qb.andWhere('v.status = :status', { status: query.status });
    if (query.tradeCode) {
      qb.andWhere('EXISTS (SELECT 1 FROM qualifications q WHERE q.vendor_id = v.id AND q.trade_code = :trade)', { trade: query.tradeCode });
    }
    const conditions = [
      query.locality ? `地域区分: ${localityName(query.locality)}` : '',
      query.status ? `状態: ${VENDOR_STATUS_NAMES[query.status as VendorStatus] ?? query.status}` : '',
      query.tradeCode ? `業種: ${query.tradeCode}` : '',
    ].filter(Boolean);
    return describeList({ name: 'vendors', title: '業者一覧', qb, query, spec: VENDOR_LIST, map: vendorRow, columns: VENDOR_EXPORT_COLUMNS, conditions });
  }

  /** 格付一覧: the qualifications of a term with their vendors, by trade, rank and points. */
  async rankList(category: string, termCode: string, tradeCode?: string | null) {
    const qb = this.dataSource
      .getRepository(Qualification)
      .createQueryBuilder('q')
      .innerJoin(Vendor, 'v', 'v.id = q.vendorId')
      .select(['q.tradeCode AS trade', 'q.rank AS rank', 'q.pScore AS p', 'q.subjectiveScore AS subjective', 'q.totalScore AS total'])
      .addSelect(['v.vendorCode AS code', 'v.name AS name', 'v.locality AS locality'])
      .where('q.category = :category AND q.termCode = :termCode', { category, termCode })
      .orderBy('q.tradeCode', 'ASC')
      .addOrderBy('q.rank', 'ASC')
      .addOrderBy('q.totalScore', 'DESC')
      .addOrderBy('v.vendorCode', 'ASC');
    if (tradeCode) qb.andWhere('q.tradeCode = :tradeCode', { tradeCode });
    const raw = await qb.getRawMany();
    // Oracle returns upper-case aliases.
    const get = (r: Record<string, unknown>, k: string) => (r[k] ?? r[k.toUpperCase()]) as never;
    return raw.map((r) => ({
      tradeCode: get(r, 'trade') as string,
      rank: get(r, 'rank') as string | null,
      p: get(r, 'p') === null ? null : Number(get(r, 'p')),
      subjectiveScore: Number(get(r, 'subjective')),
      totalScore: get(r, 'total') === null ? null : Number(get(r, 'total')),
      vendorCode: get(r, 'code') as string,
      name: get(r, 'name') as string,
      locality: get(r, 'locality') as string,
    }));
  }

  async detail(id: number, manager: EntityManager = this.dataSource.manager) {
    const vendor = await manager.findOneBy(Vendor, { id });
    if (!vendor) throw notFound('業者');
    const parts: Record<string, unknown[]> = {};
    for (const [name, def] of Object.entries(VENDOR_PARTS)) {
      parts[name] = await manager.find(def.entity, { where: { vendorId: id }, order: def.order as any });
    }
    parts['attachments'] = await this.withFiles(parts['attachments'] as VendorAttachment[]);
    return { ...vendorRow(vendor), ...parts };
  }

  /** Attachment rows with their file's name, size and type, so the screen needs no more calls. */
  private async withFiles(rows: VendorAttachment[]) {
    return Promise.all(
      rows.map(async (a) => {
        const file = await this.files.byId(a.fileId).catch(() => null);
        return { ...a, file: file ? { name: file.name, size: file.size, contentType: file.contentType } : null };
      }),
    );
  }

  async findDuplicates(input: { corporateNumber?: string | null; name?: string | null; address?: string | null }, excludeId?: number, manager = this.dataSource.manager): Promise<DuplicateCandidate[]> {
    const out: DuplicateCandidate[] = [];
    const repo = manager.getRepository(Vendor);
    if (input.corporateNumber) {
      const same = await repo.find({ where: { corporateNumber: input.corporateNumber, ...(excludeId ? { id: Not(excludeId) } : {}) } });
      out.push(...same.map((v) => ({ id: v.id, vendorCode: v.vendorCode, name: v.name, address: v.address, reason: '法人番号が同じ業者が登録されています。' })));
    }
    if (input.name && input.address) {
      const name = comparable(input.name);
      const address = comparable(input.address);
      const word = normalizeForSearch(input.name).slice(0, 4);
      const candidates = await repo
        .createQueryBuilder('v')
        .where('v.searchText LIKE :w', { w: `%${word.replace(/[\\%_]/g, '')}%` })
        .take(200)
        .getMany();
      for (const v of candidates) {
        if (v.id === excludeId || out.some((o) => o.id === v.id)) continue;
        if (comparable(v.name) === name && comparable(v.address) === address) {
          out.push({ id: v.id, vendorCode: v.vendorCode, name: v.name, address: v.address, reason: '商号と所在地が同じ業者が登録されています。' });
        }
      }
    }
    return out;
  }

  private async nextVendorCode(m: EntityManager): Promise<string> {
    const rows = await m.getRepository(Vendor).createQueryBuilder('v').select('v.vendorCode', 'code').orderBy('v.vendorCode', 'DESC').take(50).getRawMany();
    const max = rows.map((r) => Number(r.code ?? r.CODE)).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), 0);
    return String(max + 1).padStart(6, '0');
  }

  private checkInvoice(invoiceNumber: string | null | undefined, corporateNumber: string | null | undefined, entityType: string) {
    if (!invoiceNumber) return;
    const problem = invoiceNumberProblem(invoiceNumber, entityType === 'corporation' ? corporateNumber : null);
    if (problem) throw badRequest('invoiceNumber', `登録番号（invoiceNumber）: ${problem}`);
  }

  async create(dto: CreateVendorDto) {
    if (dto.entityType === 'corporation' && !dto.corporateNumber) throw badRequest('corporateNumber', '法人番号（corporateNumber）を入力してください（法人の場合は必須です）。');
    this.checkInvoice(dto.invoiceNumber, dto.corporateNumber, dto.entityType);
    if (dto.vendorCode) return this.createOnce(dto);
    // Registrations in this process take their 業者番号 one after another, so a burst of them never
    // starves on retries; another api process racing for the same number is refused by the unique
    // index, and the loser takes the next number instead of failing.
    const run = this.numbering.then(() => this.createNumbered(dto));
    this.numbering = run.catch(() => undefined);
    return run;
  }

  private async createNumbered(dto: CreateVendorDto) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createOnce(dto);
      } catch (e) {
        if (attempt >= 20 || !vendorCodeTaken(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }

  private async createOnce(dto: CreateVendorDto) {
    const { id, warnings } = await this.dataSource.transaction(async (m) => {
      const dups = await this.findDuplicates(dto, undefined, m);
      const hard = dups.find((d) => d.reason.startsWith('法人番号'));
      if (hard) throw duplicate('corporateNumber', '法人番号', dto.corporateNumber!);
      const vendorCode = dto.vendorCode ?? (await this.nextVendorCode(m));
      if (await m.exists(Vendor, { where: { vendorCode } })) throw duplicate('vendorCode', '業者番号', vendorCode);
      const vendor = await m.save(
        m.create(Vendor, {
          ...dto,
          vendorCode,
          corporateNumber: dto.corporateNumber ?? null,
          invoiceNumber: dto.invoiceNumber ?? null,
          representativeTitle: dto.representativeTitle ?? null,
          fax: dto.fax ?? null,
          email: dto.email ?? null,
          capital: dto.capital ?? null,
          status: dto.status ?? 'active',
          notes: dto.notes ?? null,
        }),
      );
      await this.history.record(m, vendor.id, '新規登録');
      return { id: vendor.id, warnings: dups };
    });
    return { ...(await this.detail(id)), warnings };
  }

  async update(id: number, dto: UpdateVendorDto) {
    const warnings = await this.dataSource.transaction(async (m) => {
      const vendor = await loadForUpdate(m, Vendor, id, dto.version, '業者');
      const { version: _v, ...changes } = dto;
      const next = { ...vendor, ...changes };
      if (next.entityType === 'corporation' && !next.corporateNumber) throw badRequest('corporateNumber', '法人番号（corporateNumber）を入力してください（法人の場合は必須です）。');
      this.checkInvoice(next.invoiceNumber, next.corporateNumber, next.entityType);
      const dups = await this.findDuplicates(next, id, m);
      if (dups.some((d) => d.reason.startsWith('法人番号'))) throw duplicate('corporateNumber', '法人番号', next.corporateNumber!);
      Object.assign(vendor, changes);
      await m.save(vendor);
      await this.history.record(m, id, `基本情報を変更（${Object.keys(changes).join(', ')}）`);
      return dups;
    });
    return { ...(await this.detail(id)), warnings };
  }

  // ---- parts (offices, permits, 経審, qualifications, measures, contacts, attachments) ----

  async listPart(id: number, part: PartName) {
    if (!(await this.dataSource.getRepository(Vendor).exists({ where: { id } }))) throw notFound('業者');
    const def = VENDOR_PARTS[part];
    const rows = await this.dataSource.getRepository(def.entity).find({ where: { vendorId: id }, order: def.order as any });
    return part === 'attachments' ? this.withFiles(rows as unknown as VendorAttachment[]) : rows;
  }

  async addPart(id: number, part: PartName, body: unknown) {
    const def = VENDOR_PARTS[part];
    const dto = await validateBody(def.dto as new () => object, body);
    const saved = await this.dataSource.transaction(async (m) => {
      await loadForUpdate(m, Vendor, id, undefined, '業者');
      const values = await this.prepare(m, id, part, dto as Record<string, unknown>);
      const row = await m.save(m.create(def.entity as any, { ...values, vendorId: id }));
      await this.touch(m, id);
      await this.history.record(m, id, `${def.label}を追加`);
      return row as { id: number };
    });
    return this.dataSource.getRepository(def.entity).findOneByOrFail({ id: saved.id });
  }

  async updatePart(id: number, part: PartName, partId: number, body: unknown) {
    const def = VENDOR_PARTS[part];
    const version = (body as { version?: unknown })?.version;
    if (typeof version !== 'number') throw badRequest('version', '版数（version）を指定してください。');
    const { version: _v, ...rest } = body as Record<string, unknown>;
    const dto = await validateBody(def.dto as new () => object, rest, { partial: true });
    await this.dataSource.transaction(async (m) => {
      await loadForUpdate(m, Vendor, id, undefined, '業者');
      const row = (await loadForUpdate(m, def.entity as any, partId, version, def.label)) as unknown as { id: number; vendorId: number };
      if (row.vendorId !== id) throw notFound(def.label);
      const values = await this.prepare(m, id, part, { ...row, ...(dto as object) } as Record<string, unknown>, row);
      Object.assign(row, values);
      await m.save(row);
      await this.touch(m, id);
      await this.history.record(m, id, `${def.label}を変更`);
    });
    return this.dataSource.getRepository(def.entity).findOneByOrFail({ id: partId });
  }

  async removePart(id: number, part: PartName, partId: number) {
    const def = VENDOR_PARTS[part];
    await this.dataSource.transaction(async (m) => {
      await loadForUpdate(m, Vendor, id, undefined, '業者');
      const row = await m.findOneBy(def.entity, { id: partId, vendorId: id } as any);
      if (!row) throw notFound(def.label);
      await m.remove(row);
      await this.touch(m, id);
      await this.history.record(m, id, `${def.label}を削除`);
    });
  }

  /** A change to a part is a change to the vendor: its version moves, so stale editors see 409. */
  private async touch(m: EntityManager, id: number): Promise<void> {
    const vendor = await m.findOneByOrFail(Vendor, { id });
    vendor.updatedAt = new Date();
    await m.save(vendor);
  }

  /** Checks references and derives computed values (P, 主観点, validity) before a part is saved. */
  private async prepare(m: EntityManager, vendorId: number, part: PartName, values: Record<string, unknown>, existing?: { id: number }): Promise<Record<string, unknown>> {
    const tradeExists = async (category: string, code: string, field: string) => {
      if (!(await m.exists(Trade, { where: { category, code } }))) throw badRequest(field, `業種（${field}）「${code}」は登録されていません。`);
    };
    if (part === 'permits') {
      await tradeExists('construction', String(values.tradeCode), 'tradeCode');
      if (String(values.expiresOn) < String(values.permitDate)) throw badRequest('expiresOn', '有効期限（expiresOn）は許可年月日より後にしてください。');
    }
    if (part === 'measures' && values.endDate && String(values.endDate) < String(values.startDate)) {
      throw badRequest('endDate', '終了日（endDate）は開始日より後にしてください。');
    }
    if (part === 'keishin') {
      const dto = values as unknown as KeishinDto;
      const seen = new Set<string>();
      for (const [i, s] of dto.scores.entries()) {
        await tradeExists('construction', s.tradeCode, `scores[${i}].tradeCode`);
        if (seen.has(s.tradeCode)) throw badRequest(`scores[${i}].tradeCode`, `業種別評点の${i + 1}行目: 業種「${s.tradeCode}」が重複しています。`);
        seen.add(s.tradeCode);
      }
      const scores = dto.scores.map((s) =>
        Object.assign(new KeishinScore(), { tradeCode: s.tradeCode, x1: s.x1, z: s.z, p: keishinP({ x1: s.x1, x2: dto.x2, y: dto.y, z: s.z, w: dto.w }) }),
      );
      if (existing) await m.delete(KeishinScore, { resultId: existing.id });
      return { ...values, noticeDate: dto.noticeDate ?? null, permitNumber: dto.permitNumber ?? null, scores };
    }
    if (part === 'qualifications') {
      const dto = values as unknown as QualificationDto;
      await tradeExists(dto.category, dto.tradeCode, 'tradeCode');
      const term = await m.findOneBy(Term, { category: dto.category, code: dto.termCode });
      if (!term) throw badRequest('termCode', `有効期間（termCode）「${dto.termCode}」は登録されていません。`);
      const items = await m.findBy(SubjectiveItem, { category: dto.category });
      const breakdown = (dto.subjectiveBreakdown ?? []).map((b, i) => {
        const item = items.find((it) => it.code === b.code);
        if (!item) throw badRequest(`subjectiveBreakdown[${i}].code`, `主観点項目「${b.code}」は登録されていません。`);
        return { code: b.code, name: item.name, points: b.points };
      });
      const subjectiveScore = breakdown.reduce((sum, b) => sum + b.points, 0);
      const clash = await m.findOne(Qualification, {
        where: { vendorId, category: dto.category, tradeCode: dto.tradeCode, termCode: dto.termCode, ...(existing ? { id: Not(existing.id) } : {}) },
      });
      if (clash) throw duplicate('tradeCode', 'この部門・業種・有効期間の資格', `${dto.tradeCode} ${dto.termCode}`);
      // P comes from the vendor's latest 経審 for the trade (re-ranking recomputes it later).
      const latest = await m.findOne(KeishinResult, { where: { vendorId }, order: { baseDate: 'DESC' }, relations: { scores: true } });
      const pScore = latest?.scores.find((sc) => sc.tradeCode === dto.tradeCode)?.p ?? (values.pScore as number | null | undefined) ?? null;
      return {
        ...values,
        rank: dto.rank ?? null,
        subjectiveBreakdown: breakdown,
        subjectiveScore,
        pScore,
        totalScore: pScore === null ? null : pScore + subjectiveScore,
        validFrom: term.validFrom,
        validTo: term.validTo,
        source: (values.source as string) ?? 'manual',
      };
    }
    if (part === 'attachments' && !existing) {
      const file = await this.files.byId(Number(values.fileId)).catch(() => null);
      if (!file) throw badRequest('fileId', 'ファイル（fileId）が見つかりません。先にファイルをアップロードしてください。');
      // Only one's own upload can be attached; it then becomes readable with the vendor.
      if (file.ownerId !== currentContext()?.userId) {
        throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.forbidden, '他の利用者がアップロードしたファイルは添付できません。');
      }
      await this.files.setPurpose(file.id, VENDOR_FILE_PURPOSE, m);
    }
    return values;
  }
}
