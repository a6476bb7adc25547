import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { errorMessage, JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { actionLabel, AuditDetail, AuditRow } from '../models';

const json = (value: unknown) => (value === null || value === undefined ? '（なし）' : JSON.stringify(value, null, 2));

@Component({
  selector: 'ky-audit-detail-dialog',
  imports: [MatDialogModule, MatButtonModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>操作ログ 番号{{ row.seq }}</h2>
    <mat-dialog-content>
      <dl class="meta">
        <dt>日時</dt><dd>{{ row.occurredAt | japaneseDateTime }}</dd>
        <dt>ユーザー</dt><dd>{{ row.loginId ?? '（不明）' }}</dd>
        <dt>操作</dt><dd>{{ action }}</dd>
        <dt>対象</dt><dd>{{ row.entity }} {{ row.entityId ? 'ID ' + row.entityId : '' }}</dd>
        <dt>要約</dt><dd>{{ row.summary }}</dd>
        <dt>IPアドレス</dt><dd>{{ row.ip ?? '' }}</dd>
        @if (detail(); as d) {
          <dt>ハッシュ</dt><dd class="hash">{{ d.hash }}</dd>
        }
      </dl>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @if (detail()) {
        <div class="diff">
          <section>
            <h3>変更前</h3>
            <pre>{{ before() }}</pre>
          </section>
          <section>
            <h3>変更後</h3>
            <pre>{{ after() }}</pre>
          </section>
        </div>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>閉じる</button>
    </mat-dialog-actions>
  `,
  styles: `
    .meta { display: grid; grid-template-columns: 7em 1fr; gap: 4px 12px; margin: 0 0 12px; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; }
    .hash { font-family: monospace; font-size: 12px; word-break: break-all; }
    .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
    h3 { font-size: 14px; margin: 0 0 4px; }
    pre { background: var(--mat-sys-surface-container); padding: 8px; margin: 0; max-height: 50vh; overflow: auto; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
  `,
})
export class AuditDetailDialog implements OnInit {
  private readonly http = inject(HttpClient);
  readonly row = inject<AuditRow>(MAT_DIALOG_DATA);
  readonly action = actionLabel(this.row.action);
  readonly detail = signal<AuditDetail | null>(null);
  readonly error = signal<string | null>(null);
  readonly before = computed(() => json(this.detail()?.before));
  readonly after = computed(() => json(this.detail()?.after));

  async ngOnInit(): Promise<void> {
    try {
      this.detail.set(await firstValueFrom(this.http.get<AuditDetail>(`/api/audit/${this.row.id}`)));
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
