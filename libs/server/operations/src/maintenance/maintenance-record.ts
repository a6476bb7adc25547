import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Workbook } from 'exceljs';
import { Between, DataSource, In, LessThan, MoreThan } from 'typeorm';
import { a4SheetOptions, badRequest, columnStyle, ColumnType, EXCEL_FONT, excelValue, SettingsService, sheetName, styleHeaderRow } from '@keiyaku/server/core';
import { AuditLog } from '@keiyaku/server/audit';
import { User } from '@keiyaku/server/auth';
import { BackupRun, MaintenanceWindow } from '../entities';

const ACTIONS: Record<string, string> = { create: '登録', update: '変更', delete: '削除', login: 'ログイン', logout: 'ログアウト', loginFailed: 'ログイン失敗', export: '出力', print: '印刷' };
/** Records that are system administration whoever changes them. */
const ADMIN_ENTITIES = ['Setting', 'User', 'Department', 'MaintenanceWindow', 'RankingRule', 'PriceRuleSet'];

interface Col<R> {
  header: string;
  width: number;
  type?: ColumnType;
  value: (r: R) => unknown;
}

/** 'YYYY-MM' → the month's bounds in Japan time (as UTC instants); the previous month by default. */
export function monthRange(month: string | undefined, now = new Date()): { label: string; ym: string; from: Date; to: Date } {
  let y: number;
  let m: number;
  if (month === undefined || month === '') {
    const j = new Date(now.getTime() + 9 * 3600_000);
    y = j.getUTCFullYear();
    // This month's 0-based index is the previous month's 1-based number.
    m = j.getUTCMonth();
    if (m === 0) {
      y -= 1;
      m = 12;
    }
  } else {
    const match = /^(\d{4})-(\d{2})$/.exec(month);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw badRequest('month', '対象月（month）は「2026-11」の形式で指定してください。');
    y = Number(match[1]);
    m = Number(match[2]);
  }
  const from = new Date(Date.UTC(y, m - 1, 1) - 9 * 3600_000);
  const to = new Date(Date.UTC(y, m, 1) - 9 * 3600_000);
  return { label: `${y}年${m}月`, ym: `${y}${String(m).padStart(2, '0')}`, from, to };
}

/**
 * 保守作業記録: for the city's monthly review of remote and on-site maintenance — every action of
 * administrators and operators (sign-ins included) and every change to system settings from the
 * audit trail, the backups and the maintenance windows of the month.
 */
@Injectable()
export class MaintenanceRecordService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async workbook(month?: string): Promise<{ buffer: Buffer; fileName: string }> {
    const { label, ym, from, to } = monthRange(month);
    const users = await this.dataSource.getRepository(User).find();
    const staff = users.filter((u) => u.roles.some((r) => r === 'admin' || r === 'operator'));
    const nameOf = new Map(users.map((u) => [u.loginId, u.name]));
    const audit = this.dataSource.getRepository(AuditLog);
    const inMonth = { occurredAt: Between(from, new Date(to.getTime() - 1)) };
    const rows = [
      ...(staff.length ? await audit.find({ where: { ...inMonth, loginId: In(staff.map((u) => u.loginId)) } }) : []),
      ...(await audit.find({ where: { ...inMonth, entity: In(ADMIN_ENTITIES), action: In(['create', 'update', 'delete']) } })),
    ];
    const unique = [...new Map(rows.map((r) => [r.id, r])).values()].sort((a, b) => a.seq - b.seq);
    const backups = await this.dataSource.getRepository(BackupRun).find({ where: { startedAt: Between(from, new Date(to.getTime() - 1)) }, order: { id: 'ASC' } });
    const windows = await this.dataSource.getRepository(MaintenanceWindow).find({ where: { startsAt: LessThan(to), endsAt: MoreThan(from) }, order: { startsAt: 'ASC' } });
    const org = await this.settings.get<string>('org.name');

    const wb = new Workbook();
    wb.creator = 'keiyaku';
    this.sheet(wb, `保守作業記録（${label}）`, `${org}\u3000対象: ${label}\u3000管理者・運用担当の操作と設定の変更（操作ログより）`, unique, [
      { header: '日時', width: 18, type: 'datetime', value: (r) => r.occurredAt },
      { header: '作業者', width: 12, value: (r) => r.loginId },
      { header: '氏名', width: 14, value: (r) => (r.loginId ? nameOf.get(r.loginId) : null) },
      { header: '接続元', width: 14, value: (r) => r.ip },
      { header: '操作', width: 10, value: (r) => ACTIONS[r.action] ?? r.action },
      { header: '対象', width: 16, value: (r) => r.entity },
      { header: '対象ID', width: 8, value: (r) => r.entityId },
      { header: '内容', width: 50, value: (r) => r.summary },
    ]);
    this.sheet(wb, 'バックアップ', `${label}のバックアップと検証`, backups, [
      { header: '開始', width: 18, type: 'datetime', value: (b) => b.startedAt },
      { header: '終了', width: 18, type: 'datetime', value: (b) => b.finishedAt },
      { header: '契機', width: 8, value: (b) => (b.triggerKind === 'scheduled' ? '定時' : '手動') },
      { header: '結果', width: 8, value: (b) => (b.status === 'succeeded' ? '成功' : '失敗') },
      { header: '検証', width: 8, value: (b) => ({ ok: '一致', failed: '不一致', skipped: '未検証' })[b.verifyStatus] },
      { header: 'バックアップ', width: 26, value: (b) => b.name },
      { header: '実行者', width: 12, value: (b) => b.loginId },
      { header: 'メッセージ', width: 50, value: (b) => b.message },
    ]);
    this.sheet(wb, 'メンテナンス', `${label}にかかるメンテナンス`, windows, [
      { header: '開始', width: 18, type: 'datetime', value: (w) => w.startsAt },
      { header: '終了', width: 18, type: 'datetime', value: (w) => w.endsAt },
      { header: '取消・早期終了', width: 18, type: 'datetime', value: (w) => w.cancelledAt },
      { header: '登録者', width: 12, value: (w) => w.createdBy },
      { header: 'お知らせ', width: 60, value: (w) => w.message },
    ]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return { buffer, fileName: `保守作業記録_${ym}.xlsx` };
  }

  private sheet<R>(wb: Workbook, title: string, subtitle: string, rows: R[], cols: Col<R>[]): void {
    const ws = wb.addWorksheet(sheetName(title), a4SheetOptions({ orientation: 'landscape', printTitlesRow: '3:3', frozenRows: 3 }));
    ws.columns = cols.map((c) => ({ width: c.width, style: columnStyle(c.type) }));
    ws.getCell(1, 1).value = title;
    ws.getCell(1, 1).font = { ...EXCEL_FONT, size: 14, bold: true };
    ws.getCell(2, 1).value = subtitle;
    ws.getCell(2, 1).font = { ...EXCEL_FONT, size: 9 };
    const header = ws.getRow(3);
    cols.forEach((c, i) => (header.getCell(i + 1).value = c.header));
    styleHeaderRow(header, cols.length);
    for (const r of rows) ws.addRow(cols.map((c) => excelValue(c.value(r), c.type)));
    if (!rows.length) ws.addRow(['該当はありません。']);
  }
}
