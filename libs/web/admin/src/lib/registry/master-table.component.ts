import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { CategoryCode, ERROR_CODES } from '@keiyaku/domain';
import { errorCode, errorMessage, JapaneseDatePipe } from '@keiyaku/web/ui';
import { MasterDialog, MasterDialogData } from './master.dialog';
import { MasterColumn, MasterSpec } from './master-specs';
import { RegistryApi } from './registry-api';
import { SimpleMasterRow } from './registry.models';

/** One of the short master lists (業種, 有効期間, 主観点項目) of a category, with add, edit and on/off. */
@Component({
  selector: 'ky-master-table',
  imports: [MatTableModule, MatButtonModule, MatIconModule, MatSlideToggleModule, MatProgressSpinnerModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = spec();
    <div class="toolbar">
      <button mat-flat-button type="button" (click)="open(null)"><mat-icon>add</mat-icon>追加</button>
      <span class="count" role="status">{{ loading() ? '' : rows().length + '件' }}</span>
    </div>
    @if (loading() && !rows().length) {
      <div class="state" role="status"><mat-spinner diameter="24" /><span>読み込み中…</span></div>
    } @else if (error()) {
      <p class="ky-error" role="alert">{{ error() }}</p>
      <button mat-stroked-button type="button" (click)="load()"><mat-icon>refresh</mat-icon>再読み込み</button>
    } @else if (!rows().length) {
      <p class="empty">{{ s.label }}は登録されていません。</p>
    } @else {
      <table mat-table [dataSource]="rows()" [attr.aria-label]="s.label" class="table">
        @for (c of s.columns; track c.name) {
          <ng-container [matColumnDef]="c.name">
            <th mat-header-cell *matHeaderCellDef [class.num]="isNumeric(c)">{{ c.header }}</th>
            <td mat-cell *matCellDef="let row" [class.num]="isNumeric(c)">
              @let v = cell(row, c);
              @switch (c.kind) {
                @case ('date') {
                  {{ v | japaneseDate }}
                }
                @case ('flag') {
                  {{ v ? '○' : '' }}
                }
                @case ('points') {
                  {{ signed(v) }}
                }
                @default {
                  {{ v }}
                }
              }
            </td>
          </ng-container>
        }
        <ng-container matColumnDef="active">
          <th mat-header-cell *matHeaderCellDef>有効</th>
          <td mat-cell *matCellDef="let row">
            <mat-slide-toggle [checked]="row.active" [disabled]="saving() === row.id" [aria-label]="'「' + row.name + '」を有効にする'" (change)="setActive(row, $event)" />
          </td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">操作</span></th>
          <td mat-cell *matCellDef="let row" class="actions">
            <button mat-icon-button type="button" [attr.aria-label]="'「' + row.name + '」を編集'" (click)="open(row)"><mat-icon>edit</mat-icon></button>
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="displayed()"></tr>
        <tr mat-row *matRowDef="let row; columns: displayed()" [class.inactive]="row.active === false" (dblclick)="open(row)"></tr>
      </table>
    }
  `,
  styles: `
    .toolbar { display: flex; align-items: center; gap: 12px; margin: 12px 0 8px; }
    .count { color: var(--mat-sys-on-surface-variant); }
    .state { display: flex; align-items: center; gap: 12px; margin: 16px 0; }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .table { width: 100%; max-width: 960px; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .actions { width: 48px; text-align: right; }
    .inactive td { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class MasterTable {
  private readonly api = inject(RegistryApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  readonly spec = input.required<MasterSpec>();
  readonly category = input.required<CategoryCode>();

  readonly rows = signal<SimpleMasterRow[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  /** The row whose on/off switch is being saved. */
  readonly saving = signal<number | null>(null);
  private loads = 0;

  readonly displayed = computed(() => [...this.spec().columns.map((c) => c.name), ...(this.spec().hasActive ? ['active'] : []), 'actions']);

  constructor() {
    effect(() => {
      this.category();
      untracked(() => {
        // Another category: nothing of the last one stays on screen while it loads.
        this.rows.set([]);
        void this.load();
      });
    });
  }

  async load(): Promise<void> {
    // A later category's answer must not be overwritten by an earlier, slower one.
    const ticket = ++this.loads;
    this.loading.set(true);
    this.error.set(null);
    try {
      const rows = await this.api.list<SimpleMasterRow>(this.spec().master, this.category());
      if (ticket === this.loads) this.rows.set(rows);
    } catch (err) {
      if (ticket === this.loads) this.error.set(errorMessage(err));
    } finally {
      if (ticket === this.loads) this.loading.set(false);
    }
  }

  cell(row: SimpleMasterRow, c: MasterColumn): any {
    return (row as unknown as Record<string, unknown>)[c.name];
  }

  isNumeric(c: MasterColumn): boolean {
    return c.kind === 'number' || c.kind === 'points';
  }

  signed(v: number): string {
    return v > 0 ? `+${v}` : String(v);
  }

  open(row: SimpleMasterRow | null): void {
    const rows = this.rows() as Array<{ sortOrder?: number }>;
    const data: MasterDialogData = {
      spec: this.spec(),
      category: this.category(),
      row,
      nextSortOrder: rows.reduce((max, r) => Math.max(max, r.sortOrder ?? 0), 0) + 1,
    };
    this.dialog
      .open(MasterDialog, { data, width: '560px', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: SimpleMasterRow | undefined) => {
        if (!saved) return;
        this.snack.open(`${this.spec().label}「${saved.name}」を${row ? '更新' : '登録'}しました。`, '閉じる', { duration: 4000 });
        void this.load();
      });
  }

  async setActive(row: SimpleMasterRow & { active: boolean }, event: MatSlideToggleChange): Promise<void> {
    this.saving.set(row.id);
    try {
      const saved = await this.api.update<SimpleMasterRow>(this.spec().master, row.id, { active: event.checked }, row.version);
      this.rows.update((rows) => rows.map((r) => (r.id === saved.id ? saved : r)));
      this.snack.open(`「${saved.name}」を${event.checked ? '有効' : '無効'}にしました。`, '閉じる', { duration: 4000 });
    } catch (err) {
      // The switch flipped itself; put it back to what is saved.
      event.source.checked = row.active;
      const conflict = errorCode(err) === ERROR_CODES.conflict;
      this.snack.open(conflict ? `${errorMessage(err)}（最新の内容を読み込みました。）` : errorMessage(err), '閉じる', { duration: 6000 });
      if (conflict) void this.load();
    } finally {
      this.saving.set(null);
    }
  }
}
