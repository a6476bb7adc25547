import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { VendorEditDialog } from '../../form/vendor-edit.dialog';
import { Contact, ENTITY_LABELS, formatYen, label, LOCALITY_LABELS, SavedVendor, STATUS_LABELS } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { ContactDialog } from '../dialogs/contact.dialog';
import { VendorContext } from '../vendor-context';

/** 基本情報 and 担当者. */
@Component({
  selector: 'ky-vendor-basic-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>基本情報</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="edit()"><mat-icon>edit</mat-icon>基本情報を編集</button>
        }
      </div>
      <dl class="facts">
        @for (f of facts(); track f.label) {
          <div [class.wide]="f.wide">
            <dt>{{ f.label }}</dt>
            <dd>{{ f.value || '—' }}</dd>
          </div>
        }
        <div>
          <dt>登録日時</dt>
          <dd>{{ v.createdAt | japaneseDateTime }}</dd>
        </div>
        <div>
          <dt>更新日時</dt>
          <dd>{{ v.updatedAt | japaneseDateTime }}</dd>
        </div>
      </dl>

      <div class="tab-toolbar">
        <h2>担当者</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(contactDialog, 'contacts', null)"><mat-icon>add</mat-icon>担当者を追加</button>
        }
      </div>
      @if (v.contacts.length) {
        <table class="ky-table" aria-label="担当者">
          <thead>
            <tr><th>氏名</th><th>部署</th><th>電話番号</th><th>メールアドレス</th><th></th></tr>
          </thead>
          <tbody>
            @for (c of v.contacts; track c.id) {
              <tr>
                <td>{{ c.name }}</td>
                <td>{{ c.department }}</td>
                <td>{{ c.phone }}</td>
                <td>{{ c.email }}</td>
                <td class="actions">
                  @if (ctx.canWrite()) {
                    <button mat-icon-button type="button" aria-label="編集" (click)="ctx.openPart(contactDialog, 'contacts', c)"><mat-icon>edit</mat-icon></button>
                    <button mat-icon-button type="button" aria-label="削除" (click)="remove(c)"><mat-icon>delete</mat-icon></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">担当者は登録されていません。</p>
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    `
      .facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px 16px; margin: 0; }
      .facts .wide { grid-column: span 2; }
      dt { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
      dd { margin: 2px 0 0; white-space: pre-wrap; word-break: break-all; }
    `,
  ],
})
export class BasicTab {
  readonly ctx = inject(VendorContext);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  readonly contactDialog = ContactDialog;

  readonly facts = computed(() => {
    const v = this.ctx.vendor();
    if (!v) return [];
    return [
      { label: '業者番号', value: v.vendorCode },
      { label: '法人・個人', value: label(ENTITY_LABELS, v.entityType) },
      { label: '地域区分', value: label(LOCALITY_LABELS, v.locality) },
      { label: '状態', value: label(STATUS_LABELS, v.status) },
      { label: '商号又は名称', value: v.name, wide: true },
      { label: 'フリガナ', value: v.nameKana, wide: true },
      { label: '法人番号', value: v.corporateNumber },
      { label: '登録番号（インボイス）', value: v.invoiceNumber },
      { label: '代表者', value: [v.representativeTitle, v.representativeName].filter(Boolean).join(' '), wide: true },
      { label: '所在地', value: `〒${v.postalCode} ${v.address}`, wide: true },
      { label: '資本金', value: formatYen(v.capital) },
      { label: '電話番号', value: v.phone },
      { label: 'FAX番号', value: v.fax },
      { label: 'メールアドレス', value: v.email },
      { label: '備考', value: v.notes, wide: true },
    ];
  });

  edit(): void {
    const vendor = this.ctx.vendor();
    if (!vendor) return;
    this.dialog
      .open(VendorEditDialog, { data: vendor, width: '1000px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: SavedVendor | undefined) => {
        if (!saved) return;
        this.snack.open('基本情報を更新しました。', '閉じる', { duration: 4000 });
        this.ctx.warnings.set(saved.warnings ?? []);
        void this.ctx.load();
      });
  }

  remove(c: Contact): void {
    void this.ctx.removePart('contacts', c, `担当者「${c.name}」`);
  }
}
