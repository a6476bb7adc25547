import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  addCalendarDays, calculateEvaluation, CONSTRUCTION_TRADES, criteriaOf, ERROR_CODES, EVALUATION_STATUS_LABELS, EvaluationInput, EvaluationResult, EvaluationStatus, explanationDeadline,
  EXPLANATION_KIND_LABELS, fiscalYearOf, MEASURE_KINDS, permissionsOf, qualifiesForEvaluation, RATER_LABELS, RaterEntries, RaterSlot, roundScore, suggestedSuspensionDeduction, SURVEY_KINDS,
  ratingItemsFor, todayInJapan,
} from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { applyDepartmentScope, AuthUser, canAccessDepartment, Department, User } from '@keiyaku/server/auth';
import { AppException, badRequest, describeList, ExportColumn, ListSpec, loadForUpdate, notFound, SettingsService, versionConflict } from '@keiyaku/server/core';
import { Contract, ContractEvents, DeadlineItem, Inspection } from '@keiyaku/server/contracts';
import { SubjectiveItem, Vendor, VendorContact, VendorMeasure } from '@keiyaku/server/vendors';
import { FilesService, MailService, StoredFile } from '@keiyaku/server/platform';
import {
  AssignRatersDto, ConfirmDto, CorrectDto, CreateExplanationDto, DeductionDto, EvaluationListQueryDto, ExplanationListQueryDto, NoticeDto, ReturnPartDto, SavePartDto, StatisticsQueryDto,
  UpdateExplanationDto, VendorAverageQueryDto,
} from './dto';
import { Evaluation, EvaluationPart, EvaluationRuleSet, ExplanationRequest } from './entities';
import { ruleError, RuleSetsService } from './rule-sets.service';

const SLOT_ORDER: RaterSlot[] = ['chiefSupervisor', 'generalSupervisor', 'inspector', 'interimInspector'];
const LOCKED: EvaluationStatus[] = ['approved', 'superseded'];
const round1 = (v: number) => roundScore(v, { decimals: 1, mode: 'round' });
const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const tradeNameOf = (category: string, code: string | null) =>
  !code ? null : ((category === 'construction' ? CONSTRUCTION_TRADES : SURVEY_KINDS) as ReadonlyArray<{ code: string; name: string }>).find((t) => t.code === code)?.name ?? code;

/** Uploads of 説明請求の回答文書. */
export const EVALUATION_FILE_PURPOSE = 'evaluation';
const forbidden = (message: string) => new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.forbidden, message);

type Joined = Evaluation & { contract?: Contract | null; vendor?: Vendor | null; department?: Department | null };

const EVALUATION_LIST: ListSpec = {
  fields: {
    contractNumber: { expr: 'c.contractNumber', type: 'text', label: '契約番号' },
    title: { expr: 'c.title', type: 'text', label: '工事名' },
    vendorName: { expr: 'v.name', type: 'text', label: '受注者' },
    departmentName: { expr: 'd.name', type: 'text', label: '担当課' },
    fiscalYear: { expr: 'e.fiscalYear', type: 'number', label: '年度' },
    evaluatedOn: { expr: 'e.evaluatedOn', type: 'date', label: '評定日' },
    category: { expr: 'e.category', type: 'text', label: '部門' },
    tradeCode: { expr: 'e.tradeCode', type: 'text', label: '業種' },
    status: { expr: 'e.status', type: 'text', label: '状態' },
    finalScore: { expr: 'e.finalScore', type: 'number', label: '評定点' },
    band: { expr: 'e.band', type: 'text', label: '評定' },
    noticeDate: { expr: 'e.noticeDate', type: 'date', label: '通知日' },
    updatedAt: { expr: 'e.updatedAt', type: 'date', label: '更新日時' },
  },
  searchExpr: 'c.searchText',
  searchPlain: ['c.contractNumber'],
  defaultSort: 'evaluatedOn:desc',
  tieBreaker: 'e.id',
};

function listRow(e: Joined, showScores: boolean) {
  const visible = showScores || e.status === 'approved' || e.status === 'superseded';
  const s = (v: number | null) => (visible ? v : null);
  return {
    id: e.id,
    contractId: e.contractId,
    contractNumber: e.contract?.contractNumber ?? null,
    title: e.contract?.title ?? '',
    vendorId: e.vendorId,
    vendorName: e.vendor?.name ?? null,
    vendorCode: e.vendor?.vendorCode ?? null,
    departmentId: e.departmentId,
    departmentName: e.department?.name ?? null,
    category: e.category,
    tradeCode: e.tradeCode,
    tradeName: tradeNameOf(e.category, e.tradeCode),
    fiscalYear: e.fiscalYear,
    evaluatedOn: e.evaluatedOn,
    ruleSetId: e.ruleSetId,
    ruleCode: e.ruleCode,
    revision: e.revision,
    status: e.status,
    statusLabel: EVALUATION_STATUS_LABELS[e.status],
    chiefScore: s(e.chiefScore),
    generalScore: s(e.generalScore),
    inspectorScore: s(e.inspectorScore),
    interimScore: s(e.interimScore),
    total: s(e.total),
    deduction: s(e.deduction),
    finalScore: s(e.finalScore),
    band: visible ? e.band : null,
    noticeDate: e.noticeDate,
    explanationDeadline: e.explanationDeadline,
    approvedAt: e.approvedAt,
    version: e.version,
    updatedAt: e.updatedAt,
  };
}
export type EvaluationListRow = ReturnType<typeof listRow>;

const LIST_COLUMNS: ExportColumn<EvaluationListRow>[] = [
  { key: 'contractNumber', header: '契約番号', width: 12, value: (r) => r.contractNumber },
  { key: 'fiscalYear', header: '年度', type: 'number', width: 7, value: (r) => r.fiscalYear },
  { key: 'title', header: '工事名', width: 40, value: (r) => r.title },
  { key: 'vendorName', header: '受注者', width: 28, value: (r) => r.vendorName },
  { key: 'departmentName', header: '担当課', width: 14, value: (r) => r.departmentName },
  { key: 'tradeCode', header: '業種', width: 12, value: (r) => r.tradeName },
  { key: 'evaluatedOn', header: '評定日', type: 'date', value: (r) => r.evaluatedOn },
  { key: 'status', header: '状態', width: 12, value: (r) => r.statusLabel },
  { key: 'finalScore', header: '評定点', type: 'number', value: (r) => r.finalScore },
  { key: 'band', header: '評定', width: 6, value: (r) => r.band },
  { key: 'noticeDate', header: '通知日', type: 'date', value: (r) => r.noticeDate },
  { key: 'updatedAt', header: '更新日時', type: 'datetime', value: (r) => r.updatedAt },
];

