import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { errorMessage, JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { ContractsApi } from '../../contracts-api.service';
import { HistoryRow } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { ContractContext } from '../contract-context';

const ACTION_LABELS: Record<string, string> = {
  insert: '登録',
  update: '更新',
  delete: '削除',
  transition: '状態の変更',
  change: '変更契約の反映',
  print: '印刷',
  export: '出力',
  'approval.submit': '起案（決裁へ回付）',
  'approval.approve': '決裁',
  'approval.return': '差戻し',
};

const ENTITY_LABELS: Record<string, string> = {
  Contract: '契約',
  ContractChange: '変更契約',
  ContractPayment: '支払',
  Inspection: '検査',
};

/** 履歴: the audit rows of the contract, its changes, payments and inspections, with 起案・決裁・差戻し, newest first. */
@Component({
  selector: 'ky-contract-history-tab',
  imports: [JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tab-toolbar"><h2>履歴</h2></div>
    @if (error()) {
      <p class="ky-error" role="alert">{{ error() }}</p>
    }
    @if (rows().length) {
      <table class="ky-table" aria-label="履歴">
        <thead><tr><th>日時</th><th>操作者</th><th>対象</th><th>操作</th><th>内容</th></tr></thead>
        <tbody>
          @for (h of rows(); track $index) {
            <tr>
              <td class="nowrap">{{ h.at | japaneseDateTime }}</td>
              <td>{{ h.loginId ?? '' }}</td>
              <td class="nowrap">{{ entityLabel(h.entity) }}</td>
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
  private readonly ctx = inject(ContractContext);
  private readonly api = inject(ContractsApi);
  readonly rows = signal<HistoryRow[]>([]);
  readonly error = signal<string | null>(null);

  constructor() {
    // Every write makes new audit rows: follow the contract's version.
    effect(() => {
      const c = this.ctx.contract();
      if (c) untracked(() => void this.load(c.id));
    });
  }

  actionLabel(action: string): string {
    return ACTION_LABELS[action] ?? action;
  }

  entityLabel(entity: string | undefined): string {
    return entity ? (ENTITY_LABELS[entity] ?? entity) : '';
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
