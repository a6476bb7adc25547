import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Workbook, Worksheet } from 'exceljs';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@keiyaku/server/audit';
import { fiscalYearOf, IMPORT_KIND_LABELS, ImportKind } from '@keiyaku/domain';
import { Contract } from '@keiyaku/server/contracts';
import { EXCEL_FONT } from '@keiyaku/server/core';
import { ImportReport, ImportsService, RowOutcome } from './imports.service';

/**
 * The legacy files in the order their references need: vendors before their qualifications and
 * the contracts that name them, contracts before their changes and ratings.
 */
export const LEGACY_FILES: Array<{ file: string; kind: ImportKind }> = [
  { file: 'vendors.csv', kind: 'legacyVendors' },
  { file: 'vendor_qualifications.csv', kind: 'legacyQualifications' },
  { file: 'contracts.csv', kind: 'legacyContracts' },
  { file: 'contract_changes.csv', kind: 'legacyContractChanges' },
  { file: 'evaluations.csv', kind: 'legacyEvaluations' },
];

export const CHECKLIST_FILE = '移行チェックリスト.xlsx';

const CATEGORY_NAMES: Record<string, string> = { construction: '建設工事', survey: '測量・建設コンサルタント等', goods: '物品・役務' };
/** Rows whose fiscal year cannot be told (a cell that could not be read, no date given). */
const UNKNOWN_YEAR = '不明';

export interface MigrationOptions {
  /** Check every file and write the checklist without changing the database. */
  dryRun?: boolean;
  /** Where the checklist goes (default: the folder itself). */
  out?: string;
  log?: (line: string) => void;
}

export interface FileResult {
  file: string;
  report: ImportReport;
  seconds: number;
  rows: RowOutcome[];
}

export interface MigrationResult {
  dir: string;
  dryRun: boolean;
  checklist: string;
  reports: FileResult[];
  missingFiles: string[];
  /** Files of kinds this version does not read. */
  skippedFiles: string[];
  reconciled: boolean;
  seconds: number;
}

type Sum = { n: number; sum: number };

/** Thrown to roll back a migration's dry run once its checklist is read. */
class DryRunRollback extends Error {}

/**
 * `npm run migrate-legacy -- --dir <folder>`: every legacy file through the same import pipeline
 * as the screens (good rows in, the others listed), then 移行チェックリスト.xlsx reconciling the
 * source against what the database now holds. Re-running it changes nothing.
 */
