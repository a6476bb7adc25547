import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { badgeCell, confirmDialog, errorMessage, GridParams, KyDataGrid } from '@keiyaku/web/ui';
import { ApplicationsApi } from '../applications-api.service';
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUS_TONES, AccountRow } from '../models';
import { InviteDialog } from './invite.dialog';

/** 事業者アカウント: staff invite vendors and lock or unlock their accounts. */
@Component({
  selector: 'ky-accounts-page',
  imports: [KyDataGrid, FormsModule, RouterLink, MatButtonModule, MatIconModule, MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/qualification">資格審査</a> ＞ 事業者アカウント</nav>
      <h1 class="ky-page-title">事業者アカウント</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sel">
          <mat-label>状態</mat-label>
          <mat-select [ngModel]="status()" (ngModelChange)="status.set($event ?? '')" aria-label="状態">
            <mat-option value="">すべて</mat-option>
            @for (s of statuses; track s.code) {
              <mat-option [value]="s.code">{{ s.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @if (notice()) {
        <p class="notice" role="status">{{ notice() }}</p>
      }
      <ky-data-grid
        class="grid"
        endpoint="/api/qualification/accounts"
        gridId="qualification.accounts"
        searchPlaceholder="メールアドレス・商号・法人番号で検索"
        [columnDefs]="columns"
        [params]="params()"
        (rowClicked)="selected.set($event)"
      >
        <div kyGridActions class="actions">
          <button mat-flat-button type="button" (click)="invite()"><mat-icon>person_add</mat-icon>招待</button>
          <button mat-stroked-button type="button" [disabled]="!selected() || selected()!.status === 'locked' || busy()" (click)="setLocked(true)"><mat-icon>lock</mat-icon>利用停止</button>
          <button mat-stroked-button type="button" [disabled]="!selected() || selected()!.status !== 'locked' || busy()" (click)="setLocked(false)"><mat-icon>lock_open</mat-icon>利用再開</button>
        </div>
      </ky-data-grid>
      <p class="hint">招待すると、パスワード設定用のリンクをメールで送ります（7日間有効）。利用停止したアカウントはログインできず、ログイン中のセッションも終了します。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .crumbs { font-size: 13px; }
    .filters { display: flex; gap: 8px; margin-bottom: 8px; }
    .sel { width: 160px; }
    .grid { flex: 1; min-height: 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .hint { margin: 4px 0 0; font-size: 12px; color: #555; }
    .notice { color: #1b5e20; }
    .ky-error { color: #b3261e; }
  `,
})
export class AccountsPage {
  private readonly api = inject(ApplicationsApi);
  private readonly dialog = inject(MatDialog);
  private readonly grid = viewChild(KyDataGrid);

  readonly statuses = Object.entries(ACCOUNT_STATUS_LABELS).map(([code, name]) => ({ code, name }));
  readonly status = signal('');
  readonly params = computed<GridParams>(() => ({ status: this.status() || null }));
  readonly selected = signal<AccountRow | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);

  readonly columns: ColDef<AccountRow>[] = [
    { field: 'email', headerName: 'メールアドレス', sortable: true, filter: 'agTextColumnFilter', width: 260 },
    { field: 'companyName', headerName: '商号又は名称', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 200 },
    { field: 'corporateNumber', headerName: '法人番号', sortable: true, width: 140 },
    {
      field: 'status',
      headerName: '状態',
      valueGetter: (p) => ACCOUNT_STATUS_LABELS[p.data?.status ?? ''] ?? p.data?.status,
      cellRenderer: (p: { data?: AccountRow; value: string }) => (p.data ? badgeCell(p.value, ACCOUNT_STATUS_TONES[p.data.status] ?? 'neutral') : ''),
      sortable: true,
      width: 110,
    },
    { field: 'invitedBy', headerName: '招待者', width: 110 },
    { field: 'lastLoginAt', headerName: '最終ログイン', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 190 },
    { field: 'createdAt', headerName: '登録日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 190 },
  ];

  async invite(): Promise<void> {
    const ref = this.dialog.open<InviteDialog, void, AccountRow>(InviteDialog, { width: '520px' });
    ref.afterClosed().subscribe((account) => {
      if (!account) return;
      this.notice.set(`${account.companyName}（${account.email}）に招待メールを送りました。`);
      this.grid()?.refresh();
    });
  }

  async setLocked(locked: boolean): Promise<void> {
    const a = this.selected();
    if (!a) return;
    const ok = await confirmDialog(this.dialog, {
      title: locked ? '利用停止' : '利用再開',
      message: locked ? `${a.companyName}（${a.email}）のアカウントを利用停止します。ログイン中のセッションも終了します。` : `${a.companyName}（${a.email}）のアカウントの利用を再開します。`,
      ok: locked ? '利用停止' : '利用再開',
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const updated = await this.api.setLocked(a, locked);
      this.selected.set(updated);
      this.notice.set(`${updated.companyName} を${locked ? '利用停止' : '利用再開'}にしました。`);
      this.grid()?.refresh();
    } catch (e) {
      this.error.set(errorMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
