import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Office } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { OfficeDialog } from '../dialogs/office.dialog';
import { VendorContext } from '../vendor-context';

@Component({
  selector: 'ky-vendor-offices-tab',
  imports: [MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>営業所</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(dialog, 'offices', null)"><mat-icon>add</mat-icon>営業所を追加</button>
        }
      </div>
      @if (v.offices.length) {
        <table class="ky-table" aria-label="営業所">
          <thead>
            <tr><th>営業所名</th><th>所在地</th><th>電話番号</th><th>受任者</th><th></th></tr>
          </thead>
          <tbody>
            @for (o of v.offices; track o.id) {
              <tr>
                <td>{{ o.name }}</td>
                <td>{{ o.postalCode ? '〒' + o.postalCode + ' ' : '' }}{{ o.address }}</td>
                <td>{{ o.phone }}</td>
                <td>{{ o.isDelegate ? '受任者 ' + (o.delegateTitle ?? '') + ' ' + (o.delegateName ?? '') : '' }}</td>
                <td class="actions">
                  @if (ctx.canWrite()) {
                    <button mat-icon-button type="button" aria-label="編集" (click)="ctx.openPart(dialog, 'offices', o)"><mat-icon>edit</mat-icon></button>
                    <button mat-icon-button type="button" aria-label="削除" (click)="remove(o)"><mat-icon>delete</mat-icon></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">営業所は登録されていません（本店のみ）。</p>
      }
    }
  `,
  styles: [TABLE_STYLES],
})
export class OfficesTab {
  readonly ctx = inject(VendorContext);
  readonly dialog = OfficeDialog;

  remove(o: Office): void {
    void this.ctx.removePart('offices', o, `営業所「${o.name}」`);
  }
}
