import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import {
  badgeCell,
  GridPage,
  GridParams,
  isJobActive,
  JOB_STATUS_TONES,
  jobDownloadUrl,
  JobRow,
  jobStatusLabel,
  KyDataGrid,
  KyJobProgress,
  startDownload,
} from '@keiyaku/web/ui';

/** While a listed job is still running the list refreshes itself this often. */
const REFRESH_MS = 3000;
const dateTime = (p: { value: string | null }) => formatJapaneseDateTime(p.value);

/**
 * 処理状況: the signed-in user's long-running jobs (exports, imports, verifications) from the
 * server, so they are found again after a reload or on another day; results download from here.
 */
@Component({
  selector: 'ky-jobs-page',
  imports: [KyDataGrid, KyJobProgress, MatButtonModule, MatIconModule, MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">処理状況</h1>
      <p class="lead">時間のかかる処理（一括出力・取込・検証など）の進み具合と結果です。画面を閉じても処理は続きます。</p>
      @if (selectedId(); as id) {
        <ky-job-progress class="detail" [jobId]="id" (finished)="onFinished($event)" />
      }
      <ky-data-grid
        endpoint="/api/jobs"
        gridId="jobs"
        searchPlaceholder="処理名で検索"
        [columnDefs]="columns()"
        [params]="params()"
        (pageLoaded)="onPage($event)"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="download($event)"
      >
        <div kyGridActions class="actions">
          <button mat-stroked-button type="button" [disabled]="!canDownload()" (click)="download(selected()!)"><mat-icon>download</mat-icon>ダウンロード</button>
          @if (mayAll) {
            <mat-slide-toggle [checked]="all()" (change)="all.set($event.checked)">全員分を表示</mat-slide-toggle>
          }
        </div>
      </ky-data-grid>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .lead { margin: 0 0 8px; color: var(--mat-sys-on-surface-variant); }
    .detail { display: block; margin-bottom: 8px; max-width: 720px; }
    .actions { display: flex; gap: 12px; align-items: center; }
  `,
})
export class JobsPage {
  private readonly auth = inject(AuthService);
  readonly grid = viewChild.required(KyDataGrid);

  /** Administrators and operators may look at everyone's jobs (the server checks the same). */
  readonly mayAll = this.auth.can('admin.audit', 'ops.monitor');
  readonly all = signal(false);
  readonly params = computed<GridParams>(() => ({ all: this.all() ? 'true' : null }));
  readonly selected = signal<JobRow | null>(null);
  readonly selectedId = computed(() => this.selected()?.id ?? null);
  readonly canDownload = computed(() => {
    const job = this.selected();
    return !!job?.resultFileId && job.status === 'succeeded';
  });
  readonly error = signal<string | null>(null);
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  readonly columns = computed<ColDef<JobRow>[]>(() => [
    { field: 'id', headerName: '番号', sortable: true, filter: 'agNumberColumnFilter', width: 90, type: 'rightAligned' },
    { field: 'title', headerName: '処理', sortable: true, filter: 'agTextColumnFilter', width: 220, tooltipField: 'title' },
    {
      field: 'status',
      headerName: '状態',
      sortable: true,
      width: 100,
      cellRenderer: (p: { data?: JobRow }) => (p.data ? badgeCell(jobStatusLabel(p.data.status), JOB_STATUS_TONES[p.data.status] ?? 'neutral') : ''),
    },
    { field: 'progress', headerName: '進捗', width: 80, type: 'rightAligned', valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : `${Math.floor(p.value)}%`) },
    { field: 'message', headerName: 'メッセージ', flex: 1, minWidth: 240, tooltipField: 'message' },
    { colId: 'file', headerName: '結果', width: 90, valueGetter: (p) => (p.data?.resultFileId ? 'ファイル' : '') },
    ...(this.all() ? [{ field: 'loginId', headerName: '実行者', sortable: true, filter: 'agTextColumnFilter', width: 120 } as ColDef<JobRow>] : []),
    // Newest first.
    { field: 'createdAt', headerName: '登録日時', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 180, sort: 'desc' },
    { field: 'finishedAt', headerName: '終了日時', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 180 },
  ]);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.refreshTimer));
  }

  /** Keeps the statuses current while something is still queued or running. */
  onPage(page: GridPage<JobRow>): void {
    clearTimeout(this.refreshTimer);
    const sel = this.selected();
    const fresh = sel && page.rows.find((r) => r.id === sel.id);
    if (fresh) this.selected.set(fresh);
    if (page.rows.some((r) => isJobActive(r))) this.refreshTimer = setTimeout(() => this.grid().refresh(), REFRESH_MS);
  }

  /** A job listed as running has ended: show its final state in the list too. */
  onFinished(job: JobRow): void {
    const listed = this.selected();
    if (listed?.id === job.id && isJobActive(listed)) this.grid().refresh();
  }

  download(job: JobRow): void {
    if (!job.resultFileId || job.status !== 'succeeded') return;
    this.error.set(null);
    startDownload(jobDownloadUrl(job.id), (message) => this.error.set(message));
  }
}
