import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stat } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import { DataSource, EntityManager, In, Like } from 'typeorm';
import {
  APPLICATION_CATEGORIES, APPLICATION_KINDS, APPLICATION_STATUSES, ApplicationForm, ATTACHMENT_CHECKLISTS, categoryName, checklistFor, compareWithRegistry, CorrectionRequest,
  ERROR_CODES, FieldProblem, fiscalYearOf, FORM_STEPS, formProblems, isFormStep, kindName, missingAttachments, periodOpen, receiptNumber, REVIEW_CHECKLIST, staffCanDecide,
  statusName, stepProblems, stepsFor, todayInJapan, vendorCanEdit, applicationP,
} from '@keiyaku/domain';
import { AppException, badRequest, currentContext, describeList, ExportColumn, ListQueryDto, ListSpec, loadForUpdate, notFound, SettingsService } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import type { AuthUser } from '@keiyaku/server/auth';
import { FilesService, MailService } from '@keiyaku/server/platform';
import { MasterService, RegistryApproval, RegistryWriter, VendorsService } from '@keiyaku/server/vendors';
import { QualAppAttachment, QualApplication, QualAppRound } from './entities/application.entities';
import { VendorAccount } from './entities/account.entities';
import { VendorPrincipal } from './portal-auth.service';
import { ApprovalPackagesService } from './approval-packages.service';

/** Files attached to applications: the vendor reads them through the portal, reviewers through staff routes. */
export const APPLICATION_FILE_PURPOSE = 'qualification';

const invalid = (problems: FieldProblem[], lead = '入力内容に誤りがあります。') =>
  new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, `${lead}${problems.slice(0, 3).map((p) => p.message).join(' ')}${problems.length > 3 ? ` ほか${problems.length - 3}件` : ''}`, problems);
const conflict = (message: string) => new AppException(HttpStatus.CONFLICT, ERROR_CODES.conflict, message);
const needVersion = (v: unknown): number => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest('version', '版数（version）を指定してください。');
  return v;
};

export const applicationRow = (a: QualApplication, account?: VendorAccount | null) => ({
  id: a.id,
  accountId: a.accountId,
  companyName: a.form.company?.name ?? account?.companyName ?? null,
  corporateNumber: a.form.company?.corporateNumber ?? account?.corporateNumber ?? null,
  kind: a.kind,
  kindName: kindName(a.kind),
  category: a.category,
  categoryName: categoryName(a.category),
  termCode: a.termCode,
  status: a.status,
  statusName: statusName(a.status),
  receiptNumber: a.receiptNumber,
  roundNo: a.roundNo,
  submittedAt: a.submittedAt,
  decidedAt: a.decidedAt,
  vendorId: a.vendorId,
  updatedAt: a.updatedAt,
  version: a.version,
});

export type ApplicationQueueQuery = ListQueryDto & { kind?: string; category?: string; status?: string; termCode?: string };

export const QUEUE_LIST: ListSpec = {
  fields: {
    receiptNumber: { expr: 'a.receiptNumber', type: 'text', label: '受付番号' },
    companyName: { expr: 'acc.companyName', type: 'text', label: '商号又は名称' },
    corporateNumber: { expr: 'acc.corporateNumber', type: 'text', label: '法人番号' },
    kind: { expr: 'a.kind', type: 'text', label: '種類' },
    category: { expr: 'a.category', type: 'text', label: '部門' },
    termCode: { expr: 'a.termCode', type: 'text', label: '有効期間' },
    status: { expr: 'a.status', type: 'text', label: '状態' },
    roundNo: { expr: 'a.roundNo', type: 'number', label: '提出回' },
    submittedAt: { expr: 'a.submittedAt', type: 'date', label: '提出日時' },
    decidedAt: { expr: 'a.decidedAt', type: 'date', label: '決定日時' },
    updatedAt: { expr: 'a.updatedAt', type: 'date', label: '更新日時' },
  },
  searchPlain: ['acc.companyName', 'a.receiptNumber', 'acc.corporateNumber', 'acc.email'],
  defaultSort: 'submittedAt:desc',
  tieBreaker: 'a.id',
};

type QueueRow = ReturnType<typeof applicationRow>;
const QUEUE_EXPORT_COLUMNS: ExportColumn<QueueRow>[] = [
  { key: 'receiptNumber', header: '受付番号', value: (r) => r.receiptNumber },
  { key: 'companyName', header: '商号又は名称', value: (r) => r.companyName, width: 34 },
  { key: 'corporateNumber', header: '法人番号', value: (r) => r.corporateNumber },
  { key: 'kind', header: '種類', value: (r) => r.kindName },
  { key: 'category', header: '部門', value: (r) => r.categoryName },
  { key: 'termCode', header: '有効期間', value: (r) => r.termCode },
  { key: 'status', header: '状態', value: (r) => r.statusName },
  { key: 'roundNo', header: '提出回', value: (r) => r.roundNo, type: 'number' },
  { key: 'submittedAt', header: '提出日時', value: (r) => r.submittedAt, type: 'datetime' },
  { key: 'decidedAt', header: '決定日時', value: (r) => r.decidedAt, type: 'datetime' },
];

