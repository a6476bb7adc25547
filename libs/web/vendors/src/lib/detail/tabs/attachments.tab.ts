import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { Attachment } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { AttachmentDialog } from '../dialogs/attachment.dialog';
import { VendorContext } from '../vendor-context';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** 添付書類: uploaded files with their document names; downloads go straight to the browser. */
@Component({
  selector: 'ky-vendor-attachments-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>添付書類</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(dialog, 'attachments', null, '520px')"><mat-icon>upload_file</mat-icon>書類を添付</button>
        }
      </div>
      @if (v.attachments.length) {
        <table class="ky-table" aria-label="添付書類">
          <thead>
            <tr><th>書類名</th><th>ファイル</th><th class="num">サイズ</th><th>登録日時</th><th></th></tr>
          </thead>
          <tbody>
            @for (a of v.attachments; track a.id) {
              <tr>
                <td>{{ a.label }}</td>
                <td>
                  <a [href]="'/api/files/' + a.fileId + '/content'" download>
                    <mat-icon inline>download</mat-icon>{{ a.file?.name ?? 'ダウンロード' }}
                  </a>
                </td>
                <td class="num">{{ a.file ? size(a.file.size) : '' }}</td>
                <td>{{ a.createdAt | japaneseDateTime }}</td>
                <td class="actions">
                  @if (ctx.canWrite()) {
                    <button mat-icon-button type="button" aria-label="書類名を変更" (click)="ctx.openPart(dialog, 'attachments', a, '520px')"><mat-icon>edit</mat-icon></button>
                    <button mat-icon-button type="button" aria-label="削除" (click)="remove(a)"><mat-icon>delete</mat-icon></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">添付書類はありません。</p>
      }
    }
  `,
  styles: [TABLE_STYLES],
})
export class AttachmentsTab {
  readonly ctx = inject(VendorContext);
  readonly dialog = AttachmentDialog;
  readonly size = size;

  remove(a: Attachment): void {
    void this.ctx.removePart('attachments', a, `添付書類「${a.label}」`);
  }
}
