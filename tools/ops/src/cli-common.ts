import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { AppConfig, ConfigError, loadConfig } from '@keiyaku/server/core';
import { backupRoot, listBackups } from '@keiyaku/server/operations';

export function configOrExit(): AppConfig | null {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`keiyaku: ${e.message}`);
      process.exitCode = 1;
      return null;
    }
    throw e;
  }
}

/** A backup folder given as a path or as a name under BACKUP_DIR; `latest` is the newest. */
export async function resolveBackup(config: AppConfig, arg: string): Promise<string> {
  if (arg === 'latest') {
    const [newest] = await listBackups(backupRoot(config));
    if (!newest) throw new Error(`${backupRoot(config)} にバックアップがありません。`);
    return join(backupRoot(config), newest.name);
  }
  const candidates = [isAbsolute(arg) ? arg : resolve(arg), join(backupRoot(config), arg)];
  const found = candidates.find((c) => existsSync(join(c, 'manifest.json')));
  if (!found) throw new Error(`バックアップ「${arg}」が見つかりません（manifest.json のあるフォルダーを指定してください）。`);
  return found;
}

/** Refuses to work under a running API (it holds the database open). */
export async function apiRunning(config: AppConfig): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${config.port}/api/health`, { signal: AbortSignal.timeout(1500) });
    return res.ok || res.status === 503;
  } catch {
    return false;
  }
}

export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} (yes/no) `)).trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
