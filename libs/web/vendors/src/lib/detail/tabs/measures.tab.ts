import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { formatJapaneseDate } from '@keiyaku/domain';
import { JapaneseDatePipe } from '@keiyaku/web/ui';
import { inForce, label, Measure, MEASURE_LABELS } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { MeasureDialog } from '../dialogs/measure.dialog';
import { VendorContext } from '../vendor-context';

/** 措置・指名停止; the ones in force today are highlighted. */
@Component({
  selector: 'ky-vendor-measures-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>措置・指名停止</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(dialog, 'measures', null)"><mat-icon>add</mat-icon>措置を追加</button>
        }
      </div>
      @if (suspendedUntil(); as until) {
        <p class="alert" role="alert"><mat-icon>block</mat-icon>本日は指名停止期間中です（{{ until }}）。指名・入札・落札はできません。</p>
      }
      @if (v.measures.length) {
        <table class="ky-table" aria-label="措置">
          <thead>
            <tr><th>種類</th><th>期間</th><th>理由</th><th>根拠</th><th></th><th></th></tr>
          </thead>
          <tbody>
            @for (m of v.measures; track m.id) {
              <tr [class.highlight]="active(m)">
                <td>{{ kindLabel(m.kind) }}</td>
                <td>{{ m.startDate | japaneseDate }}～{{ (m.endDate | japaneseDate) || '期限なし' }}</td>
                <td class="reason">{{ m.reason }}</td>
                <td>{{ m.basis }}</td>
                <td>
                  @if (active(m)) {
                    <span class="ky-badge ky-badge--error">措置期間中</span>
                  }
                </td>
                <td class="actions">
                  @if (ctx.canWrite()) {
                    <button mat-icon-button type="button" aria-label="編集" (click)="ctx.openPart(dialog, 'measures', m)"><mat-icon>edit</mat-icon></button>
                    <button mat-icon-button type="button" aria-label="削除" (click)="remove(m)"><mat-icon>delete</mat-icon></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">措置の記録はありません。</p>
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    `
      .alert { display: flex; align-items: center; gap: 8px; background: #fce8e6; color: #8c1d18; padding: 8px 12px; border-radius: 4px; font-weight: 600; }
      .reason { white-space: pre-wrap; max-width: 420px; }
    `,
  ],
})
export class MeasuresTab {
  readonly ctx = inject(VendorContext);
  readonly dialog = MeasureDialog;
  readonly kinds = MEASURE_LABELS;

  /** 「令和8年5月31日まで」 while a 指名停止 is in force today. */
  readonly suspendedUntil = computed(() => {
    const m = this.ctx.vendor()?.measures.find((x) => x.kind === 'suspension' && inForce(x));
    if (!m) return null;
    return m.endDate ? `${formatJapaneseDate(m.endDate)}まで` : '解除されるまで';
  });

  kindLabel(code: string): string {
    return label(this.kinds, code);
  }

  active(m: Measure): boolean {
    return inForce(m);
  }

  remove(m: Measure): void {
    void this.ctx.removePart('measures', m, `${this.kindLabel(m.kind)}（${m.startDate}～）`);
  }
}
