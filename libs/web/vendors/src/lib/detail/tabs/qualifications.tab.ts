import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { JapaneseDatePipe } from '@keiyaku/web/ui';
import { CATEGORY_LABELS, inForce, label, Qualification, SOURCE_LABELS } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { QualificationDialog } from '../dialogs/qualification.dialog';
import { VendorContext } from '../vendor-context';

/** 入札参加資格 and 格付 per term, category and trade. */
@Component({
  selector: 'ky-vendor-qualifications-tab',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>入札参加資格・格付</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(dialog, 'qualifications', null, '720px')"><mat-icon>add</mat-icon>資格を追加</button>
        }
      </div>
      @if (v.qualifications.length) {
        <table class="ky-table" aria-label="入札参加資格・格付">
          <thead>
            <tr>
              <th>有効期間</th><th>部門</th><th>業種</th><th>等級</th><th class="num">P</th><th class="num">主観点</th><th class="num">総合点数</th><th>期間</th><th>登録元</th><th></th>
            </tr>
          </thead>
          <tbody>
            @for (q of v.qualifications; track q.id) {
              <tr [class.current]="current(q)">
                <td>{{ q.termCode }}</td>
                <td>{{ label(categories, q.category) }}</td>
                <td>{{ ctx.tradeLabel(q.tradeCode, q.category) }}</td>
                <td class="rank" [attr.aria-label]="'等級 ' + (q.rank ?? 'なし')">{{ q.rank ?? '—' }}</td>
                <td class="num">{{ q.pScore ?? '—' }}</td>
                <td class="num" [matTooltip]="breakdown(q)">{{ q.subjectiveScore }}</td>
                <td class="num">{{ q.totalScore ?? '—' }}</td>
                <td>{{ q.validFrom | japaneseDate }}～{{ q.validTo | japaneseDate }}</td>
                <td>{{ label(sources, q.source) }}</td>
                <td class="actions">
                  @if (ctx.canWrite()) {
                    <button mat-icon-button type="button" aria-label="編集" (click)="ctx.openPart(dialog, 'qualifications', q, '720px')"><mat-icon>edit</mat-icon></button>
                    <button mat-icon-button type="button" aria-label="削除" (click)="remove(q)"><mat-icon>delete</mat-icon></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
        <p class="note">太字は本日有効な資格です。P・総合点数は「格付」画面で再計算を確定したときに入ります。</p>
      } @else {
        <p class="empty">入札参加資格は登録されていません。</p>
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    `
      tr.current td { font-weight: 600; }
      .rank { font-size: 15px; }
      .note { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    `,
  ],
})
export class QualificationsTab {
  readonly ctx = inject(VendorContext);
  readonly dialog = QualificationDialog;
  readonly categories: Record<string, string> = CATEGORY_LABELS;
  readonly sources: Record<string, string> = SOURCE_LABELS;
  readonly label = label;

  current(q: Qualification): boolean {
    return inForce({ startDate: q.validFrom, endDate: q.validTo });
  }

  breakdown(q: Qualification): string {
    return (q.subjectiveBreakdown ?? []).map((b) => `${b.name ?? b.code} ${b.points > 0 ? '+' : ''}${b.points}`).join('、');
  }

  remove(q: Qualification): void {
    void this.ctx.removePart('qualifications', q, `${q.termCode} ${this.ctx.tradeLabel(q.tradeCode, q.category)}の資格`);
  }
}
