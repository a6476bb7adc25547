import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  advanceLimit, APPROVAL_STATUS_LABELS, ApprovalStatus, consumptionTaxRate, INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS, InspectionResult, TaxRate,
  taxPortionOfIncluded, todayInJapan,
} from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { applyDepartmentScope, AuthUser, Department, User } from '@keiyaku/server/auth';
import { badRequest, describeList, ExportColumn, ListSpec, loadForUpdate, notFound, SettingsService, versionConflict } from '@keiyaku/server/core';
import { Vendor } from '@keiyaku/server/vendors';
import { Contract } from './contract.entity';
import { ContractEvents } from './contract-events';
import { ContractsService } from './contracts.service';
import {
  ApprovalActionDto, CreateChangeDto, CreateInspectionDto, CreatePaymentDto, InspectionListQueryDto, UpdateChangeDto, UpdateInspectionDto, UpdatePaymentDto,
} from './dto/contract.dto';
import { Approval, ApprovalSubject, ContractChange, ContractPayment, Inspection } from './entities/contract-parts.entities';

const yen = (v: number) => `${v.toLocaleString('ja-JP')}円`;
const SUBJECT_NAMES: Record<ApprovalSubject, string> = { contract: '契約', change: '変更契約', inspection: '検査結果' };

type Decidable = { id: number; version: number; approvalStatus: ApprovalStatus };

const INSPECTION_LIST: ListSpec = {
  fields: {
    scheduledDate: { expr: 'i.scheduledDate', type: 'date', label: '検査予定日' },
    inspectedDate: { expr: 'i.inspectedDate', type: 'date', label: '検査日' },
    kind: { expr: 'i.kind', type: 'text', label: '検査の種類' },
    result: { expr: 'i.result', type: 'text', label: '検査結果' },
    approvalStatus: { expr: 'i.approvalStatus', type: 'text', label: '決裁' },
    contractNumber: { expr: 'c.contractNumber', type: 'text', label: '契約番号' },
    title: { expr: 'c.title', type: 'text', label: '件名' },
  },
  searchExpr: 'c.searchText',
  searchPlain: ['c.contractNumber'],
  defaultSort: 'scheduledDate:asc',
  tieBreaker: 'i.id',
};

