import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { JapaneseDatePipe } from '@keiyaku/web/ui';
import { Keishin } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { KeishinDialog } from '../dialogs/keishin.dialog';
import { VendorContext } from '../vendor-context';

/** 経審 result notices, newest first, each with P per trade. */
@Component({
  selector: 'ky-vendor-keishin-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>経営事項審査（経審）</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(dialog, 'keishin', null, '840px')"><mat-icon>add</mat-icon>経審結果を追加</button>
        }
      </div>
      @for (k of v.keishin; track k.id; let first = $first) {
        <section class="notice" [attr.aria-label]="'審査基準日 ' + (k.baseDate | japaneseDate)">
          <div class="head">
            <strong>審査基準日 {{ k.baseDate | japaneseDate }}</strong>
            @if (first) {
              <span class="ky-badge ky-badge--info">最新</span>
            }
            <span>通知日 {{ (k.noticeDate | japaneseDate) || '—' }}</span>
            <span>許可番号 {{ k.permitNumber || '—' }}</span>
            <span>X2 {{ k.x2 }}</span>
            <span>Y {{ k.y }}</span>
            <span>W {{ k.w }}</span>
            <span class="spacer"></span>
            @if (ctx.canWrite()) {
              <button mat-icon-button type="button" aria-label="編集" (click)="ctx.openPart(dialog, 'keishin', k, '840px')"><mat-icon>edit</mat-icon></button>
              <button mat-icon-button type="button" aria-label="削除" (click)="remove(k)"><mat-icon>delete</mat-icon></button>
            }
          </div>
          <table class="ky-table" aria-label="業種別の評点">
            <thead>
              <tr><th>業種</th><th class="num">X1</th><th class="num">Z</th><th class="num">P（総合評定値）</th></tr>
            </thead>
            <tbody>
              @for (s of k.scores; track s.tradeCode) {
                <tr>
                  <td>{{ ctx.tradeLabel(s.tradeCode) }}</td>
                  <td class="num">{{ s.x1 }}</td>
                  <td class="num">{{ s.z }}</td>
                  <td class="num p">{{ s.p }}</td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      } @empty {
        <p class="empty">経審の結果は登録されていません。</p>
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    `
      .notice { border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; padding: 4px 12px 12px; margin-bottom: 12px; }
      .head { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; min-height: 40px; }
      .spacer { flex: 1; }
      .p { font-weight: 600; }
    `,
  ],
})
export class KeishinTab {
  readonly ctx = inject(VendorContext);
  readonly dialog = KeishinDialog;

  remove(k: Keishin): void {
    void this.ctx.removePart('keishin', k, `審査基準日 ${k.baseDate} の経審結果`);
  }
}
