import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { fiscalYearOf, todayInJapan } from '@keiyaku/domain';
import { ChartPoint, errorMessage, KyChart, ReportPreviewService } from '@keiyaku/web/ui';
import { EvaluationsApi } from '../evaluations-api.service';
import { fiscalYearLabel, Statistics } from '../models';

/** 統計: approved ratings over the last N fiscal years, as charts and tables; the publication list. */
@Component({
  selector: 'ky-evaluation-statistics-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressBarModule, MatSelectModule, KyChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/evaluations">工事成績評定</a> ＞ 統計</nav>
      <h1 class="ky-page-title">工事成績評定の統計</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="year">
          <mat-label>年度（まで）</mat-label>
          <mat-select [ngModel]="fiscalYear()" (ngModelChange)="fiscalYear.set($event); load()">
            @for (y of years; track y.value) {
              <mat-option [value]="y.value">{{ y.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="n">
          <mat-label>集計年度数</mat-label>
          <mat-select [ngModel]="years$()" (ngModelChange)="years$.set($event); load()">
            <mat-option [value]="0">設定どおり</mat-option>
            @for (n of [1, 2, 3, 4, 5]; track n) {
              <mat-option [value]="n">{{ n }}年度</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <span class="spacer"></span>
        <button mat-stroked-button type="button" (click)="publication()"><mat-icon>public</mat-icon>公表用一覧（{{ fiscalYear() }}年度）</button>
      </div>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="読み込み中" />
      }
      @if (error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      @if (stats(); as s) {
        <p class="summary" data-figure="summary">{{ s.fiscalYears.join('・') }}年度（承認済・最新の版）: <b>{{ s.count }}件</b>、平均 <b>{{ s.average ?? '—' }}点</b></p>
        <div class="cards">
          <section class="card" aria-label="年度別の推移"><h2>年度別の推移（平均点）</h2><ky-chart [kinds]="['line']" title="年度別の平均点" unit="点" [points]="trend()" /></section>
          <section class="card" aria-label="評定の分布"><h2>評定の分布（件数）</h2><ky-chart title="評定の分布" unit="件" [points]="bands()" /></section>
          <section class="card" aria-label="担当課別"><h2>担当課別（平均点）</h2><ky-chart title="担当課別の平均点" unit="点" [max]="100" [horizontal]="true" [points]="byDepartment()" /></section>
          <section class="card" aria-label="業種別"><h2>業種別（平均点）</h2><ky-chart title="業種別の平均点" unit="点" [max]="100" [horizontal]="true" [points]="byTrade()" /></section>
          <section class="card" aria-label="検査員別"><h2>検査員別（平均点）</h2><ky-chart title="検査員別の平均点" unit="点" [max]="100" [horizontal]="true" [points]="byInspector()" /></section>
        </div>
        <h2 class="sub">業者別（平均点の高い順）</h2>
        <table class="ky-table" aria-label="業者別の平均点">
          <thead><tr><th>業者番号</th><th>業者名</th><th class="num">件数</th><th class="num">平均点</th></tr></thead>
          <tbody>
            @for (v of s.byVendor; track v.vendorId) {
              <tr><td>{{ v.vendorCode }}</td><td>{{ v.vendorName }}</td><td class="num">{{ v.count }}</td><td class="num">{{ v.average ?? '—' }}</td></tr>
            } @empty {
              <tr><td colspan="4" class="empty">承認済の評定はありません。</td></tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
  styles: `
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .year { width: 210px; }
    .n { width: 150px; }
    .spacer { flex: 1; }
    .summary { font-size: 14px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 12px; }
    .card { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 12px; }
    .card h2, .sub { font-size: 14px; margin: 0 0 6px; }
    .sub { margin-top: 16px; }
    .ky-table { border-collapse: collapse; width: 100%; max-width: 800px; font-size: 13px; }
    .ky-table th, .ky-table td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 8px; text-align: left; }
    .ky-table th { background: #eef2f8; }
    .ky-table .num { text-align: right; font-variant-numeric: tabular-nums; }
    .empty { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class StatisticsPage implements OnInit {
  private readonly api = inject(EvaluationsApi);
  private readonly preview = inject(ReportPreviewService);

  private readonly current = fiscalYearOf(todayInJapan()) ?? new Date().getFullYear();
  readonly years = Array.from({ length: 10 }, (_, i) => this.current - i).map((y) => ({ value: y, label: fiscalYearLabel(y) }));
  readonly fiscalYear = signal(this.current);
  /** 0: the setting (mat-select shows nothing for a null value). */
  readonly years$ = signal(0);
  readonly stats = signal<Statistics | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  readonly trend = computed<ChartPoint[]>(() => (this.stats()?.trend ?? []).map((t) => ({ label: `${t.fiscalYear}`, value: t.average, note: `${t.count}件` })));
  readonly bands = computed<ChartPoint[]>(() => (this.stats()?.bands ?? []).map((b) => ({ label: b.band, value: b.count })));
  readonly byDepartment = computed<ChartPoint[]>(() => (this.stats()?.byDepartment ?? []).map((d) => ({ label: d.departmentName, value: d.average, note: `${d.count}件` })));
  readonly byTrade = computed<ChartPoint[]>(() => (this.stats()?.byTrade ?? []).map((d) => ({ label: d.tradeName, value: d.average, note: `${d.count}件` })));
  readonly byInspector = computed<ChartPoint[]>(() => (this.stats()?.byInspector ?? []).map((d) => ({ label: d.name, value: d.average, note: `${d.count}件` })));

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      const n = this.years$();
      this.stats.set(await this.api.statistics({ fiscalYear: this.fiscalYear(), ...(n ? { years: n } : {}) }));
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  publication(): void {
    this.preview.open('evaluation-publication', '工事成績評定結果一覧（公表用）', { fiscalYear: this.fiscalYear() });
  }
}