/** Why a criterion entry is malformed (null = fine); the domain checks the keys, grades and ranges. */
function entryProblem(key: string, v: unknown): { field: string; message: string } | null {
  const f = `entries.${key}`;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { field: f, message: `評定項目「${key}」の内容が正しくありません。` };
  const e = v as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!['grade', 'ticked', 'struck', 'points', 'reason'].includes(k)) return { field: `${f}.${k}`, message: `評定項目「${key}」に「${k}」は指定できません。` };
  if (e.grade !== undefined && e.grade !== null && (typeof e.grade !== 'string' || e.grade.length > 5)) return { field: `${f}.grade`, message: `評定項目「${key}」の評定は a〜e の記号で指定してください。` };
  for (const list of ['ticked', 'struck'] as const) {
    const x = e[list];
    if (x !== undefined && x !== null && (!Array.isArray(x) || x.length > 50 || x.some((s) => typeof s !== 'string'))) {
      return { field: `${f}.${list}`, message: `評定項目「${key}」の${list === 'ticked' ? '該当項目' : '対象外の項目'}は項目キーの一覧で指定してください。` };
    }
  }
  if (e.points !== undefined && e.points !== null && (typeof e.points !== 'number' || !Number.isFinite(e.points))) return { field: `${f}.points`, message: `評定項目「${key}」の点数は数値で入力してください。` };
  if (e.reason !== undefined && e.reason !== null && (typeof e.reason !== 'string' || e.reason.length > 1000)) return { field: `${f}.reason`, message: `評定項目「${key}」の理由は1000文字以内で入力してください。` };
  return null;
}

export interface DeductionSuggestion {
  keys: string[];
  measures: Array<{ id: number; kind: string; kindName: string; startDate: string; endDate: string | null; days: number | null; reason: string; suggestedKey: string | null }>;
}