/** 変更契約, 支払, 検査 and their 決裁 (drafter → approver), each a write on its contract. */
@Injectable()
export class ContractPartsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractsService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly events: ContractEvents,
  ) {}

  private async part<T extends { contractId: number; version: number }>(m: EntityManager, entity: new () => T, id: number, contractId: number, version: number, what: string): Promise<T> {
    const row = await loadForUpdate(m, entity, id, undefined, what);
    if (row.contractId !== contractId) throw notFound(what);
    if (row.version !== version) throw versionConflict(what);
    return row;
  }

  private live(c: Contract) {
    if (c.status === 'draft') throw badRequest('status', '締結前の契約には登録できません。');
    if (c.status === 'cancelled' || c.status === 'paid') throw badRequest('status', `「${c.status === 'paid' ? '支払済' : '解除'}」の契約には登録できません。`);
  }

  // ---- 変更契約 ----

  private async changeTax(c: Contract, amount: number, date: string) {
    const rate = consumptionTaxRate(date, await this.settings.get<TaxRate[]>('tax.consumptionRates'));
    return taxPortionOfIncluded(amount, rate);
  }

  private checkChange(c: Contract, x: { changeDate: string; amount: number; periodTo: string | null }) {
    if (c.contractDate && x.changeDate < c.contractDate) throw badRequest('changeDate', `変更契約日（${x.changeDate}）が契約日（${c.contractDate}）より前です。`);
    if (x.periodTo && c.periodFrom && x.periodTo < c.periodFrom) throw badRequest('periodTo', `変更後の工期（至）（${x.periodTo}）が工期（自）（${c.periodFrom}）より前です。`);
    if (x.amount === c.amount && !x.periodTo) throw badRequest('amount', '契約金額か工期のどちらかを変更してください。');
  }

  async createChange(contractId: number, dto: CreateChangeDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.contracts.loadForWrite(m, contractId, dto.version, user);
      this.live(c);
      if (await m.exists(ContractChange, { where: { contractId, approvalStatus: In(['draft', 'pending', 'returned']) } })) {
        throw badRequest('changes', '決裁の済んでいない変更契約があります。先にその決裁を済ませてください。');
      }
      const x = { changeDate: dto.changeDate, amount: dto.amount, periodTo: dto.periodTo ?? null };
      this.checkChange(c, x);
      const changeNo = (await m.count(ContractChange, { where: { contractId } })) + 1;
      await m.save(m.create(ContractChange, { contractId, changeNo, ...x, taxAmount: await this.changeTax(c, dto.amount, dto.changeDate), reason: dto.reason.trim(), approvalStatus: 'draft' }));
      await this.contracts.touch(m, c);
    });
    return this.contracts.detail(contractId, user);
  }

  async updateChange(contractId: number, changeId: number, dto: UpdateChangeDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.contracts.loadForWrite(m, contractId, (await this.contracts.get(contractId, m)).version, user);
      const x = await this.part(m, ContractChange, changeId, contractId, dto.version, '変更契約');
      if (x.approvalStatus === 'approved') throw badRequest('approvalStatus', '決裁済の変更契約は修正できません。新たな変更契約を登録してください。');
      const { version: _v, ...changes } = dto;
      Object.assign(x, changes);
      if ('periodTo' in changes && changes.periodTo === undefined) x.periodTo = null;
      this.checkChange(c, x);
      x.taxAmount = await this.changeTax(c, x.amount, x.changeDate);
      x.approvalStatus = 'draft';
      await m.save(x);
      await this.contracts.touch(m, c);
    });
    return this.contracts.detail(contractId, user);
  }

  // ---- 支払 ----

  private async checkPayment(m: EntityManager, c: Contract, p: Pick<ContractPayment, 'id' | 'kind' | 'amount' | 'dueDate' | 'paidDate'>) {
    const others = (await m.find(ContractPayment, { where: { contractId: c.id } })).filter((o) => o.id !== p.id);
    const total = others.reduce((s, o) => s + o.amount, 0) + p.amount;
    if (total > c.amount) throw badRequest('amount', `支払額の合計（${yen(total)}）が契約金額（${yen(c.amount)}）を超えます。`);
    if (p.kind === 'advance' || p.kind === 'interimAdvance') {
      const advances = others.filter((o) => o.kind === 'advance' || o.kind === 'interimAdvance').reduce((s, o) => s + o.amount, 0) + p.amount;
      const limit = advanceLimit(c.amount, c.advanceRate);
      if (!c.advanceRate) throw badRequest('kind', 'この契約には前払金の割合が設定されていません（概要の「前払金の割合」）。');
      if (advances > limit) throw badRequest('amount', `前払金の合計（${yen(advances)}）が契約金額の${c.advanceRate}%（${yen(limit)}）を超えます。`);
    }
    if (p.kind === 'final' && others.some((o) => o.kind === 'final')) throw badRequest('kind', '完成払は1件だけ登録できます。');
    if (p.kind === 'final' && p.paidDate && c.status !== 'inspected' && c.status !== 'paid') throw badRequest('paidDate', '完成払は検査済の契約にのみ支払日を登録できます。');
    if (!p.dueDate && !p.paidDate) throw badRequest('dueDate', '支払予定日か支払日を入力してください。');
  }

  async createPayment(contractId: number, dto: CreatePaymentDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.contracts.loadForWrite(m, contractId, dto.version, user);
      this.live(c);
      const p = m.create(ContractPayment, { contractId, kind: dto.kind, dueDate: dto.dueDate ?? null, paidDate: dto.paidDate ?? null, amount: dto.amount, notes: dto.notes ?? null });
      await this.checkPayment(m, c, p);
      await m.save(p);
      await this.contracts.touch(m, c);
    });
    return this.contracts.detail(contractId, user);
  }

  async updatePayment(contractId: number, paymentId: number, dto: UpdatePaymentDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.contracts.loadForWrite(m, contractId, (await this.contracts.get(contractId, m)).version, user);
      if (c.status === 'paid') throw badRequest('status', '支払済の契約の支払は変更できません。');
      const p = await this.part(m, ContractPayment, paymentId, contractId, dto.version, '支払');
      const { version: _v, ...changes } = dto;
      Object.assign(p, changes);
      for (const k of Object.keys(changes) as Array<keyof typeof changes>) if ((p as unknown as Record<string, unknown>)[k] === undefined) (p as unknown as Record<string, unknown>)[k] = null;
      await this.checkPayment(m, c, p);
      await m.save(p);
      await this.contracts.touch(m, c);
    });
    return this.contracts.detail(contractId, user);
  }

  // ---- 検査 ----

  private async checkInspectors(m: EntityManager, ids: number[]) {
    if (!ids.length) throw badRequest('inspectorIds', '検査員を1人以上選んでください。');
    const users = await m.find(User, { where: { id: In(ids) } });
    ids.forEach((id, i) => {
      const u = users.find((x) => x.id === id);
      if (!u || !u.active || !u.roles.includes('inspector')) throw badRequest(`inspectorIds.${i}`, `${i + 1}人目: ${u?.name ?? `ユーザーID ${id}`} は検査員の役割を持っていません。`);
    });
  }

  async createInspection(contractId: number, dto: CreateInspectionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.contracts.loadForWrite(m, contractId, dto.version, user);
      this.live(c);
      await this.checkInspectors(m, dto.inspectorIds);
      if (dto.reinspectionOf) {
        const prior = await m.findOneBy(Inspection, { id: dto.reinspectionOf, contractId });
        if (!prior || prior.result !== 'rework') throw badRequest('reinspectionOf', '再検査の対象は、この契約の「手直し」となった検査を選んでください。');
      }
      if (dto.kind === 'completion' && c.status !== 'completed') throw badRequest('kind', '完成検査は「完成」の契約にのみ予定できます（先に完成届を受け付けてください）。');
      await m.save(
        m.create(Inspection, {
          contractId,
          kind: dto.kind,
          scheduledDate: dto.scheduledDate,
          inspectedDate: null,
          inspectorIds: dto.inspectorIds,
          attendees: dto.attendees ?? null,
          result: null,
          reworkDeadline: null,
          reinspectionOf: dto.reinspectionOf ?? null,
          remarks: null,
          approvalStatus: 'draft',
        }),
      );
      await this.contracts.touch(m, c);
    });
    return this.contracts.detail(contractId, user);
  }

  async updateInspection(contractId: number, inspectionId: number, dto: UpdateInspectionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const c = await this.contracts.loadForWrite(m, contractId, (await this.contracts.get(contractId, m)).version, user);
      const x = await this.part(m, Inspection, inspectionId, contractId, dto.version, '検査');
      if (x.approvalStatus === 'approved') throw badRequest('approvalStatus', '決裁済の検査結果は修正できません。');
      const { version: _v, ...changes } = dto;
      if (changes.inspectorIds) await this.checkInspectors(m, changes.inspectorIds);
      Object.assign(x, changes);
      for (const k of Object.keys(changes) as Array<keyof typeof changes>) if ((x as unknown as Record<string, unknown>)[k] === undefined) (x as unknown as Record<string, unknown>)[k] = null;
      if (x.result && !x.inspectedDate) throw badRequest('inspectedDate', '検査結果を入力するときは検査日も入力してください。');
      if (x.inspectedDate && c.contractDate && x.inspectedDate < c.contractDate) throw badRequest('inspectedDate', `検査日（${x.inspectedDate}）が契約日（${c.contractDate}）より前です。`);
      if (x.result === 'rework' && !x.reworkDeadline) throw badRequest('reworkDeadline', '手直しの場合は手直しの期限を入力してください。');
      x.approvalStatus = 'draft';
      await m.save(x);
      await this.contracts.touch(m, c);
    });
    return this.contracts.detail(contractId, user);
  }

  /** The inspectors' list and calendar: inspections of the contracts the user may see. */
  inspections(query: InspectionListQueryDto, user: AuthUser) {
    const qb = this.dataSource
      .getRepository(Inspection)
      .createQueryBuilder('i')
      .innerJoinAndMapOne('i.contract', Contract, 'c', 'c.id = i.contractId')
      .leftJoinAndMapOne('i.vendor', Vendor, 'v', 'v.id = c.vendorId')
      .leftJoinAndMapOne('i.department', Department, 'd', 'd.id = c.departmentId');
    applyDepartmentScope(qb, 'c.departmentId', user);
    if (query.from) qb.andWhere('i.scheduledDate >= :from', { from: query.from });
    if (query.to) qb.andWhere('i.scheduledDate <= :to', { to: query.to });
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.result === 'pending') qb.andWhere('i.result IS NULL');
    else if (query.result) qb.andWhere('i.result = :result', { result: query.result });
    // inspector_ids is JSON text on every database: match the id as a whole number within it.
    if (query.mine === 'true') {
      qb.andWhere("(i.inspectorIds LIKE :exact OR i.inspectorIds LIKE :first OR i.inspectorIds LIKE :middle OR i.inspectorIds LIKE :last)", {
        exact: `[${user.id}]`, first: `[${user.id},%`, middle: `%,${user.id},%`, last: `%,${user.id}]`,
      });
    }
    const names = new Map<number, string>();
    const map = (i: Inspection & { contract?: Contract; vendor?: Vendor; department?: Department }) => ({
      id: i.id,
      contractId: i.contractId,
      contractNumber: i.contract?.contractNumber ?? null,
      title: i.contract?.title ?? null,
      vendorName: i.vendor?.name ?? null,
      departmentName: i.department?.name ?? null,
      kind: i.kind,
      kindLabel: INSPECTION_KIND_LABELS[i.kind],
      scheduledDate: i.scheduledDate,
      inspectedDate: i.inspectedDate,
      inspectorIds: i.inspectorIds,
      inspectorNames: i.inspectorIds.map((u) => names.get(u) ?? String(u)),
      result: i.result,
      approvalStatus: i.approvalStatus,
      version: i.version,
    });
    const columns: ExportColumn<ReturnType<typeof map>>[] = [
      { key: 'scheduledDate', header: '検査予定日', type: 'date', value: (r) => r.scheduledDate },
      { key: 'inspectedDate', header: '検査日', type: 'date', value: (r) => r.inspectedDate },
      { key: 'kind', header: '検査の種類', width: 12, value: (r) => r.kindLabel },
      { key: 'contractNumber', header: '契約番号', width: 12, value: (r) => r.contractNumber },
      { key: 'title', header: '件名', width: 40, value: (r) => r.title },
      { key: 'vendorName', header: '受注者', width: 28, value: (r) => r.vendorName },
      { key: 'inspectorNames', header: '検査員', width: 20, value: (r) => r.inspectorNames.join('、') },
      { key: 'result', header: '検査結果', width: 8, value: (r) => (r.result ? INSPECTION_RESULT_LABELS[r.result as InspectionResult] : '') },
      { key: 'approvalStatus', header: '決裁', width: 8, value: (r) => APPROVAL_STATUS_LABELS[r.approvalStatus] },
    ];
    return this.dataSource
      .getRepository(User)
      .find({ select: { id: true, name: true, roles: true } })
      .then((users) => {
        for (const u of users) if (u.roles.includes('inspector')) names.set(u.id, u.name);
        return describeList({ name: 'inspections', title: '検査一覧', qb, query, spec: INSPECTION_LIST, map, columns });
      });
  }

  // ---- 決裁 ----

  private async subject(m: EntityManager, subject: ApprovalSubject, contractId: number, subjectId: number, version: number, user: AuthUser): Promise<{ contract: Contract; row: Decidable }> {
    if (subject === 'contract') {
      const contract = await this.contracts.loadForWrite(m, contractId, version, user);
      return { contract, row: contract };
    }
    const contract = await this.contracts.loadForWrite(m, contractId, (await this.contracts.get(contractId, m)).version, user);
    const row = subject === 'change' ? await this.part(m, ContractChange, subjectId, contractId, version, '変更契約') : await this.part(m, Inspection, subjectId, contractId, version, '検査');
    return { contract, row };
  }

  private async record(m: EntityManager, subject: ApprovalSubject, subjectId: number, action: Approval['action'], comment: string | null, user: AuthUser) {
    await m.save(m.create(Approval, { subject, subjectId, action, comment, userId: user.id, loginId: user.loginId, actedAt: new Date() }));
  }

  async submit(subject: ApprovalSubject, contractId: number, subjectId: number, dto: ApprovalActionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const { contract, row } = await this.subject(m, subject, contractId, subjectId, dto.version, user);
      if (row.approvalStatus === 'pending' || row.approvalStatus === 'approved') throw badRequest('approvalStatus', `この${SUBJECT_NAMES[subject]}は既に${APPROVAL_STATUS_LABELS[row.approvalStatus]}です。`);
      if (subject === 'contract') {
        const c = row as Contract;
        if (c.status !== 'draft') throw badRequest('status', '締結後の契約は決裁に回せません（変更は変更契約で行います）。');
        if (!c.contractDate || !c.periodFrom || !c.periodTo) throw badRequest(!c.contractDate ? 'contractDate' : 'periodTo', '契約日と工期を入力してから決裁に回してください。');
      }
      if (subject === 'inspection') {
        const x = row as Inspection;
        if (!x.result || !x.inspectedDate) throw badRequest('result', '検査日と検査結果を入力してから決裁に回してください。');
      }
      row.approvalStatus = 'pending';
      await m.save(row);
      await this.record(m, subject, row.id, 'submit', dto.comment?.trim() || null, user);
      if (subject !== 'contract') await this.contracts.touch(m, contract);
    });
    return this.contracts.detail(contractId, user);
  }

  private async drafterOf(m: EntityManager, subject: ApprovalSubject, subjectId: number): Promise<number | null> {
    const last = await m.findOne(Approval, { where: { subject, subjectId, action: 'submit' }, order: { id: 'DESC' } });
    return last?.userId ?? null;
  }

  async decide(subject: ApprovalSubject, action: 'approve' | 'return', contractId: number, subjectId: number, dto: ApprovalActionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const { contract, row } = await this.subject(m, subject, contractId, subjectId, dto.version, user);
      if (row.approvalStatus !== 'pending') throw badRequest('approvalStatus', `この${SUBJECT_NAMES[subject]}は決裁待ちではありません（${APPROVAL_STATUS_LABELS[row.approvalStatus]}）。`);
      // 起案者と決裁者は別の人: the separation of duties an e-approval system would enforce.
      if ((await this.drafterOf(m, subject, row.id)) === user.id) throw badRequest('approvalStatus', '自分が起案したものは決裁できません。別の決裁者が決裁してください。');
      if (action === 'return' && !dto.comment?.trim()) throw badRequest('comment', '差戻しの理由（コメント）を入力してください。');
      row.approvalStatus = action === 'approve' ? 'approved' : 'returned';
      await m.save(row);
      await this.record(m, subject, row.id, action, dto.comment?.trim() || null, user);
      if (action === 'approve' && subject === 'change') {
        const x = row as ContractChange;
        contract.amount = x.amount;
        contract.taxAmount = x.taxAmount;
        if (x.periodTo) contract.periodTo = x.periodTo;
        await this.audit.record({ action: 'change', entity: 'Contract', entityId: contract.id, summary: `${contract.contractNumber} 第${x.changeNo}回変更 ${yen(x.amount)}${x.periodTo ? ` 工期（至）${x.periodTo}` : ''}` }, m);
      }
      if (action === 'approve' && subject === 'inspection') {
        const x = row as Inspection;
        if (x.kind === 'completion' && x.result === 'passed' && contract.status === 'completed') {
          contract.status = 'inspected';
          contract.inspectedOn = x.inspectedDate ?? todayInJapan();
          await this.audit.record({ action: 'transition', entity: 'Contract', entityId: contract.id, summary: `${contract.contractNumber} 完成 → 検査済（完成検査 合格）` }, m);
          await this.events.completionPassed(m, contract);
        }
      }
      if (subject !== 'contract') await this.contracts.touch(m, contract);
    });
    return this.contracts.detail(contractId, user);
  }
}

