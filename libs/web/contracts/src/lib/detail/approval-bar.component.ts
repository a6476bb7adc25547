import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { badgeClass, JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { APPROVAL_ACTION_LABELS, APPROVAL_STATUS_LABELS, APPROVAL_TONES, label } from '../models';
import { ApprovalTarget, ContractContext } from './contract-context';

/**
 * 決裁: the state of the contract, a change or an inspection result, the 起案・決裁・差戻し
 * buttons the user may press, and the history of decisions (newest last).
 */
@Component({
  selector: 'ky-approval-bar',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (target(); as t) {
      <div class="bar" role="group" [attr.aria-label]="t.name + 'の決裁'">
        <span class="caption">決裁</span>
        <span [class]="badge()" role="status" [attr.aria-label]="t.name + 'の決裁状況'">{{ statusLabel() }}</span>
        @if (allowSubmit() && ctx.canSubmit(t)) {
          <button mat-flat-button type="button" [disabled]="ctx.busy()" (click)="ctx.decide(t, 'submit')"><mat-icon>send</mat-icon>起案</button>
        }
        @if (t.status === 'pending' && ctx.canDecide()) {
          <button mat-flat-button type="button" [disabled]="ctx.busy() || ctx.selfDrafted(t)" [matTooltip]="ctx.selfDrafted(t) ? selfMessage : ''" (click)="ctx.decide(t, 'approve')">
            <mat-icon>task_alt</mat-icon>決裁
          </button>
          <button mat-stroked-button type="button" [disabled]="ctx.busy() || ctx.selfDrafted(t)" [matTooltip]="ctx.selfDrafted(t) ? selfMessage : ''" (click)="ctx.decide(t, 'return')">
            <mat-icon>undo</mat-icon>差戻し
          </button>
        }
        @if (t.status === 'pending' && ctx.selfDrafted(t)) {
          <span class="note">別の決裁者の決裁を待っています。</span>
        }
        @if (lastReturn(); as r) {
          <span class="returned">差戻しの理由: {{ r.comment }}</span>
        }
        @if (t.approvals.length) {
          <button mat-button type="button" class="toggle" [attr.aria-expanded]="open()" (click)="open.set(!open())">
            <mat-icon>{{ open() ? 'expand_less' : 'history' }}</mat-icon>決裁の履歴（{{ t.approvals.length }}）
          </button>
        }
      </div>
      @if (open()) {
        <table class="ky-table history" [attr.aria-label]="t.name + 'の決裁の履歴'">
          <thead><tr><th>日時</th><th>操作者</th><th>操作</th><th>コメント</th></tr></thead>
          <tbody>
            @for (a of t.approvals; track a.id) {
              <tr>
                <td>{{ a.actedAt | japaneseDateTime }}</td>
                <td>{{ a.loginId ?? '' }}</td>
                <td>{{ actionLabel(a.action) }}</td>
                <td>{{ a.comment ?? '' }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    }
  `,
  styles: `
    .bar { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .caption { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .note { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .returned { font-size: 13px; color: #8c1d18; }
    .history { border-collapse: collapse; font-size: 12px; margin: 4px 0 8px; }
    .history th, .history td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 2px 8px; text-align: left; }
    .history th { background: #eef2f8; font-weight: 600; }
  `,
})
export class ApprovalBarComponent {
  readonly ctx = inject(ContractContext);
  readonly target = input.required<ApprovalTarget>();
  /** Whether 起案 is offered here (e.g. an inspection is submitted only once its result is in). */
  readonly allowSubmit = input(true);
  readonly open = signal(false);
  readonly selfMessage = '自分が起案したものは決裁できません。別の決裁者が決裁します。';

  readonly statusLabel = computed(() => label(APPROVAL_STATUS_LABELS, this.target().status));
  readonly badge = computed(() => badgeClass(APPROVAL_TONES[this.target().status] ?? 'neutral'));
  readonly lastReturn = computed(() => {
    const t = this.target();
    const last = t.approvals[t.approvals.length - 1];
    return t.status === 'returned' && last?.action === 'return' && last.comment ? last : null;
  });

  actionLabel(action: string): string {
    return label(APPROVAL_ACTION_LABELS, action);
  }
}
