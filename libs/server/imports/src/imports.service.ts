import { HttpStatus, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import {
  DEFAULT_IMPORT_PROFILES, ERROR_CODES, IMPORT_KIND_LABELS, ImportKind, ImportProfileDefinition, isTotalRow, normalizeHeader, Parsed, parseCode, parseDecimal, parseInteger, parseJapaneseDate,
  parseText, profileProblems, ProfileColumn, TaxRate, todayInJapan,
} from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import type { AuthUser } from '@keiyaku/server/auth';
import { AppException, badRequest, describeList, ExportColumn, ListQueryDto, ListSpec, loadForUpdate, notFound, SettingsService } from '@keiyaku/server/core';
import { FilesService, JobsService } from '@keiyaku/server/platform';
import { TendersService } from '@keiyaku/server/tenders';
import { VendorHistoryService } from '@keiyaku/server/vendors';
import { decodeFile, FileEncoding, readRows } from './csv-reader';
import { ImportProfileRecord, ImportRun, RowProblem } from './entities';
import { budgetLinesHandler } from './kinds/budget-lines';
import { ebidResultsHandler } from './kinds/ebid-results';
import { KindHandler, ParsedRow, PlannedRow } from './kinds/kind';
import { legacyChangesHandler, legacyContractsHandler } from './kinds/legacy-contracts';
import { legacyEvaluationsHandler } from './kinds/legacy-evaluations';
import { legacyQualificationsHandler } from './kinds/legacy-qualifications';
import { legacyVendorsHandler } from './kinds/legacy-vendors';

export type ImportMode = 'dryRun' | 'allOrNothing' | 'goodRows';

export interface ImportRequest {
  kind: ImportKind;
  data: Buffer;
  fileName: string;
  profileId?: number | null;
  encoding?: 'auto' | FileEncoding | null;
  mode: ImportMode;
}

export interface ImportReport {
  runId: number;
  kind: ImportKind;
  mode: ImportMode;
  status: ImportRun['status'];
  encoding: FileEncoding;
  fileSha256: string;
  counts: { read: number; create: number; update: number; unchanged: number; rejected: number; warnings: number; skipped: number };
  errors: RowProblem[];
  warnings: RowProblem[];
  errorFileId: number | null;
  message: string;
}

const MAX_PROBLEMS_KEPT = 1000;

/** What became of one source row (for the migration checklist, which counts per fiscal year). */
export interface RowOutcome {
  line: number;
  /** The parsed values, or null when a cell could not be read. */
  values: Record<string, unknown> | null;
  outcome: 'create' | 'update' | 'unchanged' | 'rejected';
}

const RUN_LIST: ListSpec = {
  fields: {
    id: { expr: 'r.id', type: 'number', label: '番号' },
    kind: { expr: 'r.kind', type: 'text', label: '種類' },
    fileName: { expr: 'r.fileName', type: 'text', label: 'ファイル名' },
    mode: { expr: 'r.mode', type: 'text', label: '実行方法' },
    status: { expr: 'r.status', type: 'text', label: '結果' },
    loginId: { expr: 'r.loginId', type: 'text', label: '実行者' },
    startedAt: { expr: 'r.startedAt', type: 'date', label: '開始日時' },
  },
  searchPlain: ['r.fileName', 'r.fileSha256'],
  defaultSort: 'id:desc',
  tieBreaker: 'r.id',
};
const MODE_NAMES: Record<ImportMode, string> = { dryRun: '確認のみ', allOrNothing: '取込（全件）', goodRows: '取込（正しい行のみ）' };
const STATUS_NAMES: Record<ImportRun['status'], string> = { succeeded: '成功', rejected: '取込せず', failed: '失敗' };
type RunRow = ReturnType<typeof runRow>;
const runRow = (r: ImportRun) => ({ ...r, kindLabel: IMPORT_KIND_LABELS[r.kind] ?? r.kind });
const RUN_COLUMNS: ExportColumn<RunRow>[] = [
  { key: 'id', header: '番号', type: 'number', value: (r) => r.id },
  { key: 'kind', header: '種類', width: 30, value: (r) => r.kindLabel },
  { key: 'fileName', header: 'ファイル名', width: 30, value: (r) => r.fileName },
  { key: 'fileSha256', header: 'SHA-256', width: 20, value: (r) => r.fileSha256 },
  { key: 'mode', header: '実行方法', width: 14, value: (r) => MODE_NAMES[r.mode] },
  { key: 'status', header: '結果', width: 8, value: (r) => STATUS_NAMES[r.status] },
  { key: 'rowsRead', header: '読込', type: 'number', value: (r) => r.rowsRead },
  { key: 'rowsCreated', header: '追加', type: 'number', value: (r) => r.rowsCreated },
  { key: 'rowsUpdated', header: '更新', type: 'number', value: (r) => r.rowsUpdated },
  { key: 'rowsUnchanged', header: '変更なし', type: 'number', value: (r) => r.rowsUnchanged },
  { key: 'rowsRejected', header: '誤り', type: 'number', value: (r) => r.rowsRejected },
  { key: 'loginId', header: '実行者', width: 12, value: (r) => r.loginId },
  { key: 'startedAt', header: '開始日時', type: 'datetime', value: (r) => r.startedAt },
];

/** Thrown inside the commit's transaction to roll it back when all-or-nothing meets a bad row. */
class RejectedImport extends Error {}

/**
 * The import pipeline every kind shares: decode → rows → cells parsed by the profile → the
 * kind's checks against the database → a dry-run report, or a commit in one transaction (all
 * or nothing, or the good rows with an error file for the rest). Re-running a file changes
 * nothing: every kind upserts by its natural keys and skips unchanged rows.
 */
@Injectable()
export class ImportsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Imports');
  private readonly handlers = new Map<ImportKind, KindHandler>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly files: FilesService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    tenders: TendersService,
    history: VendorHistoryService,
  ) {
    const rates = () => this.settings.get<TaxRate[]>('tax.consumptionRates');
    for (const h of [
      budgetLinesHandler,
      ebidResultsHandler(tenders, () => this.settings.get<number>('tenders.maxRounds')),
      legacyVendorsHandler(history, this.audit),
      legacyQualificationsHandler(this.audit),
      legacyContractsHandler(rates, this.audit),
      legacyChangesHandler(rates, this.audit),
      legacyEvaluationsHandler(this.audit),
    ]) {
      this.handlers.set(h.kind, h);
    }
  }

  onModuleInit(): void {
    this.files.registerPurpose('import', { kinds: ['csv'], canRead: (_file, user) => user.permissions.includes('imports.run') });
    this.jobs.register<{ fileId: number; kind: ImportKind; profileId: number | null; encoding: 'auto' | FileEncoding; mode: ImportMode; userId: number; loginId: string }>('import', async (ctx) => {
      const file = await this.files.byId(ctx.params.fileId);
      const data = await readAll(this.files.openStream(file));
      const report = await this.run({ kind: ctx.params.kind, data, fileName: file.name, profileId: ctx.params.profileId, encoding: ctx.params.encoding, mode: ctx.params.mode }, { id: ctx.params.userId, loginId: ctx.params.loginId }, (p) => ctx.progress(p));
      return { message: report.message, result: report };
    });
  }

  /** Every database starts with the shipped profiles; an administrator's copies sit beside them. */
  async onApplicationBootstrap(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable(this.dataSource.getMetadata(ImportProfileRecord).tableName))) return;
    } finally {
      await runner.release();
    }
    const repo = this.dataSource.getRepository(ImportProfileRecord);
    for (const p of DEFAULT_IMPORT_PROFILES) {
      if (!(await repo.exists({ where: { code: p.code } }))) await repo.save(repo.create({ kind: p.kind, code: p.code, name: p.name, definition: p.definition, shipped: true }));
    }
  }

  /** Whether this installation reads files of the kind (the migration skips kinds without a handler). */
  handles(kind: ImportKind): boolean {
    return this.handlers.has(kind);
  }

  // ---- profiles ----

  profiles(kind?: string) {
    return this.dataSource.getRepository(ImportProfileRecord).find({ where: kind ? { kind: kind as ImportKind } : {}, order: { kind: 'ASC', shipped: 'DESC', id: 'ASC' } });
  }

  async profile(id: number) {
    const p = await this.dataSource.getRepository(ImportProfileRecord).findOneBy({ id });
    if (!p) throw notFound('取込定義');
    return p;
  }

  private checkProfile(kind: ImportKind, d: ImportProfileDefinition) {
    const problems = profileProblems(kind, d);
    if (problems.length) {
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, problems.map((p) => p.message).join(' '), problems.map((p) => ({ field: `definition.${p.field}`, message: p.message })));
    }
  }

  async createProfile(dto: { kind: ImportKind; code: string; name: string; definition: ImportProfileDefinition }) {
    this.checkProfile(dto.kind, dto.definition);
    const repo = this.dataSource.getRepository(ImportProfileRecord);
    if (await repo.exists({ where: { code: dto.code } })) throw new AppException(HttpStatus.CONFLICT, ERROR_CODES.duplicate, `取込定義コード「${dto.code}」は既に登録されています。`, [{ field: 'code', message: `取込定義コード「${dto.code}」は既に登録されています。` }]);
    return repo.save(repo.create({ ...dto, shipped: false }));
  }

  async updateProfile(id: number, dto: { name?: string; definition?: ImportProfileDefinition; version: number }) {
    return this.dataSource.transaction(async (m) => {
      const p = await loadForUpdate(m, ImportProfileRecord, id, dto.version, '取込定義');
      if (p.shipped) throw badRequest('id', '標準の取込定義は変更できません。複製してから変更してください。');
      if (dto.definition) this.checkProfile(p.kind, dto.definition);
      Object.assign(p, { ...(dto.name ? { name: dto.name } : {}), ...(dto.definition ? { definition: dto.definition } : {}) });
      return m.save(p);
    });
  }

  // ---- history ----

  runs(query: ListQueryDto & { kind?: string }) {
    const qb = this.dataSource.getRepository(ImportRun).createQueryBuilder('r');
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    return describeList({ name: 'imports', title: '取込履歴', qb, query, spec: RUN_LIST, map: runRow, columns: RUN_COLUMNS, conditions: query.kind ? [`種類: ${query.kind}`] : [] });
  }

  async runById(id: number) {
    const r = await this.dataSource.getRepository(ImportRun).findOneBy({ id });
    if (!r) throw notFound('取込履歴');
    return runRow(r);
  }

  /** Queues a commit as a job (progress on the jobs screen); dry runs answer at once. */
  async enqueue(req: { fileId: number; kind: ImportKind; profileId?: number | null; encoding?: 'auto' | FileEncoding | null; mode: ImportMode }, user: AuthUser) {
    const file = await this.files.readable(req.fileId, user);
    if (file.purpose !== 'import') throw badRequest('fileId', '取込用にアップロードしたファイルを指定してください。');
    return this.jobs.enqueue('import', `${IMPORT_KIND_LABELS[req.kind]}の取込（${file.name}）`, { ...req, profileId: req.profileId ?? null, encoding: req.encoding ?? 'auto', userId: user.id, loginId: user.loginId }, user);
  }

  async dryRunFile(req: { fileId: number; kind: ImportKind; profileId?: number | null; encoding?: 'auto' | FileEncoding | null }, user: AuthUser) {
    const file = await this.files.readable(req.fileId, user);
    if (file.purpose !== 'import') throw badRequest('fileId', '取込用にアップロードしたファイルを指定してください。');
    return this.run({ ...req, data: await readAll(this.files.openStream(file)), fileName: file.name, mode: 'dryRun' }, user);
  }

  // ---- the pipeline ----

  private async profileFor(kind: ImportKind, profileId?: number | null): Promise<{ code: string; definition: ImportProfileDefinition }> {
    if (profileId) {
      const p = await this.profile(profileId);
      if (p.kind !== kind) throw badRequest('profileId', `取込定義「${p.name}」は${IMPORT_KIND_LABELS[kind]}の定義ではありません。`);
      return p;
    }
    const stored = await this.dataSource.getRepository(ImportProfileRecord).findOne({ where: { kind, shipped: true } });
    return stored ?? DEFAULT_IMPORT_PROFILES.find((p) => p.kind === kind)!;
  }

  /** Reads the file with the profile: parsed rows, and the rows whose cells could not be read. */
  parse(data: Buffer, profile: ImportProfileDefinition, encoding: 'auto' | FileEncoding) {
    const decoded = decodeFile(data, encoding === 'auto' ? profile.encoding : encoding);
    const { header, headerLine, rows } = readRows(decoded.text, profile.skipLines);
    const index = new Map(header.map((h, i) => [normalizeHeader(h), i]));
    const columns = profile.columns.map((c) => ({ c, at: index.get(normalizeHeader(c.header)) }));
    const missing = columns.filter((x) => x.at === undefined && x.c.required).map((x) => x.c.header);
    if (missing.length) {
      throw badRequest('file', `${headerLine || 1}行目（見出し）に必須の列がありません: ${missing.join('、')}。見出しの行と取込定義を確認してください。`);
    }
    const parsed: ParsedRow[] = [];
    const problems = new Map<number, RowProblem[]>();
    let skipped = 0;
    for (const row of rows) {
      if (profile.skipTotalRows && isTotalRow(row.cells)) {
        skipped++;
        continue;
      }
      const values: Record<string, unknown> = {};
      const errors: RowProblem[] = [];
      for (const { c, at } of columns) {
        if (at === undefined) {
          values[c.field] = null;
          continue;
        }
        const result = parseCell(c, row.cells[at]);
        if (!result.ok) errors.push({ line: row.line, header: c.header, message: result.problem });
        else if (result.value === null && c.required) errors.push({ line: row.line, header: c.header, message: '必須の項目です。' });
        else values[c.field] = result.value;
      }
      if (errors.length) problems.set(row.line, errors);
      else parsed.push({ line: row.line, values, cells: row.cells });
    }
    return { encoding: decoded.encoding, header, rows, parsed, problems, skipped };
  }

  async run(
    req: ImportRequest,
    user: { id: number | null; loginId: string },
    progress: (percent: number) => Promise<void> = async () => undefined,
    observe?: (rows: RowOutcome[]) => void,
    /**
     * A dry run of several files in order (the migration's): the good rows are written into this
     * transaction, which the caller rolls back, so each file is checked against the ones before it.
     */
    simulateIn?: EntityManager,
  ): Promise<ImportReport> {
    const handler = this.handlers.get(req.kind);
    if (!handler) throw badRequest('kind', `取込の種類「${req.kind}」はありません。`);
    const profile = await this.profileFor(req.kind, req.profileId);
    const sha = createHash('sha256').update(req.data).digest('hex');
    const started = new Date();
    const file = this.parse(req.data, profile.definition, req.encoding ?? 'auto');
    const headerOf = (field: string) => profile.definition.columns.find((c) => c.field === field)?.header ?? null;
    const ctx = { header: headerOf, today: todayInJapan(), simulated: !!simulateIn };
    await progress(5);

    let planned: PlannedRow[] = [];
    let status: ImportRun['status'] = 'succeeded';
    let errorFileId: number | null = null;
    const evaluate = async (m: EntityManager) => {
      const plan = await handler.plan(m, file.parsed, ctx);
      planned = plan.rows;
      return plan;
    };
    const badLines = () => new Set([...file.problems.keys(), ...planned.filter((p) => p.errors.length).map((p) => p.line)]);

    if (req.mode === 'dryRun' && simulateIn) {
      const plan = await evaluate(simulateIn);
      const bad = badLines();
      await plan.apply(simulateIn, new Set(file.parsed.map((r) => r.line).filter((l) => !bad.has(l))), async () => undefined);
    } else if (req.mode === 'dryRun') {
      await evaluate(this.dataSource.manager);
    } else {
      try {
        await this.dataSource.transaction(async (m) => {
          const plan = await evaluate(m);
          const bad = badLines();
          if (bad.size && req.mode === 'allOrNothing') throw new RejectedImport();
          const good = new Set(file.parsed.map((r) => r.line).filter((l) => !bad.has(l)));
          await progress(20);
          await plan.apply(m, good, async (done) => progress(20 + Math.min(75, Math.floor((done / Math.max(1, good.size)) * 75))));
          await this.audit.record({ action: 'import', entity: 'Import', summary: `${IMPORT_KIND_LABELS[req.kind]}（${req.fileName}、${good.size}行）を取込` }, m);
        });
      } catch (e) {
        if (!(e instanceof RejectedImport)) throw e;
        status = 'rejected';
      }
    }
    const errors = [...[...file.problems.values()].flat(), ...planned.flatMap((p) => p.errors)].sort((a, b) => a.line - b.line);
    const warnings = planned.flatMap((p) => p.warnings).sort((a, b) => a.line - b.line);
    const bad = badLines();
    const count = (a: string) => planned.filter((p) => !bad.has(p.line) && p.action === a).length;
    if (req.mode === 'goodRows' && bad.size) errorFileId = await this.errorFile(file.header, file.rows.filter((r) => bad.has(r.line)), errors, req.fileName, user.id);
    if (observe) {
      const byLine = new Map(planned.map((p) => [p.line, p.action]));
      const values = new Map(file.parsed.map((r) => [r.line, r.values]));
      observe(
        file.rows
          .filter((r) => values.has(r.line) || file.problems.has(r.line))
          .map((r) => ({ line: r.line, values: values.get(r.line) ?? null, outcome: bad.has(r.line) ? 'rejected' : (byLine.get(r.line) ?? 'unchanged') })),
      );
    }
    const counts = { read: file.rows.length - file.skipped, create: count('create'), update: count('update'), unchanged: count('unchanged'), rejected: bad.size, warnings: warnings.length, skipped: file.skipped };
    const message =
      status === 'rejected'
        ? `誤りのある行が${bad.size}行あるため、取り込みませんでした（データベースは変更されていません）。`
        : `${req.mode === 'dryRun' ? '確認結果' : '取込結果'}: 追加 ${counts.create}件、更新 ${counts.update}件、変更なし ${counts.unchanged}件、誤り ${counts.rejected}件、警告 ${counts.warnings}件`;
    // A simulated run's history goes in the same transaction as its rows would; the caller keeps it.
    const runs = (simulateIn ?? this.dataSource.manager).getRepository(ImportRun);
    const run = await runs.save(
      runs.create({
        kind: req.kind,
        profileCode: profile.code,
        fileName: req.fileName.slice(0, 300),
        fileSha256: sha,
        encoding: file.encoding,
        mode: req.mode,
        status,
        rowsRead: counts.read,
        rowsCreated: status === 'rejected' ? 0 : counts.create,
        rowsUpdated: status === 'rejected' ? 0 : counts.update,
        rowsUnchanged: counts.unchanged,
        rowsRejected: counts.rejected,
        warningCount: counts.warnings,
        problems: { errors: errors.slice(0, MAX_PROBLEMS_KEPT), warnings: warnings.slice(0, MAX_PROBLEMS_KEPT) },
        errorFileId,
        userId: user.id,
        loginId: user.loginId,
        startedAt: started,
        finishedAt: new Date(),
      }),
    );
    await progress(100);
    this.logger.log(`${req.kind} ${req.mode} ${req.fileName}: ${message}`);
    return { runId: run.id, kind: req.kind, mode: req.mode, status, encoding: file.encoding, fileSha256: sha, counts, errors, warnings, errorFileId, message };
  }

  /** The rejected rows as they were, with the reason in a last column (UTF-8 with BOM, for Excel). */
  private async errorFile(header: string[], rows: Array<{ line: number; cells: string[] }>, errors: RowProblem[], fileName: string, ownerId: number | null): Promise<number> {
    const reasons = new Map<number, string[]>();
    for (const e of errors) reasons.set(e.line, [...(reasons.get(e.line) ?? []), `${e.header ? `「${e.header}」` : ''}${e.message}`]);
    const csv = stringify([['行', ...header, '誤りの内容'], ...rows.map((r) => [String(r.line), ...r.cells, (reasons.get(r.line) ?? []).join(' ')])], { record_delimiter: '\r\n' });
    const stored = await this.files.storeGenerated(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), { name: `取込エラー_${fileName.replace(/\.csv$/i, '')}.csv`, contentType: 'text/csv', ownerId });
    return stored.id;
  }
}

function parseCell(c: ProfileColumn, raw: string | undefined): Parsed<unknown> {
  switch (c.parser) {
    case 'integer':
      return parseInteger(raw);
    case 'decimal':
      return parseDecimal(raw);
    case 'date':
      return parseJapaneseDate(raw);
    case 'code':
      return parseCode(raw, c.codes ?? {});
    default:
      return parseText(raw, c.maxLength ?? 1000);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
