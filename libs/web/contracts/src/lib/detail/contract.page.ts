import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { badgeClass } from '@keiyaku/web/ui';
import { CONTRACT_STATUS_LABELS, label, STATUS_TONES, TENDER_METHOD_LABELS } from '../models';
import { ApprovalBarComponent } from './approval-bar.component';
import { ApprovalTarget, ContractContext } from './contract-context';
import { ChangesTab } from './tabs/changes.tab';
import { HistoryTab } from './tabs/history.tab';
import { InspectionsTab } from './tabs/inspections.tab';
import { OverviewTab } from './tabs/overview.tab';
import { PaymentsTab } from './tabs/payments.tab';
import { RatingTab } from './tabs/rating.tab';

/** The tabs in order; the key is kept in ?tab= so a link (or a reload) opens the same tab. */
const TABS = ['overview', 'changes', 'payments', 'inspections', 'rating', 'history'] as const;

@Component({
  selector: 'ky-contract-page',
  imports: [
    RouterLink,
    MatTabsModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    ApprovalBarComponent,
    OverviewTab,
    ChangesTab,
    PaymentsTab,
    InspectionsTab,
    RatingTab,
    HistoryTab,
  ],
  providers: [ContractContext],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/contracts">契約</a> ＞ {{ ctx.contract()?.contractNumber ?? '契約案' }}</nav>
      @if (ctx.loading() && !ctx.contract()) {
        <mat-progress-bar mode="indeterminate" aria-label="読み込み中" />
      }
      @if (ctx.error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      @if (ctx.contract(); as c) {
        <header class="head">
          <h1 class="ky-page-title">{{ c.title }}</h1>
          <span class="code">{{ c.contractNumber ? '契約番号 ' + c.contractNumber : '契約番号は締結時に付きます' }}</span>
          <span [class]="statusBadge()" role="status" aria-label="状態">{{ statusLabel() }}</span>
          <span class="ky-badge ky-badge--info">{{ methodLabel() }}</span>
          @if (c.changeWarning) {
            <span class="ky-badge ky-badge--warn">変更率 {{ c.changeRate }}%</span>
          }
          <span class="spacer"></span>
          @if (c.tenderId) {
            <a mat-button [routerLink]="['/tenders', c.tenderId]"><mat-icon>gavel</mat-icon>入札案件 {{ c.tenderNumber ?? '' }}</a>
          }
          <a mat-button routerLink="/contracts"><mat-icon>list</mat-icon>一覧へ戻る</a>
        </header>
        <div class="bars">
          @if (ctx.moves().length) {
            <div class="moves" role="group" aria-label="状態の変更">
              @for (m of ctx.moves(); track m.to) {
                @if (m.primary) {
                  <button mat-flat-button type="button" [disabled]="ctx.busy() || !!m.disabledReason" [matTooltip]="m.disabledReason ?? ''" (click)="ctx.move(m.to)">
                    <mat-icon>{{ m.icon }}</mat-icon>{{ m.label }}
                  </button>
                } @else {
                  <button mat-stroked-button type="button" [disabled]="ctx.busy() || !!m.disabledReason" [matTooltip]="m.disabledReason ?? ''" (click)="ctx.move(m.to)">
                    <mat-icon>{{ m.icon }}</mat-icon>{{ m.label }}
                  </button>
                }
              }
            </div>
          }
          @if (c.status === 'draft') {
            <ky-approval-bar [target]="approvalTarget()!" />
          } @else if (c.approvals.length) {
            <ky-approval-bar [target]="approvalTarget()!" [allowSubmit]="false" />
          }
        </div>
        @if (c.status === 'cancelled' && c.cancelReason) {
          <p class="cancelled">解除の理由: {{ c.cancelReason }}</p>
        }
        @if (ctx.actionError(); as message) {
          <p class="ky-error action-error" role="alert">{{ message }}</p>
        }
        <mat-tab-group [selectedIndex]="tabIndex()" (selectedIndexChange)="selectTab($event)" animationDuration="0ms" mat-stretch-tabs="false">
          <mat-tab label="概要"><ng-template matTabContent><ky-contract-overview-tab /></ng-template></mat-tab>
          <mat-tab [label]="changesLabel()"><ng-template matTabContent><ky-contract-changes-tab /></ng-template></mat-tab>
          <mat-tab label="支払"><ng-template matTabContent><ky-contract-payments-tab /></ng-template></mat-tab>
          <mat-tab [label]="inspectionsLabel()"><ng-template matTabContent><ky-contract-inspections-tab /></ng-template></mat-tab>
          <mat-tab label="評定"><ng-template matTabContent><ky-contract-rating-tab /></ng-template></mat-tab>
          <mat-tab label="履歴"><ng-template matTabContent><ky-contract-history-tab /></ng-template></mat-tab>
        </mat-tab-group>
      }
    </section>
  `,
  styles: `
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 4px; }
    .head .ky-page-title { margin: 0; }
    .code { color: var(--mat-sys-on-surface-variant); }
    .spacer { flex: 1; }
    .bars { display: flex; gap: 8px 24px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
    .moves { display: flex; gap: 8px; flex-wrap: wrap; }
    .cancelled { color: #8c1d18; margin: 4px 0; }
    .action-error { margin: 4px 0 8px; }
  `,
})
export class ContractPage {
  readonly ctx = inject(ContractContext);
  private readonly router = inject(Router);

  /** Route parameter and ?tab= (bound by the router). */
  readonly id = input.required<string>();
  readonly tab = input<string>();

  readonly tabIndex = computed(() => Math.max(0, TABS.indexOf((this.tab() ?? 'overview') as (typeof TABS)[number])));
  readonly statusLabel = computed(() => label(CONTRACT_STATUS_LABELS, this.ctx.contract()?.status));
  readonly statusBadge = computed(() => badgeClass(STATUS_TONES[this.ctx.contract()?.status ?? 'draft'] ?? 'neutral'));
  readonly methodLabel = computed(() => label(TENDER_METHOD_LABELS, this.ctx.contract()?.method));
  readonly changesLabel = computed(() => {
    const n = this.ctx.contract()?.changes.length ?? 0;
    return n ? `変更（${n}）` : '変更';
  });
  readonly inspectionsLabel = computed(() => {
    const n = this.ctx.contract()?.inspections.length ?? 0;
    return n ? `検査（${n}）` : '検査';
  });
  readonly approvalTarget = computed<ApprovalTarget | null>(() => {
    const c = this.ctx.contract();
    return c ? { subject: 'contract', subjectId: c.id, version: c.version, status: c.approvalStatus, approvals: c.approvals, name: '契約' } : null;
  });

  constructor() {
    effect(() => {
      const id = Number(this.id());
      untracked(() => {
        if (Number.isInteger(id) && id > 0) void this.ctx.load(id);
        else this.ctx.error.set('この契約は登録されていません。');
      });
    });
  }

  selectTab(index: number): void {
    void this.router.navigate([], { queryParams: { tab: index ? TABS[index] : null }, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