@Injectable()
export class LegacyMigrationService {
  private readonly logger = new Logger('LegacyMigration');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: ImportsService,
    private readonly audit: AuditService,
  ) {}

  async migrate(dir: string, options: MigrationOptions | ((line: string) => void) = {}): Promise<MigrationResult> {
    const opts: MigrationOptions = typeof options === 'function' ? { log: options } : options;
    const log = opts.log ?? ((l: string) => this.logger.log(l));
    const dryRun = !!opts.dryRun;
    if (!existsSync(dir)) throw new Error(`フォルダ「${dir}」がありません。`);
    const started = Date.now();
    const reports: FileResult[] = [];
    const missingFiles: string[] = [];
    const skippedFiles: string[] = [];
    const files: Array<{ file: string; kind: ImportKind; data: Buffer }> = [];
    for (const { file, kind } of LEGACY_FILES) {
      const path = join(dir, file);
      if (!existsSync(path)) {
        missingFiles.push(file);
        log(`${file}: ありません（スキップ）`);
      } else if (!this.imports.handles(kind)) {
        skippedFiles.push(file);
        log(`${file}: この版では取り込めません（スキップ）`);
      } else files.push({ file, kind, data: readFileSync(path) });
    }
    const runAll = async (simulateIn?: EntityManager) => {
      for (const { file, kind, data } of files) {
        const t = Date.now();
        let rows: RowOutcome[] = [];
        const report = await this.imports.run(
          { kind, data, fileName: file, mode: dryRun ? 'dryRun' : 'goodRows' },
          { id: null, loginId: 'migrate-legacy' },
          undefined,
          (r) => (rows = r),
          simulateIn,
        );
        const seconds = (Date.now() - t) / 1000;
        reports.push({ file, report, seconds, rows });
        log(`${file}: ${report.message}（${seconds.toFixed(1)} 秒）`);
      }
      return this.checklist(simulateIn ?? this.dataSource.manager, reports, { dir, dryRun, missingFiles, skippedFiles, started });
    };
    let built: Awaited<ReturnType<typeof runAll>>;
    if (dryRun) {
      // Each file is checked against the ones before it (contracts against the vendors just read):
      // everything is written in one transaction, the checklist is read from it, and it is rolled back.
      await this.dataSource
        .transaction(async (m) => {
          built = await runAll(m);
          throw new DryRunRollback();
        })
        .catch((e) => {
          if (!(e instanceof DryRunRollback)) throw e;
        });
      await this.audit.record({ action: 'import', entity: 'Import', summary: `移行データの確認（${files.map((f) => f.file).join('、')}、データベースは変更せず）` });
    } else {
      built = await runAll();
    }
    const { workbook, reconciled } = built!;
    const checklist = resolve(opts.out ?? join(dir, CHECKLIST_FILE));
    writeFileSync(checklist, Buffer.from(await workbook.xlsx.writeBuffer()));
    const seconds = (Date.now() - started) / 1000;
    log(`移行チェックリスト: ${checklist}（${reconciled ? '件数・金額は一致' : '件数・金額に差異あり'}、${seconds.toFixed(1)} 秒）`);
    return { dir, dryRun, checklist, reports, missingFiles, skippedFiles, reconciled, seconds };
  }

  /** The fiscal year a source row belongs to, for the per-year counts. */
  private yearOf(kind: ImportKind, values: Record<string, unknown> | null, contractYears: Map<string, number>): number | typeof UNKNOWN_YEAR {
    if (!values) return UNKNOWN_YEAR;
    const date = (field: string) => (values[field] ? fiscalYearOf(values[field] as string) : null);
    const year =
      kind === 'legacyContracts'
        ? (values['fiscalYear'] as number)
        : kind === 'legacyVendors'
          ? date('registeredOn')
          : kind === 'legacyQualifications'
            ? date('validFrom')
            : (contractYears.get(values['contractNumber'] as string) ?? date(kind === 'legacyContractChanges' ? 'changeDate' : 'evaluatedOn'));
    return year ?? UNKNOWN_YEAR;
  }

  private async checklist(m: EntityManager, reports: FileResult[], run: { dir: string; dryRun: boolean; missingFiles: string[]; skippedFiles: string[]; started: number }) {
    const wb = new Workbook();
    const sheet = (name: string, headers: string[], widths: number[]) => {
      const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
      ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
      ws.getRow(1).font = { ...EXCEL_FONT, bold: true };
      return ws;
    };
    const money = (ws: Worksheet, row: number, cols: number[]) => cols.forEach((c) => (ws.getRow(row).getCell(c).numFmt = '#,##0'));
    const imported = run.dryRun ? '取込予定' : '取込済';

    const summary = sheet('概要', ['項目', '内容'], [22, 90]);

    const counts = sheet('件数', ['ファイル', '種類', '読込行数', '追加', '更新', '変更なし', '取込不可', '警告', '合計行等（読み飛ばし）', '所要時間（秒）'], [26, 34, 10, 10, 10, 10, 10, 10, 14, 12]);
    for (const { file, report: r, seconds } of reports) {
      counts.addRow([file, IMPORT_KIND_LABELS[r.kind], r.counts.read, r.counts.create, r.counts.update, r.counts.unchanged, r.counts.rejected, r.counts.warnings, r.counts.skipped, Number(seconds.toFixed(1))]);
    }

    // Per file and fiscal year: every row read is imported (added, updated or unchanged) or refused.
    const contractYears = new Map<string, number>();
    for (const row of reports.find((r) => r.report.kind === 'legacyContracts')?.rows ?? []) {
      if (row.values) contractYears.set(row.values['contractNumber'] as string, row.values['fiscalYear'] as number);
    }
    const perYear = sheet('年度別件数', ['ファイル', '年度', '読込行数', '追加', '更新', '変更なし', '取込不可', `${imported} 計`], [26, 8, 10, 10, 10, 10, 10, 12]);
    let reconciled = true;
    for (const { file, report, rows } of reports) {
      const byYear = new Map<string, Record<RowOutcome['outcome'], number>>();
      for (const row of rows) {
        const y = String(this.yearOf(report.kind, row.values, contractYears));
        const c = byYear.get(y) ?? { create: 0, update: 0, unchanged: 0, rejected: 0 };
        c[row.outcome]++;
        byYear.set(y, c);
      }
      let total = 0;
      for (const y of [...byYear.keys()].sort()) {
        const c = byYear.get(y)!;
        const read = c.create + c.update + c.unchanged + c.rejected;
        total += read;
        perYear.addRow([file, y === UNKNOWN_YEAR ? y : Number(y), read, c.create, c.update, c.unchanged, c.rejected, c.create + c.update + c.unchanged]);
      }
      if (total !== report.counts.read) reconciled = false;
    }

    // Contract amounts per fiscal year and category: source = in the database + refused, to the yen.
    const sums = sheet('年度別金額', ['年度', '部門', '移行元 件数', '移行元 金額', `${imported} 件数`, `${imported} 金額`, '取込不可 件数', '取込不可 金額', `差（移行元−${imported}−取込不可）`], [8, 26, 12, 18, 12, 18, 12, 18, 16]);
    const contracts = reports.find((r) => r.report.kind === 'legacyContracts');
    if (contracts) {
      const source = new Map<string, Sum>();
      const refused = new Map<string, Sum>();
      const add = (m: Map<string, Sum>, key: string, amount: number) => {
        const s = m.get(key) ?? { n: 0, sum: 0 };
        s.n++;
        s.sum += amount;
        m.set(key, s);
      };
      const numbers: string[] = [];
      let unreadable = 0;
      for (const row of contracts.rows) {
        if (!row.values) {
          // A row whose cells could not be read has no trustworthy amount: counted on its own line.
          unreadable++;
          continue;
        }
        const key = `${row.values['fiscalYear']}|${row.values['category']}`;
        const amount = row.values['amount'] as number;
        add(source, key, amount);
        if (row.outcome === 'rejected') add(refused, key, amount);
        else numbers.push(row.values['contractNumber'] as string);
      }
      // A dry run reads the same figures from its transaction, before it is rolled back.
      const inDb = await this.importedSums(m, numbers);
      for (const key of [...new Set([...source.keys(), ...inDb.keys()])].sort()) {
        const [fy, category] = key.split('|');
        const s = source.get(key) ?? { n: 0, sum: 0 };
        const d = inDb.get(key) ?? { n: 0, sum: 0 };
        const r = refused.get(key) ?? { n: 0, sum: 0 };
        if (s.n !== d.n + r.n || s.sum !== d.sum + r.sum) reconciled = false;
        const row = sums.addRow([Number(fy), CATEGORY_NAMES[category] ?? category, s.n, s.sum, d.n, d.sum, r.n, r.sum, s.sum - d.sum - r.sum]);
        money(sums, row.number, [4, 6, 8, 9]);
      }
      const total = (m: Map<string, Sum>) => [...m.values()].reduce((a, b) => ({ n: a.n + b.n, sum: a.sum + b.sum }), { n: 0, sum: 0 });
      const [s, d, r] = [total(source), total(inDb), total(refused)];
      const row = sums.addRow(['合計', '', s.n, s.sum, d.n, d.sum, r.n, r.sum, s.sum - d.sum - r.sum]);
      row.font = { ...EXCEL_FONT, bold: true };
      money(sums, row.number, [4, 6, 8, 9]);
      if (unreadable) sums.addRow(['不明', '金額等を読めない行', unreadable, null, 0, null, unreadable, null, null]);
    }

    const rejected = sheet('取込不可の行', ['ファイル', '行', '列', '理由'], [26, 8, 18, 90]);
    const missing = sheet('参照先のない業者・案件', ['ファイル', '行', '列', '内容'], [26, 8, 18, 90]);
    const warnings = sheet('警告', ['ファイル', '行', '列', '内容'], [26, 8, 18, 90]);
    let missingCount = 0;
    for (const { file, report: r } of reports) {
      for (const e of r.errors) {
        rejected.addRow([file, e.line, e.header ?? '', e.message]);
        if (/登録されていません|がありません（/.test(e.message) && ['業者番号', '案件番号', '契約番号'].includes(e.header ?? '')) {
          missing.addRow([file, e.line, e.header, e.message]);
          missingCount++;
        }
      }
      for (const w of r.warnings) {
        warnings.addRow([file, w.line, w.header ?? '', w.message]);
        if (w.header === '案件番号' || w.header === '担当課コード') {
          missing.addRow([file, w.line, w.header, w.message]);
          missingCount++;
        }
      }
    }

    const read = reports.reduce((a, r) => a + r.report.counts.read, 0);
    const refusedRows = reports.reduce((a, r) => a + r.report.counts.rejected, 0);
    for (const [k, v] of [
      ['実行方法', run.dryRun ? '確認のみ（データベースは変更していません）' : '取込（正しい行のみ。取込不可の行は一覧のとおり）'],
      ['移行元フォルダ', resolve(run.dir)],
      ['実行日時', new Date(run.started).toISOString()],
      ['所要時間（秒）', Number(((Date.now() - run.started) / 1000).toFixed(1))],
      ['ファイル数', reports.length],
      ['読込行数', read],
      ['取込不可の行数', refusedRows],
      ['参照先のない業者・案件', missingCount],
      ['照合結果', reconciled ? '一致（移行元 = 取込 + 取込不可）' : '差異あり（年度別件数・年度別金額を確認してください）'],
      ['なかったファイル', run.missingFiles.join('、') || 'なし'],
      ['取り込めない種類（スキップ）', run.skippedFiles.join('、') || 'なし'],
    ] as Array<[string, string | number]>) {
      summary.addRow([k, v]);
    }
    return { workbook: wb, reconciled };
  }

  /** What the database holds for the contracts the source lists, per fiscal year and category. */
  private async importedSums(m: EntityManager, numbers: string[]): Promise<Map<string, Sum>> {
    const out = new Map<string, Sum>();
    // Under Oracle's 1,000-item IN limit.
    for (let i = 0; i < numbers.length; i += 900) {
      const rows = await m
        .getRepository(Contract)
        .createQueryBuilder('c')
        .select(['c.fiscalYear AS fy', 'c.category AS category', 'COUNT(*) AS n', 'SUM(c.originalAmount) AS total'])
        .where('c.contractNumber IN (:...numbers)', { numbers: numbers.slice(i, i + 900) })
        .groupBy('c.fiscalYear')
        .addGroupBy('c.category')
        .getRawMany();
      for (const r of rows) {
        const key = `${r.fy ?? r.FY}|${r.category ?? r.CATEGORY}`;
        const s = out.get(key) ?? { n: 0, sum: 0 };
        s.n += Number(r.n ?? r.N);
        s.sum += Number(r.total ?? r.TOTAL);
        out.set(key, s);
      }
    }
    return out;
  }
}