@Injectable()
export class ApplicationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly files: FilesService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly master: MasterService,
    private readonly vendors: VendorsService,
    private readonly writer: RegistryWriter,
    private readonly packages: ApprovalPackagesService,
  ) {}

  onModuleInit(): void {
    this.files.registerPurpose(APPLICATION_FILE_PURPOSE, {
      kinds: ['pdf', 'jpeg', 'png'],
      canRead: (_file, user) => user.permissions.includes('qualification.review'),
    });
  }

  // ---- reference data for the form ----

  async options() {
    const out: Record<string, unknown> = {
      kinds: APPLICATION_KINDS,
      categories: APPLICATION_CATEGORIES,
      steps: FORM_STEPS,
      checklists: ATTACHMENT_CHECKLISTS,
      regularTermCode: await this.settings.get<string>('applications.regularTermCode'),
      regularOpensOn: await this.settings.get<string>('applications.regularOpensOn'),
      regularClosesOn: await this.settings.get<string>('applications.regularClosesOn'),
      additionalOpen: await this.settings.get<boolean>('applications.additionalOpen'),
      maxAttachmentMb: await this.settings.get<number>('applications.maxAttachmentMb'),
    };
    const byCategory: Record<string, unknown> = {};
    for (const c of APPLICATION_CATEGORIES) {
      byCategory[c.code] = {
        trades: ((await this.master.list('trades', c.code)) as Array<{ code: string; name: string; active: boolean }>).filter((t) => t.active).map((t) => ({ code: t.code, name: t.name })),
        subjectiveItems: ((await this.master.list('subjective-items', c.code)) as Array<{ code: string; name: string; points: number; active: boolean }>)
          .filter((s) => s.active && s.points > 0)
          .map((s) => ({ code: s.code, name: s.name })),
        terms: ((await this.master.list('terms', c.code)) as Array<{ code: string; name: string; validFrom: string; validTo: string }>).map((t) => ({ code: t.code, name: t.name, validFrom: t.validFrom, validTo: t.validTo })),
      };
    }
    out['byCategory'] = byCategory;
    return out;
  }

  private async known(category: string) {
    const trades = ((await this.master.list('trades', category)) as Array<{ code: string; active: boolean }>).filter((t) => t.active).map((t) => t.code);
    const subjectiveItems = ((await this.master.list('subjective-items', category)) as Array<{ code: string; active: boolean; points: number }>).filter((s) => s.active && s.points > 0).map((s) => s.code);
    return { trades, subjectiveItems, category };
  }

  /** The term an application of this kind is for, when its period is open. */
  private async termFor(kind: string, category: string): Promise<string> {
    const today = todayInJapan();
    if (kind === 'regular') {
      const opens = await this.settings.get<string>('applications.regularOpensOn');
      const closes = await this.settings.get<string>('applications.regularClosesOn');
      if (!periodOpen(today, opens, closes)) {
        throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, `定期申請の受付期間（${opens}～${closes}）外のため申請できません。`, [{ field: 'kind', message: '受付期間外です。' }]);
      }
      return this.settings.get<string>('applications.regularTermCode');
    }
    if (!(await this.settings.get<boolean>('applications.additionalOpen'))) {
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, '現在、随時申請・変更届は受け付けていません。', [{ field: 'kind', message: '受付停止中です。' }]);
    }
    const terms = (await this.master.list('terms', category)) as Array<{ code: string; validFrom: string; validTo: string }>;
    const current = terms.find((t) => t.validFrom <= today && today <= t.validTo);
    if (!current) throw badRequest('kind', '現在の有効期間が登録されていないため申請できません。契約課にお問い合わせください。');
    return current.code;
  }

  // ---- vendor side (every query is scoped to the vendor's account: others' rows are 404) ----

  private async own(m: EntityManager, vendor: VendorPrincipal, id: number, forUpdate = false): Promise<QualApplication> {
    const app = forUpdate ? await loadForUpdate(m, QualApplication, id, undefined, '申請').catch(() => null) : await m.findOneBy(QualApplication, { id });
    if (!app || app.accountId !== vendor.accountId) throw notFound('申請');
    return app;
  }

  async listOwn(vendor: VendorPrincipal) {
    const rows = await this.dataSource.getRepository(QualApplication).find({ where: { accountId: vendor.accountId }, order: { id: 'DESC' } });
    return { rows: rows.map((a) => applicationRow(a)), total: rows.length };
  }

  async create(vendor: VendorPrincipal, body: Record<string, unknown>) {
    const kind = body?.['kind'];
    const category = body?.['category'];
    if (!APPLICATION_KINDS.some((k) => k.code === kind)) throw badRequest('kind', '申請の種類（kind）を選択してください。');
    if (!APPLICATION_CATEGORIES.some((c) => c.code === category)) throw badRequest('category', '部門（category）を選択してください。');
    const account = await this.dataSource.getRepository(VendorAccount).findOneByOrFail({ id: vendor.accountId });
    if (['change', 'addTrades', 'withdrawal'].includes(kind as string) && !account.vendorId) {
      throw badRequest('kind', `業者台帳に登録されていないため${kindName(kind as string)}は提出できません。先に定期申請または随時申請を行ってください。`);
    }
    const termCode = await this.termFor(kind as string, category as string);
    // Start from what the registry holds for a registered vendor; else from the account.
    const form: ApplicationForm = account.vendorId ? await this.formFromRegistry(account.vendorId) : {};
    form.company ??= {
      corporateNumber: account.corporateNumber, entityType: account.entityType, name: account.companyName, nameKana: '', postalCode: '', address: '', phone: '', fax: null, email: account.email, capitalThousandYen: null,
    };
    return this.dataSource.transaction(async (m) => {
      const open = await m.findOne(QualApplication, { where: { accountId: vendor.accountId, category: category as string, termCode, status: In(['draft', 'submitted', 'correction', 'resubmitted']) } });
      if (open) throw conflict(`この部門・期間の申請（${statusName(open.status)}）が既にあります。そちらを開いて続けてください。`);
      const app = await m.save(
        m.create(QualApplication, {
          accountId: vendor.accountId, kind: kind as string, category: category as string, termCode, status: 'draft', receiptNumber: null, form, currentStep: null, roundNo: 0,
          submittedAt: null, decidedAt: null, decidedBy: null, decisionReason: null, vendorId: account.vendorId, reviewChecklist: null, corrections: null,
        }),
      );
      return this.vendorDetail(m, app);
    });
  }

  private async formFromRegistry(vendorId: number): Promise<ApplicationForm> {
    const v = (await this.vendors.detail(vendorId)) as Record<string, any>;
    return {
      company: {
        corporateNumber: v['corporateNumber'], entityType: v['entityType'], name: v['name'], nameKana: v['nameKana'], postalCode: v['postalCode'], address: v['address'],
        phone: v['phone'], fax: v['fax'], email: v['email'] ?? '', capitalThousandYen: v['capital'] == null ? null : Math.floor(v['capital'] / 1000),
      },
      offices: { offices: (v['offices'] ?? []).map((o: any) => ({ name: o.name, postalCode: o.postalCode, address: o.address, phone: o.phone, isDelegate: o.isDelegate, delegateTitle: o.delegateTitle, delegateName: o.delegateName })) },
      permits: { permits: (v['permits'] ?? []).map((p: any) => ({ tradeCode: p.tradeCode, grade: p.grade, issuer: p.issuer, issuerPrefecture: p.issuerPrefecture, permitNumber: p.permitNumber, permitDate: p.permitDate, expiresOn: p.expiresOn })) },
    };
  }

  async getOwn(vendor: VendorPrincipal, id: number) {
    const app = await this.own(this.dataSource.manager, vendor, id);
    return this.vendorDetail(this.dataSource.manager, app);
  }

  private async vendorDetail(m: EntityManager, app: QualApplication) {
    const attachments = await m.find(QualAppAttachment, { where: { applicationId: app.id }, order: { id: 'ASC' } });
    const rounds = await m.find(QualAppRound, { where: { applicationId: app.id }, order: { roundNo: 'ASC' } });
    return {
      ...applicationRow(app),
      form: app.form,
      currentStep: app.currentStep,
      steps: stepsFor(app.category),
      decisionReason: app.status === 'rejected' ? app.decisionReason : null,
      corrections: app.status === 'correction' ? app.corrections ?? [] : [],
      checklist: checklistFor(app.category, app.form).map((i) => ({ ...i, attached: attachments.filter((a) => a.itemCode === i.code).length })),
      attachments: attachments.map((a) => ({ id: a.id, itemCode: a.itemCode, fileName: a.fileName, roundNo: a.roundNo, createdAt: a.createdAt })),
      rounds: rounds.map((r) => ({ roundNo: r.roundNo, submittedAt: r.submittedAt, corrections: r.corrections, requestedAt: r.requestedAt })),
    };
  }

  async saveStep(vendor: VendorPrincipal, id: number, step: string, body: Record<string, unknown>) {
    if (!isFormStep(step)) throw notFound('入力画面');
    const version = needVersion(body?.['version']);
    const value = body?.['value'];
    return this.dataSource.transaction(async (m) => {
      const app = await this.own(m, vendor, id, true);
      if (app.version !== version) throw conflict('この申請は別の画面で更新されています。画面を開き直してください。');
      if (!vendorCanEdit(app.status)) throw conflict(`${statusName(app.status)}の申請は変更できません。`);
      if (!stepsFor(app.category).includes(step)) throw badRequest('step', 'この部門の申請にはない入力項目です。');
      const problems = stepProblems(step, value, await this.known(app.category));
      if (problems.length) throw invalid(problems);
      app.form = { ...app.form, [step]: value };
      app.currentStep = step;
      await m.save(app);
      return this.vendorDetail(m, app);
    });
  }

  async upload(vendor: VendorPrincipal, id: number, file: { path: string; originalname: string; size: number } | undefined, itemCode: unknown) {
    try {
      if (!file) throw badRequest('file', 'ファイル（file）を選択してください。');
      const app = await this.own(this.dataSource.manager, vendor, id);
      if (!vendorCanEdit(app.status)) throw conflict(`${statusName(app.status)}の申請には添付できません。`);
      const item = (ATTACHMENT_CHECKLISTS[app.category] ?? []).find((i) => i.code === itemCode);
      if (!item) throw badRequest('itemCode', '添付書類の種類（itemCode）を一覧から選択してください。');
      const max = (await this.settings.get<number>('applications.maxAttachmentMb')) * 1024 * 1024;
      const { size } = await stat(file.path);
      if (size > max) throw badRequest('file', `ファイルが大きすぎます（上限 ${max / 1024 / 1024}MB）。`);
      const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
      // A vendor is no staff user: the file has no owner and is read only through this module.
      const stored = await this.files.storeUpload({ tmpPath: file.path, name, purpose: APPLICATION_FILE_PURPOSE, owner: { id: null } as unknown as AuthUser });
      const row = await this.dataSource.getRepository(QualAppAttachment).save({ applicationId: app.id, itemCode: item.code, fileId: stored.id, fileName: stored.name, roundNo: app.roundNo + 1, createdAt: new Date() });
      return { id: row.id, itemCode: row.itemCode, fileName: row.fileName, size: stored.size, contentType: stored.contentType, roundNo: row.roundNo };
    } finally {
      if (file?.path) await rm(file.path, { force: true });
    }
  }

  async removeAttachment(vendor: VendorPrincipal, id: number, attachmentId: number) {
    await this.dataSource.transaction(async (m) => {
      const app = await this.own(m, vendor, id, true);
      const row = await m.findOneBy(QualAppAttachment, { id: attachmentId, applicationId: app.id });
      if (!row) throw notFound('添付書類');
      if (!vendorCanEdit(app.status)) throw conflict(`${statusName(app.status)}の申請の添付書類は削除できません。`);
      // What staff have already received stays: only this round's uploads can be removed.
      if (row.roundNo <= app.roundNo) throw conflict('提出済みの添付書類は削除できません。差し替える場合は新しいファイルを添付してください。');
      await m.remove(row);
    });
  }

  async attachmentFile(applicationId: number, attachmentId: number, vendor?: VendorPrincipal) {
    const app = await this.dataSource.getRepository(QualApplication).findOneBy({ id: applicationId });
    if (!app || (vendor && app.accountId !== vendor.accountId)) throw notFound('添付書類');
    const row = await this.dataSource.getRepository(QualAppAttachment).findOneBy({ id: attachmentId, applicationId });
    if (!row) throw notFound('添付書類');
    const file = await this.files.byId(row.fileId);
    return { file, stream: this.files.openStream(file) };
  }

  async submit(vendor: VendorPrincipal, id: number, body: Record<string, unknown>) {
    const version = needVersion(body?.['version']);
    const known = await this.known((await this.own(this.dataSource.manager, vendor, id)).category);
    const saved = await this.dataSource.transaction(async (m) => {
      const app = await this.own(m, vendor, id, true);
      if (app.version !== version) throw conflict('この申請は別の画面で更新されています。画面を開き直してください。');
      if (!vendorCanEdit(app.status)) throw conflict(`${statusName(app.status)}の申請は提出できません。`);
      const problems = formProblems(app.category, app.form, known);
      const attachments = await m.find(QualAppAttachment, { where: { applicationId: app.id }, order: { id: 'ASC' } });
      for (const item of missingAttachments(app.category, app.form, attachments.map((a) => a.itemCode))) {
        problems.push({ field: `attachments.${item.code}`, message: `添付書類「${item.name}」を添付してください。` });
      }
      if (problems.length) throw invalid(problems, '提出できません。');
      const now = new Date();
      const resubmission = app.status === 'correction';
      if (!app.receiptNumber) app.receiptNumber = await this.nextReceiptNumber(m, app.category, todayInJapan(now));
      app.roundNo += 1;
      app.status = resubmission ? 'resubmitted' : 'submitted';
      app.submittedAt = now;
      app.corrections = null;
      await m.save(app);
      await m.save(
        m.create(QualAppRound, {
          applicationId: app.id, roundNo: app.roundNo, submittedAt: now, form: app.form,
          attachments: attachments.map((a) => ({ id: a.id, itemCode: a.itemCode, fileName: a.fileName })), corrections: null, requestedAt: null, requestedBy: null,
        }),
      );
      const email = app.form.company?.email ?? vendor.email;
      await this.mail.queue(
        {
          to: email,
          subject: `【${await this.settings.get<string>('org.name')}】入札参加資格審査申請を受け付けました（${app.receiptNumber}）`,
          text: `${app.form.company?.name ?? vendor.companyName} 様\n\n${kindName(app.kind)}（${categoryName(app.category)}）を${resubmission ? '再提出として' : ''}受け付けました。\n受付番号: ${app.receiptNumber}\n\n審査の結果はメールでお知らせします。`,
          relatedEntity: 'QualApplication',
          relatedId: app.id,
        },
        m,
      );
      return app;
    });
    return this.vendorDetail(this.dataSource.manager, saved);
  }

  /** 受付番号: per fiscal year and category; the unique index refuses a duplicate. */
  private async nextReceiptNumber(m: EntityManager, category: string, today: string): Promise<string> {
    const fy = fiscalYearOf(today) ?? Number(today.slice(0, 4));
    const prefix = receiptNumber(fy, category, 0).slice(0, -5);
    const last = await m.findOne(QualApplication, { where: { receiptNumber: Like(`${prefix}%`) }, order: { receiptNumber: 'DESC' } });
    const seq = last?.receiptNumber ? Number(last.receiptNumber.slice(prefix.length)) + 1 : 1;
    return receiptNumber(fy, category, seq);
  }

  async receiptData(vendor: VendorPrincipal, id: number) {
    const app = await this.own(this.dataSource.manager, vendor, id);
    if (!app.receiptNumber || !app.submittedAt) throw notFound('受付票');
    const attachments = await this.dataSource.getRepository(QualAppAttachment).find({ where: { applicationId: app.id }, order: { id: 'ASC' } });
    return { app, attachments };
  }

  // ---- staff review ----

  /** 審査待ち一覧: server-paged for the grid (filters kind, category, status, term; search over name, 受付番号, 法人番号). */
  queue(query: ApplicationQueueQuery) {
    const qb = this.queueQuery(query);
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    const conditions = [
      query.kind ? `種類: ${kindName(query.kind)}` : null,
      query.category ? `部門: ${categoryName(query.category)}` : null,
      query.termCode ? `有効期間: ${query.termCode}` : null,
      query.status ? `状態: ${statusName(query.status)}` : null,
    ].filter((c): c is string => !!c);
    return describeList({
      name: 'qualification-applications',
      title: '資格審査申請一覧',
      qb,
      query,
      spec: QUEUE_LIST,
      map: (a: QualApplication & { account?: VendorAccount }) => applicationRow(a, a.account),
      columns: QUEUE_EXPORT_COLUMNS,
      conditions,
    });
  }

  /** Counts per status under the same kind/category/term filters as the queue (the status tabs). */
  async queueCounts(query: ApplicationQueueQuery) {
    const raw = await this.queueQuery(query).select('a.status', 'status').addSelect('COUNT(*)', 'n').groupBy('a.status').getRawMany();
    const counts: Record<string, number> = Object.fromEntries(APPLICATION_STATUSES.filter((s) => s.code !== 'draft').map((s) => [s.code, 0]));
    for (const r of raw) counts[(r.status ?? r.STATUS) as string] = Number(r.n ?? r.N);
    const waiting = counts['submitted'] + counts['resubmitted'];
    return { counts, waiting, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  }

  /** The terms that applications were made for (the queue's term filter). */
  async queueTerms(): Promise<string[]> {
    const raw = await this.dataSource.getRepository(QualApplication).createQueryBuilder('a').select('a.termCode', 'termCode').where('a.status <> :draft', { draft: 'draft' }).distinct(true).getRawMany();
    return raw.map((r) => (r.termCode ?? r.TERMCODE ?? r.termcode) as string).filter(Boolean).sort().reverse();
  }

  private queueQuery(query: ApplicationQueueQuery) {
    const qb = this.dataSource
      .getRepository(QualApplication)
      .createQueryBuilder('a')
      .leftJoinAndMapOne('a.account', VendorAccount, 'acc', 'acc.id = a.accountId')
      .where('a.status <> :draft', { draft: 'draft' });
    if (query.category) qb.andWhere('a.category = :category', { category: query.category });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.termCode) qb.andWhere('a.termCode = :termCode', { termCode: query.termCode });
    return qb;
  }

  private async registryOf(app: QualApplication): Promise<Record<string, unknown> | null> {
    const account = await this.dataSource.getRepository(VendorAccount).findOneBy({ id: app.accountId });
    let vendorId = app.vendorId ?? account?.vendorId ?? null;
    if (!vendorId && app.form.company?.corporateNumber) {
      vendorId = (await this.vendors.findDuplicates({ corporateNumber: app.form.company.corporateNumber }))[0]?.id ?? null;
    }
    return vendorId ? ((await this.vendors.detail(vendorId)) as Record<string, unknown>) : null;
  }

  async reviewDetail(id: number) {
    const app = await this.dataSource.getRepository(QualApplication).findOneBy({ id });
    if (!app || app.status === 'draft') throw notFound('申請');
    const account = await this.dataSource.getRepository(VendorAccount).findOneBy({ id: app.accountId });
    const registry = await this.registryOf(app);
    const attachments = await this.dataSource.getRepository(QualAppAttachment).find({ where: { applicationId: app.id }, order: { id: 'ASC' } });
    const rounds = await this.dataSource.getRepository(QualAppRound).find({ where: { applicationId: app.id }, order: { roundNo: 'ASC' } });
    const trades = (app.form.trades?.trades ?? []).map((t) => ({ ...t, p: applicationP(app.form.keishin, t.tradeCode) }));
    return {
      ...applicationRow(app, account),
      account: account ? { id: account.id, email: account.email, companyName: account.companyName, vendorId: account.vendorId } : null,
      form: app.form,
      trades,
      registry: registry ? { id: registry['id'], vendorCode: registry['vendorCode'], name: registry['name'] } : null,
      comparison: compareWithRegistry(app.form, registry),
      reviewChecklist: REVIEW_CHECKLIST.map((c) => ({ ...c, checked: !!app.reviewChecklist?.[c.code] })),
      decisionReason: app.decisionReason,
      decidedBy: app.decidedBy,
      corrections: app.corrections ?? [],
      checklist: checklistFor(app.category, app.form).map((i) => ({ ...i, attached: attachments.filter((a) => a.itemCode === i.code).length })),
      attachments: attachments.map((a) => ({ id: a.id, itemCode: a.itemCode, fileName: a.fileName, roundNo: a.roundNo, createdAt: a.createdAt, fileId: a.fileId })),
      rounds: rounds.map((r) => ({ roundNo: r.roundNo, submittedAt: r.submittedAt, corrections: r.corrections, requestedAt: r.requestedAt, requestedBy: r.requestedBy, form: r.form })),
      portalOnly: this.packages.portalOnly,
      packages: await this.packages.forApplication(app.id),
    };
  }

  private async forDecision(m: EntityManager, id: number, version: number): Promise<QualApplication> {
    const app = await loadForUpdate(m, QualApplication, id, version, '申請');
    if (app.status === 'draft') throw notFound('申請');
    if (!staffCanDecide(app.status)) throw conflict(`${statusName(app.status)}の申請には、この操作はできません。`);
    return app;
  }

  async saveChecklist(id: number, body: Record<string, unknown>) {
    const version = needVersion(body?.['version']);
    const given = body?.['checklist'];
    if (!given || typeof given !== 'object' || Array.isArray(given)) throw badRequest('checklist', '審査チェックリスト（checklist）を指定してください。');
    const checklist: Record<string, boolean> = {};
    for (const c of REVIEW_CHECKLIST) checklist[c.code] = (given as Record<string, unknown>)[c.code] === true;
    await this.dataSource.transaction(async (m) => {
      const app = await this.forDecision(m, id, version);
      app.reviewChecklist = checklist;
      await m.save(app);
    });
    return this.reviewDetail(id);
  }

  async requestCorrections(id: number, body: Record<string, unknown>, user: AuthUser) {
    const version = needVersion(body?.['version']);
    const items = body?.['items'];
    if (!Array.isArray(items) || items.length === 0 || items.length > 100) throw badRequest('items', '補正を求める項目（items）を1件以上指定してください。');
    const corrections: CorrectionRequest[] = items.map((it: any, i: number) => {
      if (it?.target !== 'field' && it?.target !== 'attachment') throw badRequest(`items[${i}].target`, `補正項目の${i + 1}行目: 対象（項目・添付書類）を指定してください。`);
      if (typeof it.key !== 'string' || !/^[A-Za-z0-9_.[\]]{1,80}$/.test(it.key)) throw badRequest(`items[${i}].key`, `補正項目の${i + 1}行目: 項目を指定してください。`);
      if (typeof it.comment !== 'string' || !it.comment.trim() || it.comment.length > 500) throw badRequest(`items[${i}].comment`, `補正項目の${i + 1}行目: 補正の内容を500文字以内で入力してください。`);
      return { target: it.target, key: it.key, comment: it.comment.trim() };
    });
    await this.dataSource.transaction(async (m) => {
      const app = await this.forDecision(m, id, version);
      const round = await m.findOneByOrFail(QualAppRound, { applicationId: app.id, roundNo: app.roundNo });
      round.corrections = corrections;
      round.requestedAt = new Date();
      round.requestedBy = user.loginId;
      await m.save(round);
      app.status = 'correction';
      app.corrections = corrections;
      await m.save(app);
      await this.mail.queue(
        {
          to: app.form.company?.email ?? (await m.findOneByOrFail(VendorAccount, { id: app.accountId })).email,
          subject: `【${await this.settings.get<string>('org.name')}】申請の補正のお願い（${app.receiptNumber}）`,
          text: `${app.form.company?.name ?? ''} 様\n\n受付番号 ${app.receiptNumber} の申請について、次の${corrections.length}件の補正をお願いします。ポータルにログインして内容を修正し、再提出してください。\n\n${corrections.map((c, i) => `${i + 1}. ${c.key}: ${c.comment}`).join('\n')}`,
          relatedEntity: 'QualApplication',
          relatedId: app.id,
        },
        m,
      );
      await this.audit.record({ action: 'requestCorrection', entity: 'QualApplication', entityId: app.id, summary: `補正依頼（第${app.roundNo}回提出に対して${corrections.length}件）` }, m);
    });
    return this.reviewDetail(id);
  }

  async reject(id: number, body: Record<string, unknown>, user: AuthUser) {
    const version = needVersion(body?.['version']);
    const reason = body?.['reason'];
    if (typeof reason !== 'string' || !reason.trim() || reason.length > 1000) throw badRequest('reason', '不認定の理由（reason）を1000文字以内で入力してください。');
    await this.dataSource.transaction(async (m) => {
      const app = await this.forDecision(m, id, version);
      app.status = 'rejected';
      app.decisionReason = reason.trim();
      app.decidedAt = new Date();
      app.decidedBy = user.loginId;
      await m.save(app);
      await this.mail.queue(
        {
          to: app.form.company?.email ?? (await m.findOneByOrFail(VendorAccount, { id: app.accountId })).email,
          subject: `【${await this.settings.get<string>('org.name')}】入札参加資格審査の結果（${app.receiptNumber}）`,
          text: `${app.form.company?.name ?? ''} 様\n\n受付番号 ${app.receiptNumber} の申請は、次の理由により不認定となりました。\n\n${app.decisionReason}`,
          relatedEntity: 'QualApplication',
          relatedId: app.id,
        },
        m,
      );
      await this.audit.record({ action: 'reject', entity: 'QualApplication', entityId: app.id, summary: `不認定: ${app.decisionReason.slice(0, 200)}` }, m);
    });
    return this.reviewDetail(id);
  }

  /**
   * 認定: vendor, offices, permits, 経審, qualifications with the computed rank and history are
   * written to the registry, the application decided and the vendor notified, in ONE transaction.
   */
  async approve(id: number, body: Record<string, unknown>, user: AuthUser) {
    const version = needVersion(body?.['version']);
    const result = await this.dataSource.transaction(async (m) => {
      const app = await this.forDecision(m, id, version);
      const account = await m.findOneByOrFail(VendorAccount, { id: app.accountId });
      const f = app.form;
      const c = f.company!;
      const r = f.representative;
      const approval: RegistryApproval = {
        vendorId: app.vendorId ?? account.vendorId,
        vendor: {
          corporateNumber: c.corporateNumber ?? null, entityType: c.entityType, name: c.name, nameKana: c.nameKana,
          representativeTitle: r?.representativeTitle ?? null, representativeName: r?.representativeName ?? '', postalCode: c.postalCode, address: c.address,
          phone: c.phone, fax: c.fax ?? null, email: c.email ?? null, locality: f.local?.locality ?? 'outside', capital: c.capitalThousandYen == null ? null : c.capitalThousandYen * 1000,
        },
        offices: f.offices?.offices ?? null,
        permits: app.category === 'construction' ? f.permits?.permits ?? null : null,
        keishin: app.category === 'construction' && f.keishin
          ? { baseDate: f.keishin.baseDate, noticeDate: f.keishin.noticeDate ?? null, permitNumber: f.permits?.permits[0]?.permitNumber ?? null, x2: f.keishin.x2, y: f.keishin.y, w: f.keishin.w, scores: f.keishin.scores }
          : null,
        qualifications: app.kind === 'change' || app.kind === 'withdrawal'
          ? null
          : {
              category: app.category,
              termCode: app.termCode,
              tradeCodes: (f.trades?.trades ?? []).map((t) => t.tradeCode),
              subjectiveCodes: f.local?.subjectiveItems ?? [],
              // 随時 and 業種追加: valid from the approval, ending with the term.
              validFrom: app.kind === 'regular' ? null : todayInJapan(),
            },
        summary: `${kindName(app.kind)}の認定（受付番号 ${app.receiptNumber}）`,
      };
      const note = typeof body?.['note'] === 'string' ? String(body['note']).slice(0, 1000) || null : null;
      if (this.packages.portalOnly) return this.approveAsPackage(m, app, account, approval, note, user);
      const written = app.kind === 'withdrawal'
        ? await this.writer.withdraw(m, approval.vendorId!, app.category, app.termCode, (f.trades?.trades ?? []).map((t) => t.tradeCode), approval.summary)
        : await this.writer.applyApproval(m, approval);
      app.status = 'approved';
      app.vendorId = written.vendorId;
      app.decidedAt = new Date();
      app.decidedBy = user.loginId;
      app.decisionReason = note;
      await m.save(app);
      if (account.vendorId !== written.vendorId) {
        account.vendorId = written.vendorId;
        await m.save(account);
      }
      const ranks = written.qualifications.map((q) => `${q.tradeCode}: ${q.rank ?? '格付なし'}`).join('、');
      await this.mail.queue(
        {
          to: c.email ?? account.email,
          subject: `【${await this.settings.get<string>('org.name')}】入札参加資格審査の結果（${app.receiptNumber}）`,
          text: `${c.name} 様\n\n受付番号 ${app.receiptNumber} の${kindName(app.kind)}を認定しました。\n業者番号: ${written.vendorCode}${ranks ? `\n格付: ${ranks}` : ''}`,
          relatedEntity: 'QualApplication',
          relatedId: app.id,
        },
        m,
      );
      await this.audit.record({ action: 'approve', entity: 'QualApplication', entityId: app.id, summary: `認定（業者番号 ${written.vendorCode}${ranks ? `、${ranks}` : ''}）` }, m);
      return written;
    });
    return { ...(await this.reviewDetail(id)), result };
  }

  /**
   * Split deployment: no registry here. The approval is decided and signed as a package in the
   * same transaction; the contract system writes the registry (and the rank) when it imports it.
   */
  private async approveAsPackage(m: EntityManager, app: QualApplication, account: VendorAccount, approval: RegistryApproval, note: string | null, user: AuthUser) {
    if (app.kind === 'withdrawal' || app.kind === 'change') throw badRequest('kind', `ポータル単独の構成では${kindName(app.kind)}は承認パッケージにできません。契約システムで処理してください。`);
    app.status = 'approved';
    app.decidedAt = new Date();
    app.decidedBy = user.loginId;
    app.decisionReason = note;
    await m.save(app);
    const pkg = await this.packages.create(m, app, approval, note);
    const c = app.form.company!;
    await this.mail.queue(
      {
        to: c.email ?? account.email,
        subject: `【${await this.settings.get<string>('org.name')}】入札参加資格審査の結果（${app.receiptNumber}）`,
        text: `${c.name} 様\n\n受付番号 ${app.receiptNumber} の${kindName(app.kind)}を認定しました。\n業者番号と格付は、業者台帳への登録後にお知らせします。`,
        relatedEntity: 'QualApplication',
        relatedId: app.id,
      },
      m,
    );
    await this.audit.record({ action: 'approve', entity: 'QualApplication', entityId: app.id, summary: `認定（承認パッケージ ${pkg.packageId} を作成）` }, m);
    return { vendorId: null, vendorCode: null, created: false, qualifications: [], packageId: pkg.packageId, packageRowId: pkg.id };
  }

  currentLogin(): string | null {
    return currentContext()?.loginId ?? null;
  }
}
