import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatTabsModule } from '@angular/material/tabs';
import { CATEGORIES, CategoryCode } from '@keiyaku/domain';
import { MasterTable } from './master-table.component';
import { SUBJECTIVE_ITEM_SPEC, TERM_SPEC, TRADE_SPEC } from './master-specs';
import { RankingRules } from './ranking-rules.component';

/** 業者マスタ: the registry's master data per category (部門), one tab per table. */
@Component({
  selector: 'ky-registry-page',
  imports: [MatButtonToggleModule, MatTabsModule, MasterTable, RankingRules],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">業者マスタ</h1>
      <p class="lead">業者登録・格付で使う業種、有効期間、主観点項目、格付基準を部門ごとに管理します。変更は操作ログに記録されます。</p>
      <mat-button-toggle-group class="categories" aria-label="部門" hideSingleSelectionIndicator [value]="category()" (change)="category.set($event.value)">
        @for (c of categories; track c.code) {
          <mat-button-toggle [value]="c.code">{{ c.name }}</mat-button-toggle>
        }
      </mat-button-toggle-group>
      <mat-tab-group animationDuration="0ms" mat-stretch-tabs="false" mat-align-tabs="start">
        <mat-tab label="業種">
          <ng-template matTabContent><ky-master-table [spec]="trades" [category]="category()" /></ng-template>
        </mat-tab>
        <mat-tab label="有効期間">
          <ng-template matTabContent><ky-master-table [spec]="terms" [category]="category()" /></ng-template>
        </mat-tab>
        <mat-tab label="主観点項目">
          <ng-template matTabContent><ky-master-table [spec]="subjectiveItems" [category]="category()" /></ng-template>
        </mat-tab>
        <mat-tab label="格付基準">
          <ng-template matTabContent><ky-ranking-rules [category]="category()" /></ng-template>
        </mat-tab>
      </mat-tab-group>
    </section>
  `,
  styles: `
    .page { max-width: 1280px; }
    .lead { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); }
    .categories { margin-bottom: 8px; }
  `,
})
export class RegistryPage {
  readonly categories = CATEGORIES;
  readonly category = signal<CategoryCode>('construction');
  readonly trades = TRADE_SPEC;
  readonly terms = TERM_SPEC;
  readonly subjectiveItems = SUBJECTIVE_ITEM_SPEC;
}
