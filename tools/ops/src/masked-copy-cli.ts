import 'reflect-metadata';
import { BackupError, describePlan, maskedCopy, planRestore } from '@keiyaku/server/operations';
import { apiRunning, configOrExit, confirm, resolveBackup } from './cli-common';

const USAGE = `使い方: node tools/ops/masked-copy.mjs --env-file=<検証環境の環境変数ファイル> <本番のバックアップ> [--with-files] [--yes]
  検証環境（APP_ENVIRONMENT=test）のデータベースを、本番のバックアップの内容で置き換え、
  職員・業者の氏名・電話番号・メールアドレスをマスキングします。操作ログ・セッション・送信メールはコピーしません。
  --with-files  添付ファイルもコピーします（既定ではコピーしません。個人情報を含むことがあります）
  --yes         確認の質問をしません`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const [target] = args.filter((a) => !a.startsWith('--'));
  const config = configOrExit();
  if (!config) return;
  if (!target || flags.has('--help')) {
    console.log(USAGE);
    process.exitCode = target ? 0 : 2;
    return;
  }
  if (config.appEnvironment !== 'test') {
    console.error('keiyaku: コピー先が検証環境ではありません（APP_ENVIRONMENT=test の環境変数ファイルを --env-file で指定してください）。');
    process.exitCode = 1;
    return;
  }
  const dir = await resolveBackup(config, target);
  console.log(describePlan(await planRestore(dir, config)));
  if (await apiRunning(config)) {
    console.error(`\n検証環境のAPI（ポート ${config.port}）が動いています。先に停止してください。`);
    process.exitCode = 1;
    return;
  }
  if (!flags.has('--yes') && !(await confirm('\n検証環境のデータをマスキングした本番データで置き換えます。よろしいですか？'))) {
    console.log('中止しました。');
    process.exitCode = 1;
    return;
  }
  const result = await maskedCopy(dir, config, { withFiles: flags.has('--with-files') });
  if (result.restore.problems.length) {
    console.error(`復元後の確認で不一致があります:\n  ${result.restore.problems.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`コピーしました。マスキング ${result.mask.maskedValues}件、文中の置換 ${result.mask.rewrittenCells}件、空にした表: ${result.mask.emptiedTables.join(', ')}`);
}

main().catch((e) => {
  console.error(e instanceof BackupError ? `keiyaku: ${e.message}` : e);
  process.exitCode = 1;
});
