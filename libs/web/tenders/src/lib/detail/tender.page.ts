import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { usesDesignation } from '@keiyaku/domain';
import { badgeClass } from '@keiyaku/web/ui';
import { label, STATUS_TONES, TENDER_METHOD_LABELS, TENDER_STATUS_LABELS } from '../models';
import { BidsTab } from './tabs/bids.tab';
import { DesignationTab } from './tabs/designation.tab';
import { HistoryTab } from './tabs/history.tab';
import { OverviewTab } from './tabs/overview.tab';
import { PriceTab } from './tabs/price.tab';
import { ResultTab } from './tabs/result.tab';
import { TenderContext } from './tender-context';

/** The tabs in order; the key is kept in ?tab= so a link (or a reload) opens the same tab. */
const TABS = ['overview', 'price', 'designation', 'bids', 'result', 'history'] as const;

@Component({
  selector: 'ky-tender-page',
  imports: [RouterLink, MatTabsModule, MatButtonModule, MatIconModule, MatProgressBarModule, MatTooltipModule, OverviewTab, PriceTab, DesignationTab, BidsTab, ResultTab, HistoryTab],
  providers: [TenderContext],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/tenders">入札案件</a> ＞ {{ ctx.tender()?.tenderNumber ?? '' }}</nav>
      @if (ctx.loading() && !ctx.tender()) {
        <mat-progress-bar mode="indeterminate" aria-label="読み込み中" />
      }
      @if (ctx.error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      @if (ctx.tender(); as t) {
        <header class="head">
          <h1 class="ky-page-title">{{ t.title }}</h1>
          <span class="code">案件番号 {{ t.tenderNumber }}</span>
          <span [class]="statusBadge()" role="status" aria-label="状態">{{ statusLabel() }}</span>
          <span class="ky-badge ky-badge--info">{{ methodLabel() }}</span>
          @if (t.currentRound > 1) {
            <span class="ky-badge ky-badge--warn">第{{ t.currentRound }}回入札</span>
          }
          <span class="spacer"></span>
          <a mat-button routerLink="/tenders"><mat-icon>list</mat-icon>一覧へ戻る</a>
        </header>
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
        @if (t.status === 'cancelled' && t.cancelReason) {
          <p class="cancelled">中止の理由: {{ t.cancelReason }}</p>
        }
        @if (ctx.actionError(); as message) {
          <p class="ky-error action-error" role="alert">{{ message }}</p>
        }
        <mat-tab-group [selectedIndex]="tabIndex()" (selectedIndexChange)="selectTab($event)" animationDuration="0ms" mat-stretch-tabs="false">
          <mat-tab label="概要"><ng-template matTabContent><ky-tender-overview-tab /></ng-template></mat-tab>
          <mat-tab label="価格"><ng-template matTabContent><ky-tender-price-tab /></ng-template></mat-tab>
          <mat-tab [label]="designationLabel()"><ng-template matTabContent><ky-tender-designation-tab /></ng-template></mat-tab>
          <mat-tab label="入札/開札"><ng-template matTabContent><ky-tender-bids-tab /></ng-template></mat-tab>
          <mat-tab label="結果"><ng-template matTabContent><ky-tender-result-tab /></ng-template></mat-tab>
          <mat-tab label="履歴"><ng-template matTabContent><ky-tender-history-tab /></ng-template></mat-tab>
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
    .moves { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
    .cancelled { color: #8c1d18; margin: 4px 0; }
    .action-error { margin: 4px 0 8px; }
  `,
})
export class TenderPage {
  readonly ctx = inject(TenderContext);
  private readonly router = inject(Router);

  /** Route parameter and ?tab= (bound by the router). */
  readonly id = input.required<string>();
  readonly tab = input<string>();

  readonly tabIndex = computed(() => Math.max(0, TABS.indexOf((this.tab() ?? 'overview') as (typeof TABS)[number])));
  readonly statusLabel = computed(() => label(TENDER_STATUS_LABELS, this.ctx.tender()?.status));
  readonly statusBadge = computed(() => badgeClass(STATUS_TONES[this.ctx.tender()?.status ?? 'draft'] ?? 'neutral'));
  readonly methodLabel = computed(() => label(TENDER_METHOD_LABELS, this.ctx.tender()?.method));
  readonly designationLabel = computed(() => {
    const t = this.ctx.tender();
    if (!t || !usesDesignation(t.method)) return '指名';
    return `指名（${t.designations.filter((d) => d.selected).length}）`;
  });

  constructor() {
    effect(() => {
      const id = Number(this.id());
      untracked(() => {
        if (Number.isInteger(id) && id > 0) void this.ctx.load(id);
        else this.ctx.error.set('この入札案件は登録されていません。');
      });
    });
  }

  selectTab(index: number): void {
    void this.router.navigate([], { queryParams: { tab: index ? TABS[index] : null }, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
