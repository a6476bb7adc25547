import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ColDef } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { badgeCell, BadgeTone, errorMessage, KyDataGrid } from '@keiyaku/web/ui';
import { MAIL_STATUS_LABELS, MailRow, MailStatus } from '../models';
import { MailDetailDialog } from './mail-detail.dialog';

const TONES: Record<MailStatus, BadgeTone> = { pending: 'warn', sent: 'ok', failed: 'error' };
const dateTime = (p: { value: string | null }) => formatJapaneseDateTime(p.value);

/** The outbox: what was sent, what waits (no SMTP server yet) and what failed, with 再送. */
@Component({
  selector: 'ky-mail-page',
  imports: [KyDataGrid, MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">メール送信状況</h1>
      @if (smtpConfigured() === false) {
        <div class="banner" role="status">
          <mat-icon>info</mat-icon>
          <span>メールサーバー（SMTP）が設定されていないため、メールは送信されず「送信待ち」として保管されています。サーバーの設定後、自動的に送信されます。</span>
        </div>
      }
      <ky-data-grid
        endpoint="/api/mail/outbox"
        gridId="admin.mail"
        searchPlaceholder="宛先・件名で検索"
        [columnDefs]="columns"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="open($event)"
      >
        <div kyGridActions class="actions">
          <button mat-stroked-button type="button" [disabled]="selected()?.status !== 'failed' || busy()" (click)="retry(selected()!)">
            <mat-icon>send</mat-icon>再送
          </button>
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="open(selected()!)"><mat-icon>mail</mat-icon>本文を表示</button>
        </div>
      </ky-data-grid>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .actions { display: flex; gap: 8px; }
    .banner { display: flex; gap: 8px; align-items: flex-start; background: #fff4e5; border-left: 4px solid #f57c00; padding: 8px 12px; margin-bottom: 8px; }
    .banner mat-icon { color: #b45f06; flex: none; }
  `,
})
export class MailPage {
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly grid = viewChild.required(KyDataGrid);

  readonly selected = signal<MailRow | null>(null);
  readonly smtpConfigured = signal<boolean | null>(null);
  readonly busy = signal(false);

  readonly columns: ColDef<MailRow>[] = [
    { field: 'id', headerName: '番号', sortable: true, filter: 'agNumberColumnFilter', width: 90, type: 'rightAligned' },
    // Newest first.
    { field: 'createdAt', headerName: '登録日時', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 180, sort: 'desc' },
    {
      field: 'status',
      headerName: '状態',
      sortable: true,
      width: 110,
      cellRenderer: (p: { data?: MailRow }) => (p.data ? badgeCell(MAIL_STATUS_LABELS[p.data.status] ?? p.data.status, TONES[p.data.status] ?? 'neutral') : ''),
    },
    { field: 'toAddress', headerName: '宛先', sortable: true, filter: 'agTextColumnFilter', width: 220 },
    { field: 'subject', headerName: '件名', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 220, tooltipField: 'subject' },
    { field: 'attempts', headerName: '送信回数', sortable: true, width: 100, type: 'rightAligned' },
    { field: 'nextAttemptAt', headerName: '次回送信', valueFormatter: dateTime, width: 180 },
    { field: 'sentAt', headerName: '送信日時', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 180 },
    { field: 'lastError', headerName: 'エラー', width: 240, tooltipField: 'lastError' },
  ];

  constructor() {
    // Whether the outbox is sent at all decides the banner; the grid pages itself.
    this.http.get<{ smtpConfigured: boolean }>('/api/mail/outbox/status').subscribe((s) => this.smtpConfigured.set(s.smtpConfigured));
  }

  open(row: MailRow): void {
    this.dialog.open(MailDetailDialog, { data: row, width: '720px', maxWidth: '95vw' });
  }

  async retry(row: MailRow): Promise<void> {
    this.busy.set(true);
    try {
      await firstValueFrom(this.http.post<void>(`/api/mail/outbox/${row.id}/retry`, {}));
      this.snack.open(`「${row.subject}」を再送します。`, '閉じる', { duration: 4000 });
      this.selected.set({ ...row, status: 'pending', attempts: 0, lastError: null });
      this.grid().refresh();
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    } finally {
      this.busy.set(false);
    }
  }
}
