import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { DataSource } from 'typeorm';
import { DEFAULT_IMPORT_PROFILES, IMPORT_KIND_LABELS, ImportKind } from '@keiyaku/domain';
import { Contract } from '@keiyaku/server/contracts';
import { EXCEL_FONT } from '@keiyaku/server/core';
import { ImportReport, ImportsService } from './imports.service';

/** The legacy files in the order their references need (vendors before the contracts that name them). */
export const LEGACY_FILES: Array<{ file: string; kind: ImportKind }> = [
  { file: 'vendors.csv', kind: 'legacyVendors' },
  { file: 'contracts.csv', kind: 'legacyContracts' },
  { file: 'contract_changes.csv', kind: 'legacyContractChanges' },
];

const CATEGORY_NAMES: Record<string, string> = { construction: '建設工事', survey: '測量・建設コンサルタント等', goods: '物品・役務' };

export interface MigrationResult {
  checklist: string;
  reports: Array<{ file: string; report: ImportReport }>;
  reconciled: boolean;
  seconds: number;
}

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
  ) {}

  async migrate(dir: string, log: (line: string) => void = (l) => this.logger.log(l)): Promise<MigrationResult> {
    const started = Date.now();
    const reports: MigrationResult['reports'] = [];
    const sources = new Map<string, Buffer>();
    for (const { file, kind } of LEGACY_FILES) {
      const path = join(dir, file);
      if (!existsSync(path)) {
        log(`${file}: ありません（スキップ）`);
        continue;
      }
      const data = readFileSync(path);
      sources.set(file, data);
      const t = Date.now();
      const report = await this.imports.run({ kind, data, fileName: file, mode: 'goodRows' }, { id: null, loginId: 'migrate-legacy' });
      reports.push({ file, report });
      log(`${file}: ${report.message}（${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
    }
    const { workbook, reconciled } = await this.checklist(reports, sources.get('contracts.csv'));
    const checklist = join(dir, '移行チェックリスト.xlsx');
    writeFileSync(checklist, Buffer.from(await workbook.xlsx.writeBuffer()));
    const seconds = (Date.now() - started) / 1000;
    log(`移行チェックリスト: ${checklist}（${reconciled ? '金額は一致' : '金額に差異あり'}、${seconds.toFixed(1)} 秒）`);
    return { checklist, reports, reconciled, seconds };
  }

  private async checklist(reports: MigrationResult['reports'], contractsFile: Buffer | undefined) {
    const wb = new Workbook();
    const sheet = (name: string, headers: string[], widths: number[]) => {
      const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
      ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
      ws.getRow(1).font = { ...EXCEL_FONT, bold: true };
      return ws;
    };

    const counts = sheet('件数', ['ファイル', '種類', '読込行数', '追加', '更新', '変更なし', '取込不可', '警告'], [26, 34, 10, 10, 10, 10, 10, 10]);
    for (const { file, report: r } of reports) {
      counts.addRow([file, IMPORT_KIND_LABELS[r.kind], r.counts.read, r.counts.create, r.counts.update, r.counts.unchanged, r.counts.rejected, r.counts.warnings]);
    }

    // Source against database, per fiscal year and category, for the contracts the source lists.
    const sums = sheet('年度別金額', ['年度', '部門', '移行元 件数', '移行元 金額', '取込済 件数', '取込済 金額', '取込不可 件数', '取込不可 金額', '差（移行元−取込済−取込不可）'], [8, 26, 12, 18, 12, 18, 12, 18, 16]);
    let reconciled = true;
    if (contractsFile) {
      const profile = DEFAULT_IMPORT_PROFILES.find((p) => p.kind === 'legacyContracts')!.definition;
      const parsed = this.imports.parse(contractsFile, profile, 'auto');
      const source = new Map<string, { n: number; sum: number }>();
      const refused = new Map<string, { n: number; sum: number }>();
      const rejectedLines = new Set(reports.find((r) => r.file === 'contracts.csv')?.report.errors.map((e) => e.line) ?? []);
      const numbers: string[] = [];
      const add = (m: Map<string, { n: number; sum: number }>, key: string, amount: number) => {
        const s = m.get(key) ?? { n: 0, sum: 0 };
        s.n++;
        s.sum += amount;
        m.set(key, s);
      };
      for (const row of parsed.parsed) {
        const key = `${row.values['fiscalYear']}|${row.values['category']}`;
        add(source, key, row.values['amount'] as number);
        if (rejectedLines.has(row.line)) add(refused, key, row.values['amount'] as number);
        else numbers.push(row.values['contractNumber'] as string);
      }
      const imported = new Map<string, { n: number; sum: number }>();
      for (let i = 0; i < numbers.length; i += 900) {
        const rows = await this.dataSource
          .getRepository(Contract)
          .createQueryBuilder('c')
          .select(['c.fiscalYear AS fy', 'c.category AS category', 'COUNT(*) AS n', 'SUM(c.originalAmount) AS total'])
          .where('c.contractNumber IN (:...numbers)', { numbers: numbers.slice(i, i + 900) })
          .groupBy('c.fiscalYear')
          .addGroupBy('c.category')
          .getRawMany();
        for (const r of rows) {
          const key = `${r.fy ?? r.FY}|${r.category ?? r.CATEGORY}`;
          const s = imported.get(key) ?? { n: 0, sum: 0 };
          s.n += Number(r.n ?? r.N);
          s.sum += Number(r.total ?? r.TOTAL);
          imported.set(key, s);
        }
      }
      for (const key of [...new Set([...source.keys(), ...imported.keys()])].sort()) {
        const [fy, category] = key.split('|');
        const s = source.get(key) ?? { n: 0, sum: 0 };
        const d = imported.get(key) ?? { n: 0, sum: 0 };
        const r = refused.get(key) ?? { n: 0, sum: 0 };
        // Every source row is either in the database or listed as refused, amounts to the yen.
        if (s.n !== d.n + r.n || s.sum !== d.sum + r.sum) reconciled = false;
        const row = sums.addRow([Number(fy), CATEGORY_NAMES[category] ?? category, s.n, s.sum, d.n, d.sum, r.n, r.sum, s.sum - d.sum - r.sum]);
        for (const c of [4, 6, 8, 9]) row.getCell(c).numFmt = '#,##0';
      }
    }

    const rejected = sheet('取込不可の行', ['ファイル', '行', '列', '理由'], [26, 8, 18, 90]);
    const missing = sheet('参照先のない業者・案件', ['ファイル', '行', '列', '内容'], [26, 8, 18, 90]);
    for (const { file, report: r } of reports) {
      for (const e of r.errors) {
        rejected.addRow([file, e.line, e.header ?? '', e.message]);
        if (e.header === '業者番号' || e.header === '案件番号' || e.header === '契約番号') missing.addRow([file, e.line, e.header, e.message]);
      }
      for (const w of r.warnings) if (w.header === '案件番号' || w.header === '担当課コード') missing.addRow([file, w.line, w.header, w.message]);
    }
    return { workbook: wb, reconciled };
  }
}
