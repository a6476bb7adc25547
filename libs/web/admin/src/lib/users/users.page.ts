import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ColDef } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDateTime, ROLE_LABELS } from '@keiyaku/domain';
import { confirmDialog, errorMessage, KyDataGrid, ReportPreviewService } from '@keiyaku/web/ui';
import { UserRow } from '../models';
import { ResetPasswordDialog } from './reset-password.dialog';
import { UserDialog, UserDialogData } from './user.dialog';

const dateTime = (p: { value: string | null }) => formatJapaneseDateTime(p.value);

@Component({
  selector: 'ky-users-page',
  imports: [KyDataGrid, MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">ユーザー</h1>
      <ky-data-grid
        endpoint="/api/users"
        gridId="admin.users"
        searchPlaceholder="ログインID・氏名・フリガナで検索"
        [columnDefs]="columns"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="edit($event)"
      >
        <div kyGridActions class="actions">
          <button mat-flat-button type="button" (click)="create()"><mat-icon>person_add</mat-icon>新規登録</button>
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="edit(selected()!)"><mat-icon>edit</mat-icon>編集</button>
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="resetPassword(selected()!)"><mat-icon>key</mat-icon>パスワード再設定</button>
          <button mat-stroked-button type="button" [disabled]="!selected()?.locked" (click)="unlock(selected()!)"><mat-icon>lock_open</mat-icon>ロック解除</button>
          <button mat-stroked-button type="button" (click)="print()"><mat-icon>print</mat-icon>帳票</button>
        </div>
      </ky-data-grid>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
  `,
})
export class UsersPage {
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly reports = inject(ReportPreviewService);
  private readonly grid = viewChild.required(KyDataGrid);

  readonly selected = signal<UserRow | null>(null);

  readonly columns: ColDef<UserRow>[] = [
    { field: 'loginId', headerName: 'ログインID', sortable: true, filter: 'agTextColumnFilter', width: 130 },
    { field: 'name', headerName: '氏名', sortable: true, filter: 'agTextColumnFilter', width: 140 },
    { field: 'nameKana', headerName: 'フリガナ', sortable: true, filter: 'agTextColumnFilter', width: 150 },
    // Sorts by department code on the server, which is the official order of the organisation.
    { colId: 'department', headerName: '所属部署', valueGetter: (p) => p.data?.department?.name ?? '', sortable: true, width: 150 },
    { colId: 'roles', headerName: '役割', valueGetter: (p) => (p.data?.roles ?? []).map((r) => ROLE_LABELS[r] ?? r).join('、'), width: 200, tooltipValueGetter: (p) => p.value },
    { field: 'email', headerName: 'メールアドレス', sortable: true, filter: 'agTextColumnFilter', width: 200 },
    { colId: 'active', headerName: '状態', valueGetter: (p) => (p.data ? (p.data.active ? '有効' : '無効') : ''), sortable: true, width: 80 },
    // The export's 状態 column already says ロック中.
    { colId: 'locked', headerName: 'ロック', valueGetter: (p) => (p.data?.locked ? 'ロック中' : ''), width: 90, context: { export: false } },
    { field: 'lastLoginAt', headerName: '最終ログイン', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 180 },
    { field: 'updatedAt', headerName: '更新日時', valueFormatter: dateTime, sortable: true, filter: 'agDateColumnFilter', width: 180 },
  ];

  create(): void {
    this.openUserDialog({ user: null });
  }

  /** ユーザー一覧 of everyone this screen lists (stopped accounts included). */
  print(): void {
    this.reports.open('users', 'ユーザー一覧', { includeInactive: true });
  }

  edit(user: UserRow): void {
    this.openUserDialog({ user });
  }

  private openUserDialog(data: UserDialogData): void {
    const ref = this.dialog.open(UserDialog, { data, width: '560px', autoFocus: 'first-tabbable' });
    ref.afterClosed().subscribe((saved: UserRow | undefined) => {
      if (!saved) return;
      this.snack.open(data.user ? `${saved.name} さんの情報を更新しました。` : `${saved.name} さんを登録しました。`, '閉じる', { duration: 4000 });
      this.selected.set(saved);
      this.grid().refresh();
    });
  }

  resetPassword(user: UserRow): void {
    this.dialog
      .open(ResetPasswordDialog, { data: user, width: '440px' })
      .afterClosed()
      .subscribe((done: boolean | undefined) => {
        if (done) this.snack.open(`${user.name} さんのパスワードを再設定しました。次回ログイン時に変更が求められます。`, '閉じる', { duration: 5000 });
      });
  }

  async unlock(user: UserRow): Promise<void> {
    const ok = await confirmDialog(this.dialog, { title: 'ロック解除', message: `${user.name}（${user.loginId}）さんのアカウントのロックを解除しますか？`, ok: 'ロック解除' });
    if (!ok) return;
    try {
      await firstValueFrom(this.http.post<void>(`/api/users/${user.id}/unlock`, {}));
      this.snack.open('ロックを解除しました。', '閉じる', { duration: 4000 });
      this.selected.set({ ...user, locked: false, lockedUntil: null });
      this.grid().refresh();
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    }
  }
}