/** 工事成績評定: sheets, the raters' parts, scores, confirmation, notices, 説明請求, statistics. */
@Injectable()
export class EvaluationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RuleSetsService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly events: ContractEvents,
    private readonly mail: MailService,
    private readonly files: FilesService,
  ) {}

  onModuleInit(): void {
    // 説明請求の回答文書: readable by whoever may see the rating it answers (department scope included).
    this.files.registerPurpose(EVALUATION_FILE_PURPOSE, {
      kinds: ['pdf', 'jpeg', 'png'],
      canRead: async (file, user) => {
        if (!user.permissions.includes('evaluation.read')) return false;
        const request = await this.dataSource.getRepository(ExplanationRequest).findOneBy({ answerFileId: file.id });
        const e = request ? await this.dataSource.getRepository(Evaluation).findOneBy({ id: request.evaluationId }) : null;
        return !!e && (await this.canSee(this.dataSource.manager, e, user));
      },
    });
    // Runs inside the inspection approval's transaction: a failure here rolls the approval back.
    this.events.onCompletionPassed(async (m, contract) => {
      await this.openForContract(m, contract, null);
    });
    this.events.registerDeadlineSource('ratingsPending', (user, until) => this.ratingsPending(user, until));
    this.events.registerDeadlineSource('explanationRequestsDue', (user, until) => this.explanationsDue(user, until));
  }

  // ---- opening ----

  /**
   * Opens the sheet of a finished contract under the rule set in force on its completion date.
   * Automatic (user null): silently nothing when the contract does not qualify or has a sheet.
   */
  async openForContract(m: EntityManager, contract: Contract, user: AuthUser | null): Promise<Evaluation | null> {
    const refuse = (field: string, message: string) => {
      if (user) throw badRequest(field, message);
      return null;
    };
    if (await m.exists(Evaluation, { where: { contractId: contract.id } })) return refuse('contractId', 'この契約の工事成績評定は既に作成されています。');
    if (!['completed', 'inspected', 'paid'].includes(contract.status)) return refuse('contractId', '完成していない契約の工事成績評定は作成できません。');
    const inspections = await m.find(Inspection, { where: { contractId: contract.id }, order: { inspectedDate: 'ASC', id: 'ASC' } });
    const passed = inspections.filter((i) => i.result === 'passed' && i.approvalStatus === 'approved');
    const completion = passed.filter((i) => i.kind === 'completion').pop() ?? null;
    const evaluatedOn = completion?.inspectedDate ?? contract.inspectedOn ?? contract.completedOn ?? todayInJapan();
    const ruleDate = contract.completedOn ?? evaluatedOn;
    const rule = await this.rules.ruleFor(contract.category, ruleDate, m);
    if (!rule) return refuse('contractId', `${ruleDate} に適用される評定要領（${contract.category}）がないため評定の対象外です。`);
    if (!qualifiesForEvaluation(rule.definition, contract.amount)) {
      return refuse('contractId', `契約金額 ${contract.amount.toLocaleString('ja-JP')}円 は評定の対象金額（${rule.definition.thresholdAmount.toLocaleString('ja-JP')}円以上）に達していません。`);
    }
    const suggestion = await this.suggestion(m, rule, contract, evaluatedOn);
    const e = await m.save(
      m.create(Evaluation, {
        contractId: contract.id,
        revision: 1,
        previousId: null,
        ruleSetId: rule.id,
        ruleCode: rule.code,
        category: contract.category,
        vendorId: contract.vendorId,
        departmentId: contract.departmentId,
        tradeCode: contract.tradeCode,
        fiscalYear: fiscalYearOf(ruleDate)!,
        evaluatedOn,
        status: 'rating',
        complete: false,
        deductionKeys: suggestion.keys,
        deductionReason: suggestion.keys.length ? '指名停止等の措置（業者台帳）による' : null,
        approvedAt: null,
        approvedBy: null,
        noticeDate: null,
        explanationDeadline: null,
        correctionReason: null,
      }),
    );
    const part = (rater: RaterSlot, seq: number, userId: number | null, inspectionId: number | null) =>
      m.create(EvaluationPart, { evaluationId: e.id, rater, seq, userId, inspectionId, status: 'draft', entries: {}, points: null, score: null, submittedAt: null, returnComment: null });
    const parts = [
      part('chiefSupervisor', 0, contract.supervisorId, null),
      part('generalSupervisor', 0, null, null),
      part('inspector', 0, completion?.inspectorIds[0] ?? null, completion?.id ?? null),
      ...passed.filter((i) => i.kind !== 'completion').map((i, n) => part('interimInspector', n, i.inspectorIds[0] ?? null, i.id)),
    ];
    const saved = await m.save(parts);
    await this.recompute(m, e, saved, rule);
    await this.audit.record({ action: 'open', entity: 'Evaluation', entityId: e.id, summary: `工事成績評定を作成（${contract.contractNumber ?? contract.title}、評定要領 ${rule.code}）` }, m);
    return e;
  }

  async open(contractId: number, user: AuthUser) {
    const id = await this.dataSource.transaction(async (m) => {
      const c = await m.findOneBy(Contract, { id: contractId });
      if (!c || !canAccessDepartment(user, c.departmentId)) throw notFound('契約');
      return (await this.openForContract(m, c, user))!.id;
    });
    return this.detail(id, user);
  }

  /** 法令遵守等: the registry's measures against the vendor during the work period, as deduction keys. */
  private async suggestion(m: EntityManager, rule: EvaluationRuleSet, contract: Contract, evaluatedOn: string): Promise<DeductionSuggestion> {
    const from = contract.periodFrom ?? contract.contractDate ?? evaluatedOn;
    const to = contract.completedOn ?? contract.periodTo ?? evaluatedOn;
    // A suspension counts when it overlaps the period; a warning (a single date) when given within it.
    const measures = (await m.find(VendorMeasure, { where: { vendorId: contract.vendorId }, order: { startDate: 'ASC', id: 'ASC' } })).filter((x) =>
      x.kind === 'suspension' || x.endDate ? x.startDate <= to && (!x.endDate || x.endDate >= from) : x.startDate >= from && x.startDate <= to,
    );
    const known = new Set(rule.definition.deductions.map((d) => d.key));
    const keys = new Set<string>();
    const rows = measures.map((x) => {
      const days = x.kind === 'suspension' ? daysBetween(x.startDate, x.endDate ?? evaluatedOn) + 1 : null;
      let key: string | null = null;
      if (x.kind === 'suspension' && days !== null) key = suggestedSuspensionDeduction(rule.definition, days)?.key ?? null;
      else if (known.has(x.kind)) key = x.kind;
      if (key) keys.add(key);
      return { id: x.id, kind: x.kind, kindName: MEASURE_KINDS.find((k) => k.code === x.kind)?.name ?? x.kind, startDate: x.startDate, endDate: x.endDate, days, reason: x.reason, suggestedKey: key };
    });
    return { keys: [...keys], measures: rows };
  }

  // ---- scores ----

  private input(parts: EvaluationPart[], deductions: string[]): EvaluationInput {
    const of = (slot: RaterSlot) => parts.find((p) => p.rater === slot)?.entries ?? null;
    return {
      chiefSupervisor: of('chiefSupervisor'),
      generalSupervisor: of('generalSupervisor'),
      inspector: of('inspector'),
      interimInspectors: parts.filter((p) => p.rater === 'interimInspector').sort((a, b) => a.seq - b.seq).map((p) => p.entries ?? {}),
      deductions,
    };
  }

  private calculate(rule: EvaluationRuleSet, parts: EvaluationPart[], deductions: string[], prefix = 'entries.'): EvaluationResult {
    try {
      return calculateEvaluation(rule, this.input(parts, deductions));
    } catch (e) {
      return ruleError(e, prefix);
    }
  }

  /** The domain calculation over all parts, stored on the sheet and each part. */
  private async recompute(m: EntityManager, e: Evaluation, parts: EvaluationPart[], rule: EvaluationRuleSet, prefix = 'entries.'): Promise<EvaluationResult> {
    const r = this.calculate(rule, parts, e.deductionKeys, prefix);
    const interim = parts.filter((p) => p.rater === 'interimInspector').sort((a, b) => a.seq - b.seq);
    const scoreOf = (p: EvaluationPart) => (p.rater === 'interimInspector' ? r.interimInspectors[interim.indexOf(p)] : r[p.rater as Exclude<RaterSlot, 'interimInspector'>]);
    for (const p of parts) {
      const s = scoreOf(p);
      if (p.points !== s.points || p.score !== s.score) {
        p.points = s.points;
        p.score = s.score;
        await m.save(p);
      }
    }
    Object.assign(e, {
      chiefScore: r.chiefSupervisor.score,
      generalScore: r.generalSupervisor.score,
      inspectorScore: r.inspector.score,
      interimScore: r.interimMean,
      total: r.total,
      deduction: r.deduction,
      finalScore: r.final,
      band: r.band,
      complete: r.complete,
    });
    await m.save(e);
    return r;
  }

  // ---- reading ----

  private isManager(user: AuthUser) {
    return user.permissions.includes('evaluation.manage');
  }

  private async assignedIds(user: AuthUser, m: EntityManager = this.dataSource.manager): Promise<number[]> {
    return [...new Set((await m.find(EvaluationPart, { where: { userId: user.id }, select: { evaluationId: true } })).map((p) => p.evaluationId))];
  }

  private async canSee(m: EntityManager, e: Evaluation, user: AuthUser): Promise<boolean> {
    if (canAccessDepartment(user, e.departmentId)) return true;
    return m.exists(EvaluationPart, { where: { evaluationId: e.id, userId: user.id } });
  }

  /** Loads (and for writes locks) a sheet the user may see; another department's is "not found". */
  private async load(m: EntityManager, id: number, user: AuthUser, lock = false): Promise<Evaluation> {
    const e = lock ? await loadForUpdate(m, Evaluation, id, undefined, '工事成績評定') : await m.findOneBy(Evaluation, { id });
    if (!e || !(await this.canSee(m, e, user))) throw notFound('工事成績評定');
    return e;
  }

  private async parts(m: EntityManager, evaluationId: number): Promise<EvaluationPart[]> {
    const parts = await m.find(EvaluationPart, { where: { evaluationId } });
    return parts.sort((a, b) => SLOT_ORDER.indexOf(a.rater) - SLOT_ORDER.indexOf(b.rater) || a.seq - b.seq);
  }

  private baseQuery(m: EntityManager = this.dataSource.manager) {
    return m
      .getRepository(Evaluation)
      .createQueryBuilder('e')
      .leftJoinAndMapOne('e.contract', Contract, 'c', 'c.id = e.contractId')
      .leftJoinAndMapOne('e.vendor', Vendor, 'v', 'v.id = e.vendorId')
      .leftJoinAndMapOne('e.department', Department, 'd', 'd.id = e.departmentId');
  }

  /** Department scope, widened to the sheets the user rates. */
  private async scope(qb: ReturnType<EvaluationsService['baseQuery']>, user: AuthUser) {
    if (user.permissions.includes('data.allDepartments')) return;
    const ids = await this.assignedIds(user);
    if (!ids.length) return void applyDepartmentScope(qb, 'e.departmentId', user);
    qb.andWhere(`(e.departmentId = :scopeDept OR e.id IN (:...scopeIds))`, { scopeDept: user.departmentId ?? -1, scopeIds: ids.slice(0, 900) });
  }

  async list(query: EvaluationListQueryDto, user: AuthUser) {
    const qb = this.baseQuery();
    await this.scope(qb, user);
    if (query.fiscalYear) qb.andWhere('e.fiscalYear = :fy', { fy: query.fiscalYear });
    if (query.departmentId) qb.andWhere('e.departmentId = :dept', { dept: query.departmentId });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    else qb.andWhere('e.status <> :superseded', { superseded: 'superseded' });
    if (query.vendorId) qb.andWhere('e.vendorId = :vendor', { vendor: query.vendorId });
    if (query.contractId) qb.andWhere('e.contractId = :contract', { contract: query.contractId });
    if (query.category) qb.andWhere('e.category = :category', { category: query.category });
    // A score range is about published figures: only approved sheets for those who do not manage.
    if (query.scoreMin !== undefined || query.scoreMax !== undefined) {
      if (!this.isManager(user)) qb.andWhere('e.status = :approvedOnly', { approvedOnly: 'approved' });
      if (query.scoreMin !== undefined) qb.andWhere('e.finalScore >= :smin', { smin: query.scoreMin });
      if (query.scoreMax !== undefined) qb.andWhere('e.finalScore <= :smax', { smax: query.scoreMax });
    }
    // Nor may the grid's own filter on the score reveal sheets still being rated.
    if (!this.isManager(user) && query.filter && /"(finalScore|band)"/.test(query.filter)) qb.andWhere('e.status = :approvedFilter', { approvedFilter: 'approved' });
    if (query.mine === '1' || query.mine === 'true') {
      const ids = await this.assignedIds(user);
      if (ids.length) qb.andWhere('e.id IN (:...mineIds)', { mineIds: ids.slice(0, 900) });
      else qb.andWhere('1 = 0');
    }
    const manager = this.isManager(user);
    const conditions = [
      query.fiscalYear ? `年度: ${query.fiscalYear}` : '',
      query.departmentId ? `担当課ID: ${query.departmentId}` : '',
      query.status ? `状態: ${EVALUATION_STATUS_LABELS[query.status as EvaluationStatus] ?? query.status}` : '',
      query.vendorId ? `業者ID: ${query.vendorId}` : '',
      query.contractId ? `契約ID: ${query.contractId}` : '',
      query.scoreMin !== undefined ? `評定点 ${query.scoreMin}以上` : '',
      query.scoreMax !== undefined ? `評定点 ${query.scoreMax}以下` : '',
    ].filter(Boolean);
    return describeList({ name: 'evaluations', title: '工事成績評定一覧', qb, query, spec: EVALUATION_LIST, map: (e: Joined) => listRow(e, manager), columns: LIST_COLUMNS, conditions });
  }

  async detail(id: number, user: AuthUser, m: EntityManager = this.dataSource.manager) {
    const e = (await this.baseQuery(m).where('e.id = :id', { id }).getOne()) as Joined | null;
    if (!e || !(await this.canSee(m, e, user))) throw notFound('工事成績評定');
    // One after another: `m` may be a transaction's single connection.
    const parts = await this.parts(m, id);
    const rule = await this.rules.get(e.ruleSetId, m);
    const requests = await m.find(ExplanationRequest, { where: { evaluationId: id }, order: { receivedOn: 'ASC', id: 'ASC' } });
    const fileIds = requests.map((r) => r.answerFileId).filter((x): x is number => !!x);
    const fileNames = new Map((fileIds.length ? await m.find(StoredFile, { where: { id: In(fileIds) }, select: { id: true, name: true } }) : []).map((f) => [f.id, f.name]));
    const userIds = [...new Set([...parts.map((p) => p.userId), e.approvedBy].filter((x): x is number => !!x))];
    const names = new Map((userIds.length ? await m.find(User, { where: { id: In(userIds) }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
    const manager = this.isManager(user);
    const open = manager || e.status === 'approved' || e.status === 'superseded';
    const result = this.calculate(rule, parts, e.deductionKeys);
    const interim = parts.filter((p) => p.rater === 'interimInspector');
    const general = parts.find((p) => p.rater === 'generalSupervisor');
    const c = e.contract!;
    const suggestion = await this.suggestion(m, rule, c, e.evaluatedOn);
    return {
      ...listRow(e, manager),
      amount: c.amount,
      location: c.location,
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      completedOn: c.completedOn,
      inspectedOn: c.inspectedOn,
      previousId: e.previousId,
      correctionReason: e.correctionReason,
      deductionKeys: e.deductionKeys,
      deductionReason: e.deductionReason,
      deductionSuggestion: suggestion,
      complete: open ? e.complete : null,
      approvedByName: e.approvedBy ? (names.get(e.approvedBy) ?? null) : null,
      result: open ? result : null,
      parts: parts.map((p) => {
        const mine = p.userId === user.id;
        const show = open || mine;
        const s = p.rater === 'interimInspector' ? result.interimInspectors[interim.indexOf(p)] : result[p.rater];
        return {
          id: p.id,
          rater: p.rater,
          raterLabel: p.rater === 'interimInspector' ? `${RATER_LABELS.interimInspector}${interim.length > 1 ? `（${p.seq + 1}）` : ''}` : RATER_LABELS[p.rater],
          seq: p.seq,
          inspectionId: p.inspectionId,
          userId: p.userId,
          userName: p.userId ? (names.get(p.userId) ?? null) : null,
          status: p.status,
          submittedAt: p.submittedAt,
          returnComment: p.returnComment,
          entries: show ? p.entries : null,
          points: show ? p.points : null,
          score: show ? p.score : null,
          missing: show ? s.missing : null,
          version: p.version,
          mine,
        };
      }),
      explanationRequests: requests.map((r) => ({ ...r, answerFileName: r.answerFileId ? (fileNames.get(r.answerFileId) ?? null) : null })),
      can: {
        manage: manager,
        editDeduction: !LOCKED.includes(e.status) && (manager || (!!general && general.userId === user.id && general.status === 'draft')),
        partIds: LOCKED.includes(e.status) ? [] : parts.filter((p) => p.userId === user.id && p.status === 'draft').map((p) => p.id),
      },
    };
  }

  // ---- the raters' parts ----

  private assertEditable(e: Evaluation) {
    if (LOCKED.includes(e.status)) throw badRequest('status', `${EVALUATION_STATUS_LABELS[e.status]}の工事成績評定は変更できません。`);
  }

  /** The part, locked, if it is the user's own (else 403) and the version matches (else 409). */
  private async ownPart(m: EntityManager, e: Evaluation, partId: number, version: number, user: AuthUser): Promise<EvaluationPart> {
    const part = await loadForUpdate(m, EvaluationPart, partId, undefined, '評定');
    if (part.evaluationId !== e.id) throw notFound('評定');
    if (part.userId !== user.id) {
      const owner = part.userId ? (await m.findOneBy(User, { id: part.userId }))?.name : null;
      throw forbidden(`${RATER_LABELS[part.rater]}の評定は${owner ? `${owner}さん` : '担当者'}の担当です。自分の担当の評定のみ入力できます。`);
    }
    if (part.version !== version) throw versionConflict('評定');
    return part;
  }

  private checkEntries(rule: EvaluationRuleSet, part: EvaluationPart, entries: RaterEntries) {
    const criteria = new Map(criteriaOf(rule.definition, part.rater).map((c) => [c.key, c]));
    for (const [key, value] of Object.entries(entries)) {
      const problem = entryProblem(key, value);
      if (problem) throw badRequest(problem.field, problem.message);
      const c = criteria.get(key);
      if (!c) throw badRequest(`entries.${key}`, `${RATER_LABELS[part.rater]}の評定項目に「${key}」はありません。`);
      const statements = new Set(c.checklist.map((s) => s.key));
      for (const list of ['ticked', 'struck'] as const) {
        const bad = (value[list] ?? []).find((s) => !statements.has(s));
        if (bad) throw badRequest(`entries.${key}.${list}`, `「${c.subItemName}」の評価対象項目に「${bad}」はありません。`);
      }
    }
  }

  async savePart(id: number, partId: number, dto: SavePartDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      const part = await this.ownPart(m, e, partId, dto.version, user);
      this.assertEditable(e);
      if (part.status !== 'draft') throw badRequest('status', 'この評定は提出済です。差戻しを受けてから修正してください。');
      const rule = await this.rules.get(e.ruleSetId, m);
      this.checkEntries(rule, part, dto.entries);
      // The return comment stays visible until the part is submitted again.
      part.entries = dto.entries;
      await m.save(part);
      await this.recompute(m, e, await this.parts(m, id), rule);
    });
    return this.detail(id, user);
  }

  async submitPart(id: number, partId: number, version: number, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      const part = await this.ownPart(m, e, partId, version, user);
      this.assertEditable(e);
      if (part.status !== 'draft') throw badRequest('status', 'この評定は既に提出されています。');
      const rule = await this.rules.get(e.ruleSetId, m);
      const parts = await this.parts(m, id);
      const r = this.calculate(rule, parts, e.deductionKeys);
      const interim = parts.filter((p) => p.rater === 'interimInspector');
      const own = part.rater === 'interimInspector' ? r.interimInspectors[interim.findIndex((p) => p.id === part.id)] : r[part.rater];
      if (own.missing.length) {
        const c = own.criteria.find((x) => x.key === own.missing[0])!;
        throw badRequest(`entries.${own.missing[0]}`, `「${c.itemName}・${c.subItemName}」の評定が入力されていません（未入力 ${own.missing.length}件）。`);
      }
      part.status = 'submitted';
      part.submittedAt = new Date();
      part.returnComment = null;
      await m.save(part);
      const all = parts.map((p) => (p.id === part.id ? part : p));
      if (all.every((p) => p.status === 'submitted')) e.status = 'submitted';
      await this.recompute(m, e, all, rule);
      await this.audit.record({ action: 'submit', entity: 'Evaluation', entityId: e.id, summary: `${RATER_LABELS[part.rater]}の評定を提出（${own.score}点）` }, m);
    });
    return this.detail(id, user);
  }

  async returnPart(id: number, partId: number, dto: ReturnPartDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      const part = await loadForUpdate(m, EvaluationPart, partId, undefined, '評定');
      if (part.evaluationId !== e.id) throw notFound('評定');
      if (part.version !== dto.version) throw versionConflict('評定');
      this.assertEditable(e);
      if (part.status !== 'submitted') throw badRequest('status', 'この評定はまだ提出されていません。');
      part.status = 'draft';
      part.returnComment = dto.comment.trim();
      await m.save(part);
      e.status = 'rating';
      await m.save(e);
      await this.audit.record({ action: 'return', entity: 'Evaluation', entityId: e.id, summary: `${RATER_LABELS[part.rater]}の評定を差戻し: ${part.returnComment}` }, m);
    });
    return this.detail(id, user);
  }

  private async checkRater(m: EntityManager, field: string, userId: number) {
    const u = await m.findOneBy(User, { id: userId });
    if (!u || !u.active) throw badRequest(field, `ユーザーID ${userId} は登録されていないか無効です。`);
    if (!permissionsOf(u.roles).includes('evaluation.rate')) throw badRequest(field, `${u.name}さんには工事成績評定の採点の権限がありません。`);
  }

  async assignRaters(id: number, dto: AssignRatersDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      if (e.version !== dto.version) throw versionConflict('工事成績評定');
      this.assertEditable(e);
      const parts = await this.parts(m, id);
      const changes: Array<[keyof AssignRatersDto, RaterSlot]> = [
        ['chiefSupervisorId', 'chiefSupervisor'],
        ['generalSupervisorId', 'generalSupervisor'],
        ['inspectorId', 'inspector'],
      ];
      for (const [field, slot] of changes) {
        const value = dto[field] as number | null | undefined;
        if (value === undefined) continue;
        const part = parts.find((p) => p.rater === slot)!;
        if (part.userId === value) continue;
        if (part.status === 'submitted') throw badRequest(field, `${RATER_LABELS[slot]}の評定は提出済のため担当者を変更できません（差戻してから変更してください）。`);
        if (value !== null) await this.checkRater(m, field, value);
        part.userId = value;
        await m.save(part);
      }
      e.updatedAt = new Date();
      await m.save(e);
    });
    return this.detail(id, user);
  }

  async setDeduction(id: number, dto: DeductionDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      const parts = await this.parts(m, id);
      const general = parts.find((p) => p.rater === 'generalSupervisor');
      if (!this.isManager(user) && general?.userId !== user.id) throw forbidden('法令遵守等の減点は総括監督員または契約担当が入力します。');
      if (e.version !== dto.version) throw versionConflict('工事成績評定');
      this.assertEditable(e);
      if (!this.isManager(user) && general?.status !== 'draft') throw badRequest('status', '総括監督員の評定は提出済です。差戻しを受けてから修正してください。');
      const rule = await this.rules.get(e.ruleSetId, m);
      const keys = [...new Set(dto.keys)];
      const unknown = keys.find((k) => !rule.definition.deductions.some((d) => d.key === k));
      if (unknown) throw badRequest('keys', `法令遵守等の減点に「${unknown}」はありません。`);
      const contract = await m.findOneByOrFail(Contract, { id: e.contractId });
      const suggested = (await this.suggestion(m, rule, contract, e.evaluatedOn)).keys;
      const same = keys.length === suggested.length && keys.every((k) => suggested.includes(k));
      const reason = dto.reason?.trim() || null;
      if (!same && !reason) throw badRequest('reason', '業者台帳の措置による減点と異なるため、減点の理由を入力してください。');
      e.deductionKeys = keys;
      e.deductionReason = reason;
      await this.recompute(m, e, parts, rule, '');
    });
    return this.detail(id, user);
  }

  // ---- confirmation, notice, correction ----

  async confirm(id: number, dto: ConfirmDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      if (e.version !== dto.version) throw versionConflict('工事成績評定');
      this.assertEditable(e);
      const parts = await this.parts(m, id);
      const waiting = parts.filter((p) => p.status !== 'submitted');
      if (waiting.length) throw badRequest('status', `未提出の評定があります（${waiting.map((p) => RATER_LABELS[p.rater]).join('・')}）。全員の提出後に確定できます。`);
      const r = await this.recompute(m, e, parts, await this.rules.get(e.ruleSetId, m));
      if (!r.complete) throw badRequest('status', '未入力の評定項目があるため確定できません。');
      e.status = 'approved';
      e.approvedAt = new Date();
      e.approvedBy = user.id;
      await m.save(e);
      await this.audit.record({ action: 'approve', entity: 'Evaluation', entityId: e.id, summary: `工事成績評定を確定（評定点 ${r.final}点・${r.band ?? ''}）${dto.comment ? ` ${dto.comment}` : ''}` }, m);
    });
    return this.detail(id, user);
  }

  async notice(id: number, dto: NoticeDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      if (e.version !== dto.version) throw versionConflict('工事成績評定');
      if (e.status !== 'approved') throw badRequest('status', '確定した工事成績評定のみ通知できます。');
      if (e.approvedAt && dto.noticeDate < e.approvedAt.toISOString().slice(0, 10)) throw badRequest('noticeDate', '通知日は確定日以降の日付を入力してください。');
      e.noticeDate = dto.noticeDate;
      e.explanationDeadline = explanationDeadline(dto.noticeDate, await this.settings.get<number>('evaluations.explanationDays'));
      await m.save(e);
      const sent = await this.mailNotice(m, e);
      await this.audit.record({ action: 'notice', entity: 'Evaluation', entityId: e.id, summary: `工事成績評定を通知（${dto.noticeDate}、説明請求期限 ${e.explanationDeadline}、メール ${sent}件）` }, m);
    });
    return this.detail(id, user);
  }

  async raterCandidates() {
    const users = await this.dataSource.getRepository(User).find({ where: { active: true }, relations: { department: true }, order: { nameKana: 'ASC', id: 'ASC' } });
    return users.filter((u) => permissionsOf(u.roles).includes('evaluation.rate')).map((u) => ({ id: u.id, name: u.name, departmentName: u.department?.name ?? null }));
  }

  /**
   * The notice by mail (through the outbox, in the notice's transaction) to the vendor's address and
   * its contacts' addresses; a later revision's notice says it corrects the earlier one. Returns how many were queued.
   */
  private async mailNotice(m: EntityManager, e: Evaluation): Promise<number> {
    const [vendor, contacts, contract] = await Promise.all([
      m.findOne(Vendor, { where: { id: e.vendorId } }),
      m.find(VendorContact, { where: { vendorId: e.vendorId } }),
      m.findOne(Contract, { where: { id: e.contractId } }),
    ]);
    const addresses = [...new Set([vendor?.email, ...contacts.map((c) => c.email)].map((a) => a?.trim()).filter((a): a is string => !!a))];
    if (!addresses.length) return 0;
    const org = await this.settings.get<string>('org.name');
    const corrected = e.revision > 1;
    const subject = `【${org}】工事成績評定${corrected ? '（訂正）' : ''}の通知（${contract?.contractNumber ?? ''} ${contract?.title ?? ''}）`;
    const text = [
      `${vendor?.name ?? ''} 様`,
      '',
      `次の工事の工事成績評定を${corrected ? '訂正し、' : ''}通知します。`,
      `契約番号: ${contract?.contractNumber ?? ''}`,
      `工事名: ${contract?.title ?? ''}`,
      `評定点: ${e.finalScore ?? ''}点（評定 ${e.band ?? ''}）`,
      `通知日: ${e.noticeDate}`,
      `説明請求の期限: ${e.explanationDeadline}（評定の内容について説明を求めることができます）`,
      '',
      '工事成績評定通知書は別途お送りします。',
    ].join('\n');
    for (const to of addresses) await this.mail.queue({ to, subject, text, relatedEntity: 'Evaluation', relatedId: e.id }, m);
    return addresses.length;
  }

  /** 訂正: the approved sheet is kept as superseded; a new revision starts from its entries. */
  async correct(id: number, dto: CorrectDto, user: AuthUser) {
    const newId = await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      if (e.version !== dto.version) throw versionConflict('工事成績評定');
      if (e.status !== 'approved') throw badRequest('status', '確定した工事成績評定のみ訂正できます。');
      const parts = await this.parts(m, id);
      e.status = 'superseded';
      await m.save(e);
      const { id: _i, createdAt: _c, updatedAt: _u, version: _v, ...fields } = e;
      const next = await m.save(
        m.create(Evaluation, { ...fields, revision: e.revision + 1, previousId: e.id, status: 'rating', approvedAt: null, approvedBy: null, noticeDate: null, explanationDeadline: null, correctionReason: dto.reason.trim() }),
      );
      const copies = await m.save(
        parts.map((p) => m.create(EvaluationPart, { evaluationId: next.id, rater: p.rater, seq: p.seq, inspectionId: p.inspectionId, userId: p.userId, status: 'draft', entries: p.entries, points: p.points, score: p.score, submittedAt: null, returnComment: null })),
      );
      await this.recompute(m, next, copies, await this.rules.get(e.ruleSetId, m));
      await this.audit.record({ action: 'correct', entity: 'Evaluation', entityId: next.id, summary: `工事成績評定を訂正（第${next.revision}版、旧版ID ${e.id}）: ${dto.reason.trim()}` }, m);
      return next.id;
    });
    return this.detail(newId, user);
  }

  // ---- 説明請求 ----

  async createExplanation(id: number, dto: CreateExplanationDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      if (e.status !== 'approved' || !e.noticeDate) throw badRequest('status', '通知済の工事成績評定にのみ説明請求を登録できます。');
      const kind = dto.kind ?? 'explanation';
      const days = await this.settings.get<number>('evaluations.explanationDays');
      if (dto.receivedOn < e.noticeDate) throw badRequest('receivedOn', `受付日が通知日（${e.noticeDate}）より前です。`);
      const existing = await m.find(ExplanationRequest, { where: { evaluationId: id }, order: { id: 'ASC' } });
      if (existing.some((r) => r.status === 'open')) throw badRequest('kind', '回答していない説明請求があります。回答してから次の請求を登録してください。');
      if (kind === 'explanation') {
        if (existing.some((r) => r.kind === 'explanation' && r.status !== 'withdrawn')) throw badRequest('kind', '説明請求は既に登録されています。再度の請求は再説明請求として登録してください。');
        if (dto.receivedOn > e.explanationDeadline!) throw badRequest('receivedOn', `説明請求の期限（${e.explanationDeadline}、通知日から${days}日）を過ぎています。`);
      } else {
        const answered = existing.filter((r) => r.kind === 'explanation' && r.status === 'answered').pop();
        if (!answered) throw badRequest('kind', '再説明請求は説明請求への回答の後に登録できます。');
        if (existing.some((r) => r.kind === 'reexplanation' && r.status !== 'withdrawn')) throw badRequest('kind', '再説明請求は既に登録されています。');
        const deadline = addCalendarDays(answered.answeredOn!, days);
        if (dto.receivedOn > deadline) throw badRequest('receivedOn', `再説明請求の期限（${deadline}、回答日から${days}日）を過ぎています。`);
      }
      const dueOn = dto.dueOn ?? addCalendarDays(dto.receivedOn, days);
      if (dueOn < dto.receivedOn) throw badRequest('dueOn', '回答期限は受付日以降の日付を入力してください。');
      await m.save(m.create(ExplanationRequest, { evaluationId: id, kind, receivedOn: dto.receivedOn, content: dto.content.trim(), dueOn, answer: null, answeredOn: null, answeredBy: null, answerFileId: null, status: 'open' }));
      e.updatedAt = new Date();
      await m.save(e);
    });
    return this.detail(id, user);
  }

  async updateExplanation(id: number, requestId: number, dto: UpdateExplanationDto, user: AuthUser) {
    await this.dataSource.transaction(async (m) => {
      const e = await this.load(m, id, user, true);
      const r = await loadForUpdate(m, ExplanationRequest, requestId, undefined, '説明請求');
      if (r.evaluationId !== e.id) throw notFound('説明請求');
      if (r.version !== dto.version) throw versionConflict('説明請求');
      if (dto.content !== undefined) r.content = dto.content.trim();
      if (dto.dueOn !== undefined) r.dueOn = dto.dueOn;
      if (dto.answer !== undefined) r.answer = dto.answer?.trim() || null;
      if (dto.answeredOn !== undefined) r.answeredOn = dto.answeredOn ?? null;
      if (dto.answeredBy !== undefined) r.answeredBy = dto.answeredBy?.trim() || null;
      if (dto.answerFileId !== undefined && (dto.answerFileId ?? null) !== r.answerFileId) r.answerFileId = await this.takeAnswerFile(m, dto.answerFileId ?? null, user);
      if (r.dueOn < r.receivedOn) throw badRequest('dueOn', '回答期限は受付日以降の日付を入力してください。');
      if (r.answeredOn && !r.answer) throw badRequest('answer', '回答日を入力する場合は回答の内容も入力してください。');
      if (r.answer && !r.answeredOn) throw badRequest('answeredOn', '回答日を入力してください。');
      if (r.answeredOn && r.answeredOn < r.receivedOn) throw badRequest('answeredOn', `回答日が受付日（${r.receivedOn}）より前です。`);
      if (r.kind === 'reexplanation' && r.answer && !r.answeredBy) throw badRequest('answeredBy', '再説明請求の回答者（委員会等）を入力してください。');
      const status = dto.status === 'withdrawn' ? 'withdrawn' : r.answer ? 'answered' : 'open';
      const answeredNow = status === 'answered' && r.status !== 'answered';
      r.status = status;
      await m.save(r);
      if (answeredNow) await this.audit.record({ action: 'answer', entity: 'Evaluation', entityId: e.id, summary: `${EXPLANATION_KIND_LABELS[r.kind]}に回答（${r.answeredOn}）` }, m);
    });
    return this.detail(id, user);
  }

  /** An upload of one's own (purpose 'evaluation') becomes the answer's document. */
  private async takeAnswerFile(m: EntityManager, fileId: number | null, user: AuthUser): Promise<number | null> {
    if (fileId === null) return null;
    const file = await m.findOneBy(StoredFile, { id: fileId });
    if (!file) throw badRequest('answerFileId', '回答文書のファイルが見つかりません。もう一度アップロードしてください。');
    if (file.ownerId !== user.id) throw forbidden('他の利用者がアップロードしたファイルは回答文書にできません。');
    // Uploaded for this purpose: its kind (PDF, JPEG, PNG) and size were checked by its bytes then.
    if (file.purpose !== EVALUATION_FILE_PURPOSE) throw badRequest('answerFileId', '回答文書は、回答の登録画面からアップロードしたファイルを指定してください。');
    if (await m.exists(ExplanationRequest, { where: { answerFileId: file.id } })) throw badRequest('answerFileId', 'このファイルは別の回答の文書になっています。');
    return file.id;
  }

  async explanations(query: ExplanationListQueryDto, user: AuthUser) {
    const qb = this.baseQuery();
    await this.scope(qb, user);
    const evaluations = new Map((await qb.getMany()).map((e) => [e.id, e as Joined]));
    const ids = [...evaluations.keys()];
    const rows: ExplanationRequest[] = [];
    for (let i = 0; i < ids.length; i += 900) {
      rows.push(...(await this.dataSource.getRepository(ExplanationRequest).find({ where: { evaluationId: In(ids.slice(i, i + 900)), ...(query.status ? { status: query.status as ExplanationRequest['status'] } : {}) } })));
    }
    return rows
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id)
      .map((r) => {
        const e = evaluations.get(r.evaluationId)!;
        return { ...r, contractId: e.contractId, contractNumber: e.contract?.contractNumber ?? null, title: e.contract?.title ?? '', vendorName: e.vendor?.name ?? null };
      });
  }

  // ---- dashboard ----

  private item(e: Joined, date: string | null, kind?: string): DeadlineItem {
    return { contractId: e.contractId, contractNumber: e.contract?.contractNumber ?? null, title: e.contract?.title ?? '', vendorName: e.vendor?.name ?? null, date, kind };
  }

  private async ratingsPending(user: AuthUser, _until: string): Promise<DeadlineItem[]> {
    if (!user.permissions.some((p) => p === 'evaluation.read' || p === 'evaluation.rate')) return [];
    const qb = this.baseQuery().where('e.status IN (:...pending)', { pending: ['rating', 'submitted'] });
    if (this.isManager(user)) applyDepartmentScope(qb, 'e.departmentId', user);
    else {
      const own = (await this.dataSource.getRepository(EvaluationPart).find({ where: { userId: user.id, status: 'draft' }, select: { evaluationId: true } })).map((p) => p.evaluationId);
      if (!own.length) return [];
      qb.andWhere('e.id IN (:...own)', { own: own.slice(0, 900) });
    }
    return (await qb.orderBy('e.evaluatedOn', 'ASC').take(200).getMany()).map((e) => this.item(e, e.evaluatedOn, e.status));
  }

  private async explanationsDue(user: AuthUser, until: string): Promise<DeadlineItem[]> {
    if (!this.isManager(user) && !user.permissions.includes('evaluation.read')) return [];
    const today = todayInJapan();
    const open = (await this.explanations({ status: 'open' }, user)).filter((r) => r.dueOn <= until);
    return open.map((r) => ({ contractId: r.contractId, contractNumber: r.contractNumber, title: r.title, vendorName: r.vendorName, date: r.dueOn, kind: r.dueOn < today ? 'overdue' : r.kind }));
  }

  // ---- statistics ----

  /** Approved, current sheets of the fiscal years (scoped to the user's departments when given), of one vendor (and trade) when asked. */
  async approved(fiscalYears: number[], category: string | null, user: AuthUser | null, only: { vendorId?: number; tradeCode?: string } = {}) {
    const qb = this.baseQuery().where('e.status = :approved', { approved: 'approved' }).andWhere('e.fiscalYear IN (:...fys)', { fys: fiscalYears });
    if (category) qb.andWhere('e.category = :category', { category });
    if (only.vendorId) qb.andWhere('e.vendorId = :vendorId', { vendorId: only.vendorId });
    if (only.tradeCode) qb.andWhere('e.tradeCode = :tradeCode', { tradeCode: only.tradeCode });
    if (user) await this.scope(qb, user);
    return (await qb.orderBy('e.fiscalYear', 'ASC').addOrderBy('e.id', 'ASC').getMany()) as Joined[];
  }

  async statistics(q: StatisticsQueryDto, user: AuthUser) {
    const last = q.fiscalYear ?? fiscalYearOf(todayInJapan())!;
    const n = q.years ?? (await this.settings.get<number>('evaluations.statisticsYears'));
    const fiscalYears = Array.from({ length: n }, (_, i) => last - n + 1 + i);
    const category = q.category ?? 'construction';
    const rows = await this.approved(fiscalYears, category, user);
    const group = <K>(key: (e: Joined) => K) => {
      const map = new Map<K, Joined[]>();
      for (const e of rows) map.set(key(e), [...(map.get(key(e)) ?? []), e]);
      return map;
    };
    const stat = (list: Joined[]) => ({ count: list.length, average: mean(list.map((e) => e.finalScore!)) });
    const rule = (await this.rules.ruleFor(category, `${last + 1}-03-31`)) ?? null;
    const bandNames = rule ? rule.definition.bands.map((b) => b.band) : [];
    for (const e of rows) if (e.band && !bandNames.includes(e.band)) bandNames.push(e.band);
    const inspectorParts = rows.length
      ? await this.dataSource.getRepository(EvaluationPart).find({ where: { evaluationId: In(rows.map((e) => e.id).slice(0, 5000)), rater: 'inspector' } })
      : [];
    const inspectorOf = new Map(inspectorParts.map((p) => [p.evaluationId, p.userId]));
    const inspectorIds = [...new Set(inspectorParts.map((p) => p.userId).filter((x): x is number => !!x))];
    const names = new Map((inspectorIds.length ? await this.dataSource.getRepository(User).find({ where: { id: In(inspectorIds) }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
    return {
      fiscalYears,
      category,
      ...stat(rows),
      bands: bandNames.map((band) => ({ band, count: rows.filter((e) => e.band === band).length })),
      byDepartment: [...group((e) => e.departmentId)].map(([id, list]) => ({ departmentId: id, departmentName: list[0].department?.name ?? null, ...stat(list) })).sort((a, b) => (a.departmentName ?? '').localeCompare(b.departmentName ?? '', 'ja')),
      byTrade: [...group((e) => e.tradeCode)].map(([code, list]) => ({ tradeCode: code, tradeName: tradeNameOf(category, code), ...stat(list) })).sort((a, b) => (a.tradeCode ?? '').localeCompare(b.tradeCode ?? '')),
      byInspector: [...group((e) => inspectorOf.get(e.id) ?? null)].map(([id, list]) => ({ userId: id, name: id ? (names.get(id) ?? null) : null, ...stat(list) })).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'ja')),
      byVendor: [...group((e) => e.vendorId)]
        .map(([id, list]) => ({ vendorId: id, vendorCode: list[0].vendor?.vendorCode ?? null, vendorName: list[0].vendor?.name ?? null, ...stat(list) }))
        .sort((a, b) => (b.average ?? 0) - (a.average ?? 0) || (a.vendorCode ?? '').localeCompare(b.vendorCode ?? '')),
      trend: fiscalYears.map((fy) => ({ fiscalYear: fy, ...stat(rows.filter((e) => e.fiscalYear === fy)) })),
    };
  }

  /**
   * 主観点 from 工事成績: the vendor's average final score (in the trade, when given) over the N
   * fiscal years ending with `lastFiscalYear` (default: the one before this), and the category's
   * active 主観点 items whose range holds it — what the qualification editor offers.
   */
  async vendorAverage(q: VendorAverageQueryDto, user: AuthUser) {
    const vendor = await this.dataSource.getRepository(Vendor).findOneBy({ id: q.vendorId });
    if (!vendor) throw notFound('業者');
    const category = q.category ?? 'construction';
    const last = q.lastFiscalYear ?? fiscalYearOf(todayInJapan())! - 1;
    const n = await this.settings.get<number>('evaluations.statisticsYears');
    const fiscalYears = Array.from({ length: n }, (_, i) => last - n + 1 + i);
    const scores = (await this.approved(fiscalYears, category, user, { vendorId: vendor.id, tradeCode: q.tradeCode })).map((e) => e.finalScore!);
    const average = mean(scores);
    const items = await this.dataSource.getRepository(SubjectiveItem).find({ where: { category, active: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
    return {
      vendorId: vendor.id,
      tradeCode: q.tradeCode ?? null,
      category,
      fiscalYears,
      count: scores.length,
      average,
      ratingItemCodes: items.filter((i) => i.ratingMin !== null || i.ratingMax !== null).map((i) => i.code),
      suggested: ratingItemsFor(items, average).map((i) => ({ code: i.code, name: i.name, points: i.points })),
    };
  }

  /** For the outputs: the sheet with its parts and names, scoped like the detail. */
  async forReport(id: number, user: AuthUser) {
    return this.detail(id, user);
  }
}
