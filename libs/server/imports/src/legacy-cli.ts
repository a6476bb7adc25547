import type { INestApplicationContext } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { LegacyMigrationService, LEGACY_FILES, MigrationResult } from './legacy-migration';

export const MIGRATE_LEGACY_USAGE = `使い方: npm run migrate-legacy -- --dir <フォルダ> [--dry-run] [--out <チェックリスト.xlsx>]
  --dir      現行システムの CSV があるフォルダ（${LEGACY_FILES.map((f) => f.file).join(', ')}）
  --dry-run  確認のみ（データベースは変更せず、チェックリストだけを書く）
  --out      チェックリストの保存先（既定: フォルダ内の 移行チェックリスト.xlsx）
  --report   結果の件数・所要時間を JSON でも書く（ベンチマーク・運用の記録用）`;

export interface MigrateLegacyArgs {
  dir: string;
  dryRun: boolean;
  out?: string;
  report?: string;
}

/** `--dir <folder> [--dry-run] [--out <file>]`, or the problem in Japanese. */
export function parseMigrateLegacyArgs(argv: string[]): MigrateLegacyArgs | { problem: string } {
  let dir: string | undefined;
  let out: string | undefined;
  let report: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--dir') dir = value();
    else if (flag === '--out') out = value();
    else if (flag === '--report') report = value();
    else if (flag === '--dry-run') dryRun = true;
    else return { problem: `「${a}」は指定できません。` };
  }
  if (!dir) return { problem: '--dir でフォルダを指定してください。' };
  return { dir, dryRun, out, report };
}

/**
 * The migrate-legacy command on a started application (the API's `migrate-legacy` subcommand
 * and the tests call this): runs the folder and prints what happened. Returns the exit code:
 * 0 when the checklist reconciles, 2 when it does not, 1 on bad arguments or a failure.
 */
export async function runMigrateLegacy(app: INestApplicationContext, argv: string[], print: (line: string) => void = console.log): Promise<{ code: number; result?: MigrationResult }> {
  const args = parseMigrateLegacyArgs(argv);
  if ('problem' in args) {
    print(`keiyaku migrate-legacy: ${args.problem}`);
    print(MIGRATE_LEGACY_USAGE);
    return { code: 1 };
  }
  try {
    const cpu = process.cpuUsage();
    const result = await app.get(LegacyMigrationService).migrate(args.dir, { dryRun: args.dryRun, out: args.out, log: print });
    const used = process.cpuUsage(cpu);
    const rejected = result.reports.reduce((a, r) => a + r.report.counts.rejected, 0);
    print(
      `keiyaku migrate-legacy: ${result.dryRun ? '確認のみ' : '取込'} ${result.reports.length}ファイル、取込不可 ${rejected}行、` +
        `${result.reconciled ? '照合一致' : '照合に差異あり'}、${result.seconds.toFixed(1)} 秒 → ${result.checklist}`,
    );
    if (args.report) {
      const files = result.reports.map((r) => ({ file: r.file, kind: r.report.kind, seconds: r.seconds, counts: r.report.counts }));
      writeFileSync(args.report, JSON.stringify({ dryRun: result.dryRun, seconds: result.seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024, reconciled: result.reconciled, checklist: result.checklist, missingFiles: result.missingFiles, skippedFiles: result.skippedFiles, files }, null, 2));
    }
    return { code: result.reconciled ? 0 : 2, result };
  } catch (e) {
    print(`keiyaku migrate-legacy: ${(e as Error).message}`);
    return { code: 1 };
  }
}
