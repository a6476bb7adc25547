import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { JapaneseDatePipe } from '@keiyaku/web/ui';
import { ContractDetail, ContractPayment, formatYen, label, PAYMENT_KIND_LABELS } from '../../models';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { ContractContext } from '../contract-context';
import { PaymentDialog, PaymentDialogData } from '../dialogs/payment.dialog';

const LIVE = ['concluded', 'inProgress', 'completed', 'inspected'];

/** 支払: 前払金・部分払・完成払 with their totals against the current amount. */
@Component({
  selector: 'ky-contract-payments-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.contract(); as c) {
      <dl class="facts" aria-label="支払の合計">
        <div><dt>契約金額（税込）</dt><dd>{{ yen(c.amount) }}</dd></div>
        <div><dt>支払済の合計</dt><dd data-figure="paidTotal">{{ yen(c.paidTotal) }}</dd></div>
        <div><dt>登録済の合計（予定を含む）</dt><dd data-figure="registeredTotal">{{ yen(registered()) }}</dd></div>
        <div><dt>未払の残額</dt><dd data-figure="remaining">{{ yen(c.amount - c.paidTotal) }}</dd></div>
        <div><dt>前払金の合計</dt><dd data-figure="advanceTotal">{{ yen(c.advanceTotal) }}</dd></div>
        <div><dt>前払金の限度</dt><dd>{{ c.advanceRate ? yen(c.advanceLimit ?? null) + '（' + c.advanceRate + '%）' : '前払金なし' }}</dd></div>
      </dl>
      <div class="tab-toolbar">
        <h2>支払</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite() && live()) {
          <button mat-stroked-button type="button" (click)="open(null)"><mat-icon>add</mat-icon>支払を追加</button>
        }
      </div>
      @if (c.payments.length) {
        <table class="ky-table" aria-label="支払">
          <thead><tr><th>種類</th><th>支払予定日</th><th>支払日</th><th class="num">支払額（税込）</th><th>備考</th><th class="actions"></th></tr></thead>
          <tbody>
            @for (p of c.payments; track p.id) {
              <tr [class.dim]="!p.paidDate">
                <td>{{ kindLabel(p.kind) }}</td>
                <td>{{ p.dueDate | japaneseDate }}</td>
                <td>{{ p.paidDate ? (p.paidDate | japaneseDate) : '未払' }}</td>
                <td class="num">{{ yen(p.amount) }}</td>
                <td>{{ p.notes ?? '' }}</td>
                <td class="actions">
                  @if (ctx.canWrite() && c.status !== 'paid') {
                    <button mat-button type="button" [attr.aria-label]="kindLabel(p.kind) + 'を修正'" (click)="open(p)"><mat-icon>edit</mat-icon>修正</button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">{{ c.status === 'draft' ? '支払は締結後に登録できます。' : '支払は登録されていません。' }}</p>
      }
    }
  `,
  styles: [TABLE_STYLES, FACTS_STYLES, '.facts { margin: 12px 0; }'],
})
export class PaymentsTab {
  readonly ctx = inject(ContractContext);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  readonly live = computed(() => LIVE.includes(this.ctx.contract()?.status ?? ''));
  readonly registered = computed(() => this.ctx.contract()?.payments.reduce((s, p) => s + p.amount, 0) ?? 0);

  yen(v: number | null): string {
    return formatYen(v);
  }

  kindLabel(kind: string): string {
    return label(PAYMENT_KIND_LABELS, kind);
  }

  open(payment: ContractPayment | null): void {
    const contract = this.ctx.contract();
    if (!contract) return;
    const data: PaymentDialogData = { contract, payment };
    this.dialog
      .open(PaymentDialog, { data, width: '640px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: ContractDetail | undefined) => {
        if (!saved) return;
        this.ctx.set(saved);
        this.snack.open(payment ? '支払を修正しました。' : '支払を登録しました。', '閉じる', { duration: 4000 });
      });
  }
}
