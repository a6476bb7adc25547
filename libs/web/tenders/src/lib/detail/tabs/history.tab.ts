import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { errorMessage, JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { HistoryRow } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { TendersApi } from '../../tenders-api.service';
import { TenderContext } from '../tender-context';

const ACTION_LABELS: Record<string, string> = {
  insert: '登録',
  update: '更新',
  delete: '削除',
  transition: '状態の変更',
  randomCoefficient: 'ランダム係数の抽選',
  lot: 'くじ',
  print: '印刷',
  export: '出力',
};

/** 履歴: the audit rows of the tender, its designations, bids and contract draft, newest first. */
@Component({
  selector: 'ky-tender-history-tab',
  imports: [JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tab-toolbar"><h2>履歴</h2></div>
    @if (error()) {
      <p class="ky-error" role="alert">{{ error() }}</p>
    }
    @if (rows().length) {
      <table class="ky-table" aria-label="履歴">
        <thead><tr><th>日時</th><th>操作者</th><th>操作</th><th>内容</th></tr></thead>
        <tbody>
          @for (h of rows(); track $index) {
            <tr>
              <td class="nowrap">{{ h.at | japaneseDateTime }}</td>
              <td>{{ h.loginId ?? '' }}</td>
              <td class="nowrap">{{ actionLabel(h.action) }}</td>
              <td>{{ h.summary ?? '' }}</td>
            </tr>
          }
        </tbody>
      </table>
    } @else if (!error()) {
      <p class="empty">履歴はありません。</p>
    }
  `,
  styles: [TABLE_STYLES, '.nowrap { white-space: nowrap; }'],
})
export class HistoryTab {
  private readonly ctx = inject(TenderContext);
  private readonly api = inject(TendersApi);
  readonly rows = signal<HistoryRow[]>([]);
  readonly error = signal<string | null>(null);

  constructor() {
    // Every write makes new audit rows: follow the tender's version.
    effect(() => {
      const t = this.ctx.tender();
      if (t) untracked(() => void this.load(t.id));
    });
  }

  actionLabel(action: string): string {
    return ACTION_LABELS[action] ?? action;
  }

  private async load(id: number): Promise<void> {
    try {
      // Newest first, as the other history screens show it.
      this.rows.set((await this.api.history(id)).slice().reverse());
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
