import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { JapaneseDatePipe, ReportPreviewService } from '@keiyaku/web/ui';
import { ContractChange, ContractDetail, formatChangeRate, formatYen } from '../../models';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { ApprovalBarComponent } from '../approval-bar.component';
import { ApprovalTarget, ContractContext } from '../contract-context';
import { ChangeDialog, ChangeDialogData } from '../dialogs/change.dialog';

const LIVE = ['concluded', 'inProgress', 'completed', 'inspected'];

/** 変更: the original against the current amount and period, the change rate, every 変更契約. */
@Component({
  selector: 'ky-contract-changes-tab',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, JapaneseDatePipe, ApprovalBarComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.contract(); as c) {
      <dl class="facts" aria-label="当初と現在">
        <div><dt>当初契約金額（税込）</dt><dd data-figure="originalAmount">{{ yen(c.originalAmount) || '（締結時に確定）' }}</dd></div>
        <div><dt>現在の契約金額（税込）</dt><dd data-figure="currentAmount">{{ yen(c.amount) }}</dd></div>
        <div><dt>変更率</dt><dd data-figure="changeRate">{{ rate(c.changeRate) || '—' }}</dd></div>
        <div><dt>変更回数（決裁済）</dt><dd>{{ approvedCount() }}回</dd></div>
        <div><dt>当初の工期（至）</dt><dd>{{ c.originalPeriodTo | japaneseDate }}</dd></div>
        <div><dt>現在の工期（至）</dt><dd data-figure="currentPeriodTo">{{ c.periodTo | japaneseDate }}</dd></div>
      </dl>
      @if (c.changeWarning) {
        <p class="ky-warning" role="alert">
          変更率が{{ c.changeWarningPercent ?? 30 }}%を超えています（{{ rate(c.changeRate) }}）。変更の範囲が当初契約の同一性を損なわないか確認してください。
        </p>
      }
      <div class="tab-toolbar">
        <h2>変更契約</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite() && live()) {
          <button mat-stroked-button type="button" [disabled]="!!addBlocked()" [matTooltip]="addBlocked() ?? ''" (click)="open(null)"><mat-icon>add</mat-icon>変更契約を追加</button>
        }
      </div>
      @if (!live() && c.status === 'draft') {
        <p class="empty">変更契約は締結後に登録できます。</p>
      }
      @if (c.changes.length) {
        <table class="ky-table" aria-label="変更契約">
          <thead>
            <tr><th>回</th><th>変更契約日</th><th class="num">変更後の金額（税込）</th><th class="num">変更率</th><th>変更後の工期（至）</th><th>理由</th><th class="actions"></th></tr>
          </thead>
          <tbody>
            @for (x of c.changes; track x.id) {
              <tr>
                <td>第{{ x.changeNo }}回</td>
                <td>{{ x.changeDate | japaneseDate }}</td>
                <td class="num">{{ yen(x.amount) }}</td>
                <td class="num">{{ rate(x.changeRate) }}</td>
                <td>{{ x.periodTo ? (x.periodTo | japaneseDate) : '変更なし' }}</td>
                <td>{{ x.reason }}</td>
                <td class="actions">
                  @if (ctx.canWrite() && x.approvalStatus !== 'approved' && x.approvalStatus !== 'pending') {
                    <button mat-button type="button" [attr.aria-label]="'第' + x.changeNo + '回変更契約を修正'" (click)="open(x)"><mat-icon>edit</mat-icon>修正</button>
                  }
                  @if (ctx.canPrint()) {
                    <button mat-button type="button" [attr.aria-label]="'第' + x.changeNo + '回の変更契約書'" (click)="print(x)"><mat-icon>print</mat-icon>変更契約書</button>
                  }
                </td>
              </tr>
              <tr class="approval">
                <td colspan="7"><ky-approval-bar [target]="target(x)" /></td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (live()) {
        <p class="empty">変更契約はありません。</p>
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    FACTS_STYLES,
    `.facts { margin: 12px 0; }
     .ky-warning { color: #7a4f01; background: #fff4d6; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
     .ky-table tr.approval td { padding-left: 32px; background: #fafbfd; }`,
  ],
})
export class ChangesTab {
  readonly ctx = inject(ContractContext);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly preview = inject(ReportPreviewService);

  readonly live = computed(() => LIVE.includes(this.ctx.contract()?.status ?? ''));
  readonly approvedCount = computed(() => this.ctx.contract()?.changes.filter((x) => x.approvalStatus === 'approved').length ?? 0);
  readonly addBlocked = computed(() =>
    this.ctx.contract()?.changes.some((x) => x.approvalStatus !== 'approved') ? '決裁の済んでいない変更契約があります。先にその決裁を済ませてください。' : null,
  );

  target(x: ContractChange): ApprovalTarget {
    return { subject: 'change', subjectId: x.id, version: x.version, status: x.approvalStatus, approvals: x.approvals ?? [], name: `第${x.changeNo}回変更契約` };
  }

  yen(v: number | null): string {
    return formatYen(v);
  }

  rate(v: number | null): string {
    return formatChangeRate(v);
  }

  open(change: ContractChange | null): void {
    const contract = this.ctx.contract();
    if (!contract) return;
    const data: ChangeDialogData = { contract, change };
    this.dialog
      .open(ChangeDialog, { data, width: '760px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: ContractDetail | undefined) => {
        if (!saved) return;
        this.ctx.set(saved);
        this.snack.open(change ? `第${change.changeNo}回変更契約を修正しました（起案中）。` : '変更契約を登録しました（起案中）。起案して決裁を受けてください。', '閉じる', { duration: 5000 });
      });
  }

  print(x: ContractChange): void {
    const c = this.ctx.contract();
    if (c) this.preview.open('contract-change', '変更契約書', { contractId: c.id, changeId: x.id });
  }
}
