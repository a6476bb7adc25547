import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { JapaneseDatePipe } from '@keiyaku/web/ui';
import { GRADE_LABELS, ISSUER_LABELS, Permit, todayInJapan } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { PermitDialog } from '../dialogs/permit.dialog';
import { VendorContext } from '../vendor-context';

/** A permit expiring within this many days is flagged so the renewal can be asked for. */
const EXPIRY_NOTICE_DAYS = 90;

@Component({
  selector: 'ky-vendor-permits-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.vendor(); as v) {
      <div class="tab-toolbar">
        <h2>建設業許可</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite()) {
          <button mat-stroked-button type="button" (click)="ctx.openPart(dialog, 'permits', null)"><mat-icon>add</mat-icon>許可を追加</button>
        }
      </div>
      @if (v.permits.length) {
        <table class="ky-table" aria-label="建設業許可">
          <thead>
            <tr><th>業種</th><th>特定・一般</th><th>許可者</th><th>許可番号</th><th>許可年月日</th><th>有効期限</th><th></th></tr>
          </thead>
          <tbody>
            @for (p of v.permits; track p.id) {
              <tr [class.highlight]="expiry(p) !== 'ok'">
                <td>{{ ctx.tradeLabel(p.tradeCode) }}</td>
                <td>{{ grades[p.grade] }}</td>
                <td>{{ issuers[p.issuer] }}{{ p.issuerPrefecture ? '（' + p.issuerPrefecture + '）' : '' }}</td>
                <td>{{ p.permitNumber }}</td>
                <td>{{ p.permitDate | japaneseDate }}</td>
                <td>
                  {{ p.expiresOn | japaneseDate }}
                  @switch (expiry(p)) {
                    @case ('expired') { <span class="ky-badge ky-badge--error">期限切れ</span> }
                    @case ('soon') { <span class="ky-badge ky-badge--warn">まもなく期限</span> }
                  }
                </td>
                <td class="actions">
                  @if (ctx.canWrite()) {
                    <button mat-icon-button type="button" aria-label="編集" (click)="ctx.openPart(dialog, 'permits', p)"><mat-icon>edit</mat-icon></button>
                    <button mat-icon-button type="button" aria-label="削除" (click)="remove(p)"><mat-icon>delete</mat-icon></button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">建設業許可は登録されていません。</p>
      }
    }
  `,
  styles: [TABLE_STYLES],
})
export class PermitsTab {
  readonly ctx = inject(VendorContext);
  readonly dialog = PermitDialog;
  readonly grades = GRADE_LABELS;
  readonly issuers = ISSUER_LABELS;
  private readonly today = todayInJapan();
  private readonly noticeFrom = new Date(Date.parse(this.today) + EXPIRY_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);

  expiry(p: Permit): 'expired' | 'soon' | 'ok' {
    if (p.expiresOn < this.today) return 'expired';
    return p.expiresOn <= this.noticeFrom ? 'soon' : 'ok';
  }

  remove(p: Permit): void {
    void this.ctx.removePart('permits', p, `${this.ctx.tradeLabel(p.tradeCode)}の許可（${p.permitNumber}）`);
  }
}
