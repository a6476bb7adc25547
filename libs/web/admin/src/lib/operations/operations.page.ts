import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { ColDef } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeCell, errorMessage, JobRow, KyDataGrid, KyJobProgress, startDownload, urlWithParams } from '@keiyaku/web/ui';
import { BACKUP_STATUS_LABELS, BackupRunRow, BackupSummary, formatBytes, MaintenanceWindowRow, VERIFY_STATUS_LABELS } from './operations.models';

const dateTime = (p: { value: string | null }) => formatJapaneseDateTime(p.value);

/** 管理 → 運用: backups (status, history, run now), maintenance windows, detailed health. */
@Component({
  selector: 'ky-operations-page',
  imports: [KyDataGrid, KyJobProgress, MatButtonModule, MatIconModule, MatTabsModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">運用</h1>
      <mat-tab-group animationDuration="0ms" class="tabs">
        <mat-tab label="バックアップ">
          <div class="tab">
            @if (summary(); as s) {
              @if (s.alert) {
                <div class="banner alert" role="alert"><mat-icon>error</mat-icon><span>{{ s.alert }}</span></div>
              }
              <dl class="facts" aria-label="バックアップの状況">
                <dt>最後の成功</dt>
                <dd data-test="last-success">{{ s.lastSuccess ? when(s.lastSuccess.finishedAt) + '（' + s.lastSuccess.name + '、' + size(s.lastSuccess.sizeBytes) + '）' : 'まだありません' }}</dd>
                <dt>最後の実行</dt>
                <dd>{{ s.last ? when(s.last.startedAt) + ' ' + statusLabel(s.last.status) + '・検証 ' + verifyLabel(s.last.verifyStatus) : '—' }}</dd>
                <dt>定時バックアップ</dt>
                <dd>{{ s.enabled ? '毎日 ' + s.time + '（次回 ' + when(s.nextScheduledAt) + '）' : '停止中（設定で有効にできます）' }}</dd>
                <dt>保存先</dt>
                <dd><code>{{ s.backupDir }}</code>（{{ s.stored.length }}件を保存）@if (s.storageProblem) { <span class="error">{{ s.storageProblem }}</span> }</dd>
              </dl>
            }
            <div class="row">
              @if (canBackup) {
                <button mat-flat-button type="button" [disabled]="!!jobId() || busy()" (click)="backupNow()"><mat-icon>backup</mat-icon>今すぐバックアップ</button>
              }
              @if (jobId(); as id) {
                <ky-job-progress class="job" [jobId]="id" (finished)="onBackupFinished($event)" />
              }
            </div>
            <ky-data-grid class="grid" endpoint="/api/ops/backups" gridId="admin.ops.backups" searchPlaceholder="バックアップ名・メッセージで検索" [columnDefs]="backupColumns" />
          </div>
        </mat-tab>
        <mat-tab label="メンテナンス">
          <div class="tab">
            @if (canMaintain) {
              <form class="window-form" [formGroup]="form" (ngSubmit)="schedule()" aria-label="メンテナンスの予定">
                <mat-form-field appearance="outline"><mat-label>開始日時</mat-label><input matInput type="datetime-local" formControlName="startsAt" required /></mat-form-field>
                <mat-form-field appearance="outline"><mat-label>終了日時</mat-label><input matInput type="datetime-local" formControlName="endsAt" required /></mat-form-field>
                <mat-form-field appearance="outline" class="message"><mat-label>お知らせ（全員に表示）</mat-label><input matInput formControlName="message" maxlength="500" required /></mat-form-field>
                <button mat-flat-button type="submit" [disabled]="form.invalid || busy()"><mat-icon>event</mat-icon>予定を登録</button>
              </form>
              <p class="hint">予定を登録すると、開始前から全員の画面にお知らせが表示されます。メンテナンス中はシステム管理者以外の登録・変更ができません（閲覧はできます）。</p>
            }
            @if (canRecord) {
              <div class="row">
                <mat-form-field appearance="outline"><mat-label>保守作業記録の対象月</mat-label><input matInput type="month" [formControl]="recordMonth" /></mat-form-field>
                <button mat-stroked-button type="button" [disabled]="!recordMonth.value" (click)="downloadRecord()"><mat-icon>download</mat-icon>保守作業記録（Excel）</button>
              </div>
            }
            <table class="windows" aria-label="メンテナンスの予定と履歴">
              <thead><tr><th>開始</th><th>終了</th><th>お知らせ</th><th>登録者</th><th>状態</th><th></th></tr></thead>
              <tbody>
                @for (w of windows(); track w.id) {
                  <tr>
                    <td>{{ when(w.startsAt) }}</td><td>{{ when(w.endsAt) }}</td><td>{{ w.message }}</td><td>{{ w.createdBy }}</td>
                    <td>{{ windowState(w) }}</td>
                    <td>
                      @if (canMaintain && !w.cancelledAt && !isOver(w)) {
                        <button mat-stroked-button type="button" (click)="cancel(w)">{{ isActive(w) ? '終了する' : '取り消す' }}</button>
                      }
                    </td>
                  </tr>
                } @empty {
                  <tr><td colspan="6">メンテナンスの予定はありません。</td></tr>
                }
              </tbody>
            </table>
          </div>
        </mat-tab>
        <mat-tab label="稼働状況">
          <div class="tab">
            <div class="row"><button mat-stroked-button type="button" (click)="loadHealth()"><mat-icon>refresh</mat-icon>再読込</button>
              <span class="hint">監視サーバー（Prometheus）は <code>/api/metrics</code> を取得します。</span></div>
            @if (health(); as h) {
              <dl class="facts" aria-label="稼働状況">
                <dt>状態</dt><dd [class.error]="h.status !== 'ok'">{{ h.status === 'ok' ? '正常' : '要確認: ' + h.problems.join(' ') }}</dd>
                <dt>バージョン</dt><dd>{{ h.version }}（Node {{ h.node }}、{{ h.environment === 'test' ? '検証環境' : '本番環境' }}）</dd>
                <dt>データベース</dt><dd>{{ h.database.type }}・{{ h.database.reachable ? '接続OK' : '接続できません' }}（応答 {{ h.database.latencyMs }} ms）</dd>
                <dt>稼働時間</dt><dd>{{ hours(h.uptimeSeconds) }}・メモリ {{ size(h.memory.rssBytes) }}</dd>
                <dt>ディスク（データ）</dt><dd>空き {{ size(h.disks.data.freeBytes) }} / {{ size(h.disks.data.totalBytes) }}</dd>
                <dt>ディスク（バックアップ）</dt><dd>空き {{ size(h.disks.backups.freeBytes) }} / {{ size(h.disks.backups.totalBytes) }}</dd>
                <dt>処理</dt><dd>実行中 {{ h.jobs.running }}・待機 {{ h.jobs.queued }}・24時間の失敗 {{ h.jobs.failedLastDay }}</dd>
                <dt>メール</dt><dd>送信待ち {{ h.mail.pending }}・失敗 {{ h.mail.failed }}{{ h.mail.smtp ? '' : '（SMTP未設定）' }}</dd>
              </dl>
            }
          </div>
        </mat-tab>
      </mat-tab-group>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .tabs { flex: 1; min-height: 0; }
    .tab { display: flex; flex-direction: column; gap: 12px; padding: 12px 0; height: calc(100vh - 170px); }
    .grid { flex: 1; min-height: 300px; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
    .facts dt { font-weight: 600; color: #555; }
    .facts dd { margin: 0; }
    .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .job { flex: 1; min-width: 320px; }
    .window-form { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
    .window-form .message { flex: 1; min-width: 320px; }
    .hint { color: #555; font-size: 13px; margin: 0; }
    .windows { border-collapse: collapse; width: 100%; }
    .windows th, .windows td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; }
    .banner { display: flex; gap: 8px; align-items: center; padding: 8px 12px; }
    .banner.alert { background: #fdecea; border-left: 4px solid #c62828; }
    .error { color: #c62828; }
  `,
})
export class OperationsPage {
  private readonly http = inject(HttpClient);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly grid = viewChild(KyDataGrid);

  readonly canBackup = this.auth.can('ops.backup');
  readonly canMaintain = this.auth.can('ops.maintenance');
  readonly canRecord = this.auth.can('ops.maintenance', 'admin.audit');
  /** The previous month (the review is monthly). */
  readonly recordMonth = new FormControl(new Date(new Date().getFullYear(), new Date().getMonth() - 1, 15).toISOString().slice(0, 7), { nonNullable: true });
  readonly summary = signal<BackupSummary | null>(null);
  readonly windows = signal<MaintenanceWindowRow[]>([]);
  readonly health = signal<any>(null);
  readonly jobId = signal<number | null>(null);
  readonly busy = signal(false);

  readonly form = new FormGroup({
    startsAt: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    endsAt: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    message: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
  });

  readonly backupColumns: ColDef<BackupRunRow>[] = [
    { field: 'startedAt', headerName: '開始日時', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 190, sort: 'desc' },
    { field: 'triggerKind', headerName: '契機', width: 90, valueFormatter: (p) => (p.value === 'scheduled' ? '定時' : '手動') },
    { field: 'status', headerName: '結果', width: 90, sortable: true, cellRenderer: (p: { data?: BackupRunRow }) => (p.data ? badgeCell(BACKUP_STATUS_LABELS[p.data.status], p.data.status === 'succeeded' ? 'ok' : 'error') : '') },
    {
      field: 'verifyStatus', headerName: '検証', width: 100, sortable: true,
      cellRenderer: (p: { data?: BackupRunRow }) => (p.data ? badgeCell(VERIFY_STATUS_LABELS[p.data.verifyStatus], p.data.verifyStatus === 'ok' ? 'ok' : p.data.verifyStatus === 'failed' ? 'error' : 'neutral') : ''),
    },
    { field: 'name', headerName: 'バックアップ', width: 220, sortable: true },
    { field: 'sizeBytes', headerName: 'サイズ', width: 110, type: 'rightAligned', valueFormatter: (p) => formatBytes(p.value) },
    { field: 'rowCount', headerName: '行数', width: 110, type: 'rightAligned', valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : Number(p.value).toLocaleString('ja-JP')) },
    { field: 'fileCount', headerName: '添付', width: 90, type: 'rightAligned' },
    { field: 'pruned', headerName: '整理', width: 80, type: 'rightAligned', headerTooltip: '保存期間を過ぎて削除したバックアップの数' },
    { field: 'message', headerName: 'メッセージ', flex: 1, minWidth: 260, tooltipField: 'message' },
    { field: 'loginId', headerName: '実行者', width: 110 },
  ];

  constructor() {
    this.loadSummary();
    this.loadWindows();
    this.loadHealth();
  }

  when(value: string | null | undefined): string {
    return value ? formatJapaneseDateTime(value) : '';
  }
  size = formatBytes;
  statusLabel = (s: string) => BACKUP_STATUS_LABELS[s] ?? s;
  verifyLabel = (s: string) => VERIFY_STATUS_LABELS[s] ?? s;
  hours = (s: number) => (s >= 86400 ? `${Math.floor(s / 86400)}日 ${Math.floor((s % 86400) / 3600)}時間` : `${Math.floor(s / 3600)}時間 ${Math.floor((s % 3600) / 60)}分`);
  isActive = (w: MaintenanceWindowRow) => !w.cancelledAt && new Date(w.startsAt) <= new Date() && new Date(w.endsAt) > new Date();
  isOver = (w: MaintenanceWindowRow) => new Date(w.endsAt) <= new Date();
  windowState(w: MaintenanceWindowRow): string {
    if (w.cancelledAt) return `取消・終了（${this.when(w.cancelledAt)}）`;
    if (this.isOver(w)) return '終了';
    return this.isActive(w) ? 'メンテナンス中' : '予定';
  }

  loadSummary(): void {
    this.http.get<BackupSummary>('/api/ops/backups/summary').subscribe((s) => this.summary.set(s));
  }
  loadWindows(): void {
    this.http.get<MaintenanceWindowRow[]>('/api/ops/maintenance-windows').subscribe((w) => this.windows.set(w));
  }
  loadHealth(): void {
    this.http.get('/api/ops/health').subscribe((h) => this.health.set(h));
  }

  async backupNow(): Promise<void> {
    this.busy.set(true);
    try {
      const job = await firstValueFrom(this.http.post<JobRow>('/api/ops/backups', {}));
      this.jobId.set(job.id);
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    } finally {
      this.busy.set(false);
    }
  }

  onBackupFinished(job: JobRow): void {
    this.snack.open(job.message ?? 'バックアップが終わりました。', '閉じる', { duration: 6000 });
    this.jobId.set(null);
    this.loadSummary();
    this.grid()?.refresh();
  }

  downloadRecord(): void {
    startDownload(urlWithParams('/api/ops/maintenance-record', { month: this.recordMonth.value }), (m) => this.snack.open(m, '閉じる', { duration: 6000 }));
  }

  async schedule(): Promise<void> {
    const v = this.form.getRawValue();
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.http.post('/api/ops/maintenance-windows', { startsAt: new Date(v.startsAt).toISOString(), endsAt: new Date(v.endsAt).toISOString(), message: v.message }),
      );
      this.snack.open('メンテナンスの予定を登録しました。全員の画面にお知らせが表示されます。', '閉じる', { duration: 5000 });
      this.form.reset();
      this.loadWindows();
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    } finally {
      this.busy.set(false);
    }
  }

  async cancel(w: MaintenanceWindowRow): Promise<void> {
    try {
      await firstValueFrom(this.http.post(`/api/ops/maintenance-windows/${w.id}/cancel`, {}));
      this.loadWindows();
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    }
  }
}
