import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { MAIL_STATUS_LABELS, MailRow } from '../models';

/** One message of the outbox as it was (or will be) sent. */
@Component({
  selector: 'ky-mail-detail-dialog',
  imports: [MatDialogModule, MatButtonModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>メール 番号{{ row.id }}</h2>
    <mat-dialog-content>
      <dl class="meta">
        <dt>状態</dt><dd>{{ status }}（送信回数 {{ row.attempts }}回）</dd>
        <dt>宛先</dt><dd>{{ row.toAddress }}</dd>
        <dt>件名</dt><dd>{{ row.subject }}</dd>
        <dt>登録日時</dt><dd>{{ row.createdAt | japaneseDateTime }}</dd>
        @if (row.sentAt) {
          <dt>送信日時</dt><dd>{{ row.sentAt | japaneseDateTime }}</dd>
        } @else if (row.nextAttemptAt) {
          <dt>次回送信</dt><dd>{{ row.nextAttemptAt | japaneseDateTime }}</dd>
        }
        @if (row.lastError) {
          <dt>エラー</dt><dd class="ky-error">{{ row.lastError }}</dd>
        }
      </dl>
      <pre class="body">{{ row.body }}</pre>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>閉じる</button>
    </mat-dialog-actions>
  `,
  styles: `
    .meta { display: grid; grid-template-columns: 7em 1fr; gap: 4px 12px; margin: 0 0 12px; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; word-break: break-all; }
    .body { background: var(--mat-sys-surface-container); padding: 8px; margin: 0; max-height: 50vh; overflow: auto; white-space: pre-wrap; font-family: inherit; }
  `,
})
export class MailDetailDialog {
  readonly row = inject<MailRow>(MAT_DIALOG_DATA);
  readonly status = MAIL_STATUS_LABELS[this.row.status] ?? this.row.status;
}
