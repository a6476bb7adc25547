import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ImportReport } from '../imports-api.service';

/** The counts of a dry run or commit, as a small definition list. */
@Component({
  selector: 'ky-report-counts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="counts" [attr.aria-label]="label()">
      @for (c of items(); track c.label) {
        <div class="count" [class.bad]="c.tone === 'bad' && c.value > 0" [class.warn]="c.tone === 'warn' && c.value > 0">
          <dt>{{ c.label }}</dt>
          <dd>{{ c.value.toLocaleString('ja-JP') }}</dd>
        </div>
      }
    </dl>
  `,
  styles: `
    .counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0; }
    .count { border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; padding: 6px 12px; min-width: 88px; background: var(--mat-sys-surface); }
    .count.bad { border-color: var(--mat-sys-error); color: var(--mat-sys-error); }
    .count.warn { border-color: #f57c00; color: #b45f06; }
    dt { font-size: 12px; }
    dd { margin: 0; font-size: 20px; font-variant-numeric: tabular-nums; text-align: right; }
  `,
})
export class ReportCounts {
  readonly report = input.required<ImportReport>();
  readonly label = input('件数');

  readonly items = computed(() => {
    const c = this.report().counts;
    return [
      { label: '全行数', value: c.read, tone: '' },
      { label: '取込可能', value: Math.max(0, c.read - c.rejected), tone: '' },
      { label: '追加', value: c.create, tone: '' },
      { label: '更新', value: c.update, tone: '' },
      { label: '変更なし', value: c.unchanged, tone: '' },
      { label: 'エラー', value: c.rejected, tone: 'bad' },
      { label: '警告', value: c.warnings, tone: 'warn' },
      { label: '読み飛ばし', value: c.skipped, tone: '' },
    ];
  });
}
