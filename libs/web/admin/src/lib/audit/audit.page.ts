import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { ColDef } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDateTime, ListResult } from '@keiyaku/domain';
import { errorMessage, GridParams, isJobActive, JobRow, KyDataGrid, KyJobProgress } from '@keiyaku/web/ui';
import { ACTION_LABELS, actionLabel, AuditRow, VerifyResult } from '../models';
import { AuditDetailDialog } from './audit-detail.dialog';

const VERIFY_JOB_KIND = 'audit.verify';

@Component({
  selector: 'ky-audit-page',
  imports: [KyDataGrid, KyJobProgress, FormsModule, MatButtonModule, MatIconModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">操作ログ</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>期間（開始）</mat-label>
          <input matInput type="date" [ngModel]="from()" (ngModelChange)="from.set($event)" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>期間（終了）</mat-label>
          <input matInput type="date" [ngModel]="to()" (ngModelChange)="to.set($event)" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>操作</mat-label>
          <mat-select [ngModel]="action()" (ngModelChange)="action.set($event)">
            <mat-option value="">すべて</mat-option>
            @for (a of actions; track a.value) {
              <mat-option [value]="a.value">{{ a.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <span class="spacer"></span>
        <button mat-stroked-button type="button" (click)="verify()" [disabled]="verifying()">
          <mat-icon>verified</mat-icon>改ざん検証
        </button>
        @if (starting()) {
          <mat-spinner diameter="20" />
        }
      </div>
      @if (verifyJobId(); as id) {
        <ky-job-progress class="verify-job" [jobId]="id" (finished)="onVerified($event)" />
      }
      @if (verifyMessage(); as m) {
        <p class="verify" [class.ok]="m.ok" [class.ng]="!m.ok" role="alert">{{ m.text }}</p>
      }
      <ky-data-grid
        endpoint="/api/audit"
        gridId="admin.audit"
        searchPlaceholder="ユーザー・操作・対象・要約で検索"
        [columnDefs]="columns"
        [params]="params()"
        (rowDoubleClicked)="open($event)"
      />
      <p class="hint">行をダブルクリックすると、変更前・変更後の内容を表示します。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
    .spacer { flex: 1; }
    .verify-job { display: block; margin-bottom: 8px; max-width: 720px; }
    .verify { margin: 0 0 8px; padding: 8px 12px; border-radius: 4px; }
    .verify.ok { background: #e6f4ea; color: #1e4620; }
    .verify.ng { background: #fce8e6; color: #8c1d18; font-weight: 600; }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AuditPage implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialog);

  readonly actions = Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }));
  readonly from = signal('');
  readonly to = signal('');
  readonly action = signal('');
  readonly params = computed<GridParams>(() => ({ from: this.from(), to: this.to(), action: this.action() }));

  /** The verification runs as a server job (a long chain takes a while); this follows it. */
  readonly verifyJobId = signal<number | null>(null);
  readonly starting = signal(false);
  private readonly running = signal(false);
  readonly verifying = computed(() => this.starting() || this.running());
  readonly verifyMessage = signal<{ ok: boolean; text: string } | null>(null);

  readonly columns: ColDef<AuditRow>[] = [
    { field: 'seq', headerName: '番号', sortable: true, filter: 'agNumberColumnFilter', width: 90, type: 'rightAligned' },
    { field: 'occurredAt', headerName: '日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, filter: 'agDateColumnFilter', width: 190, sort: 'desc' },
    { field: 'loginId', headerName: 'ユーザー', sortable: true, filter: 'agTextColumnFilter', width: 130 },
    { colId: 'action', headerName: '操作', valueGetter: (p) => actionLabel(p.data?.action), sortable: true, width: 120 },
    { field: 'entity', headerName: '対象', sortable: true, filter: 'agTextColumnFilter', width: 140 },
    { field: 'entityId', headerName: 'ID', sortable: true, filter: 'agTextColumnFilter', width: 90 },
    { field: 'summary', headerName: '要約', filter: 'agTextColumnFilter', flex: 1, minWidth: 240, tooltipField: 'summary' },
  ];

  open(row: AuditRow): void {
    this.dialog.open(AuditDetailDialog, { data: row, width: '1000px', maxWidth: '95vw' });
  }

  /** A verification still running (started before a reload) is shown again. */
  async ngOnInit(): Promise<void> {
    const filter = JSON.stringify({ kind: { filterType: 'text', type: 'equals', filter: VERIFY_JOB_KIND } });
    try {
      const res = await firstValueFrom(this.http.get<ListResult<JobRow>>('/api/jobs', { params: { limit: 1, sort: 'id:desc', filter } }));
      const last = res.rows[0];
      if (last && isJobActive(last) && this.verifyJobId() === null) {
        this.running.set(true);
        this.verifyJobId.set(last.id);
      }
    } catch {
      // Only a convenience: the button still starts a new verification.
    }
  }

  async verify(): Promise<void> {
    this.starting.set(true);
    this.verifyMessage.set(null);
    try {
      const job = await firstValueFrom(this.http.post<JobRow>('/api/audit/verify-jobs', {}));
      this.running.set(isJobActive(job));
      this.verifyJobId.set(job.id);
    } catch (err) {
      this.verifyMessage.set({ ok: false, text: errorMessage(err) });
    } finally {
      this.starting.set(false);
    }
  }

  /** The job's own message says the outcome; a broken chain is repeated in red, with where it breaks. */
  onVerified(job: JobRow): void {
    this.running.set(false);
    const r = job.result as VerifyResult | null;
    if (job.status === 'succeeded' && r && !r.ok) {
      this.verifyMessage.set({
        ok: false,
        text: `改ざんの可能性があります: 番号${r.firstBroken?.seq ?? '?'} — ${r.firstBroken?.reason ?? ''}（${r.checked.toLocaleString('ja-JP')}件まで正常）`,
      });
    }
  }
}
