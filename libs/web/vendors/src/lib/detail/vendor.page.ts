import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import { badgeClass } from '@keiyaku/web/ui';
import { DuplicateListComponent } from '../form/duplicate-list.component';
import { DuplicateCandidate, inForce, label, LOCALITY_LABELS, STATUS_LABELS } from '../models';
import { AttachmentsTab } from './tabs/attachments.tab';
import { BasicTab } from './tabs/basic.tab';
import { HistoryTab } from './tabs/history.tab';
import { KeishinTab } from './tabs/keishin.tab';
import { MeasuresTab } from './tabs/measures.tab';
import { OfficesTab } from './tabs/offices.tab';
import { PermitsTab } from './tabs/permits.tab';
import { QualificationsTab } from './tabs/qualifications.tab';
import { VendorContext } from './vendor-context';

/** The tabs in order; the key is kept in ?tab= so a link (or a reload) opens the same tab. */
const TABS = ['basic', 'offices', 'permits', 'keishin', 'qualifications', 'measures', 'attachments', 'history'] as const;

@Component({
  selector: 'ky-vendor-page',
  imports: [
    RouterLink,
    MatTabsModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    DuplicateListComponent,
    BasicTab,
    OfficesTab,
    PermitsTab,
    KeishinTab,
    QualificationsTab,
    MeasuresTab,
    AttachmentsTab,
    HistoryTab,
  ],
  providers: [VendorContext],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/vendors">業者</a> ＞ {{ ctx.vendor()?.name ?? '' }}</nav>
      @if (ctx.loading() && !ctx.vendor()) {
        <mat-progress-bar mode="indeterminate" aria-label="読み込み中" />
      }
      @if (ctx.error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      @if (ctx.vendor(); as v) {
        <header class="head">
          <h1 class="ky-page-title">{{ v.name }}</h1>
          <span class="code">業者番号 {{ v.vendorCode }}</span>
          <span [class]="statusBadge()">{{ statusLabel() }}</span>
          <span class="ky-badge ky-badge--info">{{ localityLabel() }}</span>
          @if (suspended()) {
            <span class="ky-badge ky-badge--error">指名停止中</span>
          }
          <span class="spacer"></span>
          <a mat-button routerLink="/vendors"><mat-icon>list</mat-icon>一覧へ戻る</a>
        </header>
        @if (ctx.warnings().length) {
          <ky-duplicate-list [candidates]="ctx.warnings()" title="保存しました。ただし、同じ業者が登録されている可能性があります。">
            <button mat-button type="button" (click)="ctx.warnings.set([])">確認しました</button>
          </ky-duplicate-list>
        }
        <mat-tab-group [selectedIndex]="tabIndex()" (selectedIndexChange)="selectTab($event)" animationDuration="0ms" mat-stretch-tabs="false">
          <mat-tab label="基本情報"><ng-template matTabContent><ky-vendor-basic-tab /></ng-template></mat-tab>
          <mat-tab [label]="'営業所（' + v.offices.length + '）'"><ng-template matTabContent><ky-vendor-offices-tab /></ng-template></mat-tab>
          <mat-tab [label]="'許可（' + v.permits.length + '）'"><ng-template matTabContent><ky-vendor-permits-tab /></ng-template></mat-tab>
          <mat-tab [label]="'経審（' + v.keishin.length + '）'"><ng-template matTabContent><ky-vendor-keishin-tab /></ng-template></mat-tab>
          <mat-tab [label]="'資格・格付（' + v.qualifications.length + '）'"><ng-template matTabContent><ky-vendor-qualifications-tab /></ng-template></mat-tab>
          <mat-tab [label]="'措置・指名停止（' + v.measures.length + '）'"><ng-template matTabContent><ky-vendor-measures-tab /></ng-template></mat-tab>
          <mat-tab [label]="'添付（' + v.attachments.length + '）'"><ng-template matTabContent><ky-vendor-attachments-tab /></ng-template></mat-tab>
          <mat-tab label="履歴"><ng-template matTabContent><ky-vendor-history-tab /></ng-template></mat-tab>
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
  `,
})
export class VendorPage {
  readonly ctx = inject(VendorContext);
  private readonly router = inject(Router);

  /** Route parameter and ?tab= (bound by the router). */
  readonly id = input.required<string>();
  readonly tab = input<string>();

  readonly tabIndex = computed(() => Math.max(0, TABS.indexOf((this.tab() ?? 'basic') as (typeof TABS)[number])));
  readonly statusLabel = computed(() => label(STATUS_LABELS, this.ctx.vendor()?.status));
  readonly statusBadge = computed(() => {
    const status = this.ctx.vendor()?.status;
    return badgeClass(status === 'active' ? 'ok' : status === 'closed' ? 'error' : 'warn');
  });
  readonly localityLabel = computed(() => label(LOCALITY_LABELS, this.ctx.vendor()?.locality));
  readonly suspended = computed(() => (this.ctx.vendor()?.measures ?? []).some((m) => m.kind === 'suspension' && inForce(m)));

  constructor() {
    // Duplicate warnings handed over by the registration page.
    const state = inject(Location).getState() as { warnings?: DuplicateCandidate[] } | null;
    if (state?.warnings?.length) this.ctx.warnings.set(state.warnings);
    effect(() => {
      const id = Number(this.id());
      untracked(() => {
        if (Number.isInteger(id) && id > 0) void this.ctx.load(id);
        else this.ctx.error.set('この業者は登録されていません。');
      });
    });
  }

  selectTab(index: number): void {
    void this.router.navigate([], { queryParams: { tab: index ? TABS[index] : null }, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
