import 'reflect-metadata';
import { backupRoot, BackupError, describePlan, listBackups, planRestore, restoreBackup, verifyBackup } from '@keiyaku/server/operations';
import { apiRunning, configOrExit, confirm, resolveBackup } from './cli-common';

const USAGE = `使い方: npm run restore -- <バックアップのフォルダーまたは名前|latest> [--dry-run] [--yes] [--force]
        npm run restore -- --list
        npm run restore -- --verify <バックアップ>
  --dry-run  何が変わるかを表示するだけで、何も変更しません
  --yes      確認の質問をしません（スクリプトから実行するとき）
  --force    APIが動いていても実行します（通常は先に停止してください）
  --env-file=<file>  環境変数ファイル（例: /etc/keiyaku/keiyaku.env）`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const [target] = args.filter((a) => !a.startsWith('--'));
  const config = configOrExit();
  if (!config) return;
  if (flags.has('--help')) return void console.log(USAGE);
  if (flags.has('--list')) {
    const all = await listBackups(backupRoot(config));
    console.log(`${backupRoot(config)}: ${all.length}件`);
    for (const b of all) console.log(`  ${b.name}`);
    return;
  }
  if (!target) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const dir = await resolveBackup(config, target);
  if (flags.has('--verify')) {
    const v = await verifyBackup(dir, config);
    console.log(v.ok ? `検証OK: ${dir}（${v.status === 'ok' ? '全表の件数と内容が一致' : '表の比較なし'}）` : `検証NG: ${dir}\n  ${v.problems.join('\n  ')}`);
    process.exitCode = v.ok ? 0 : 1;
    return;
  }
  const plan = await planRestore(dir, config);
  console.log(describePlan(plan));
  if (flags.has('--dry-run')) {
    console.log('\n（--dry-run: 何も変更していません）');
    return;
  }
  if (!flags.has('--force') && (await apiRunning(config))) {
    console.error(`\nAPI（ポート ${config.port}）が動いています。先に停止してください: sudo systemctl stop keiyaku-api`);
    process.exitCode = 1;
    return;
  }
  if (!flags.has('--yes') && !(await confirm('\n現在のデータベースと添付ファイルをこのバックアップの内容に置き換えます。よろしいですか？'))) {
    console.log('中止しました（確認なしで実行するには --yes）。');
    process.exitCode = 1;
    return;
  }
  const result = await restoreBackup(dir, config);
  for (const k of result.keptAside) console.log(`置き換え前のデータ: ${k}`);
  if (result.problems.length) {
    console.error(`復元後の確認で不一致があります:\n  ${result.problems.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log('復元しました。全表の件数と内容がバックアップと一致しています。APIを起動してください（未適用のマイグレーションは起動時に適用されます）。');
}

main().catch((e) => {
  console.error(e instanceof BackupError || (e instanceof Error && !e.stack?.includes('node_modules')) ? `keiyaku: ${e.message}` : e);
  process.exitCode = 1;
});
