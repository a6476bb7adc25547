import { afterRenderEffect, ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import type { Chart, ChartConfiguration } from 'chart.js';

export interface ChartPoint {
  label: string;
  value: number | null;
  /** Shown after the value in the tooltip and the text alternative (e.g. "12件"). */
  note?: string;
}

export type ChartKind = 'bar' | 'line' | 'pie';

const KIND_NAMES: Record<ChartKind, string> = { bar: '棒グラフ', line: '折れ線グラフ', pie: '円グラフ' };
const COLORS = ['#3f6fb5', '#e0883a', '#4c9a5b', '#c4473f', '#8a63b8', '#8c6a4f', '#d16fa5', '#7f7f7f', '#b5b83a', '#3ab5c4'];

/** Chart.js, loaded with the first chart and registered once (only the controllers used here). */
let chartJs: Promise<typeof Chart> | null = null;
function loadChartJs(): Promise<typeof Chart> {
  chartJs ??= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.LineController, m.PieController, m.BarElement, m.LineElement, m.PointElement, m.ArcElement, m.CategoryScale, m.LinearScale, m.Tooltip, m.Legend);
    return m.Chart;
  });
  return chartJs;
}

/**
 * Bar, line and pie charts through Chart.js (loaded only when a chart is shown, so no screen
 * without one pays for it). Without animation: the users' thin clients are slow. The canvas has
 * the title and kind as its name and the figures as its text alternative.
 */
@Component({
  selector: 'ky-chart',
  imports: [MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (kinds().length > 1) {
      <div class="head">
        <mat-button-toggle-group [value]="kind()" (change)="chosen.set($event.value)" aria-label="グラフの種類" hideSingleSelectionIndicator>
          @for (k of kinds(); track k) {
            <mat-button-toggle [value]="k">{{ kindNames[k].replace('グラフ', '') }}</mat-button-toggle>
          }
        </mat-button-toggle-group>
      </div>
    }
    @if (!points().length) {
      <p class="empty">グラフにするデータがありません。</p>
    }
    <div class="box" [style.height.px]="height()" [hidden]="!points().length">
      <canvas #canvas role="img" [attr.aria-label]="title() + '（' + kindNames[kind()] + '）'">
        @for (p of points(); track $index) {
          <span>{{ p.label }}: {{ text(p) }}。</span>
        }
      </canvas>
    </div>
  `,
  styles: `
    :host { display: block; }
    .head { display: flex; justify-content: flex-end; margin-bottom: 4px; }
    .box { position: relative; width: 100%; }
    .empty { color: var(--mat-sys-on-surface-variant); margin: 0; }
  `,
})
export class KyChart {
  readonly points = input.required<ChartPoint[]>();
  readonly title = input('');
  /** The kinds the user can switch between; the first is shown first. */
  readonly kinds = input<ChartKind[]>(['bar']);
  /** Bars run left to right (long labels such as department names read better). */
  readonly horizontal = input(false);
  readonly unit = input('');
  /** The top of the value axis (default: from the data). */
  readonly max = input<number | null>(null);

  readonly kindNames = KIND_NAMES;
  readonly chosen = signal<ChartKind | null>(null);
  readonly kind = computed<ChartKind>(() => {
    const c = this.chosen();
    return c && this.kinds().includes(c) ? c : this.kinds()[0] ?? 'bar';
  });
  readonly height = computed(() => (this.kind() === 'bar' && this.horizontal() ? Math.max(120, this.points().length * 26 + 40) : 280));

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly host = inject(ElementRef<HTMLElement>);
  private chart: Chart | null = null;

  constructor() {
    let alive = true;
    inject(DestroyRef).onDestroy(() => {
      alive = false;
      this.chart?.destroy();
      this.chart = null;
    });
    // After rendering: the canvas exists and has its size.
    afterRenderEffect(() => {
      const config = this.config();
      const canvas = this.canvas().nativeElement;
      void loadChartJs().then((ChartJs) => {
        if (!alive) return;
        // A new kind or axis is a new chart; Chart.js cannot switch a chart's type in place.
        this.chart?.destroy();
        ChartJs.defaults.font.family = getComputedStyle(this.host.nativeElement).fontFamily;
        this.chart = new ChartJs(canvas, config);
      });
    });
  }

  text(p: ChartPoint): string {
    return p.value === null ? '—' : `${p.value.toLocaleString('ja-JP', { maximumFractionDigits: 1 })}${this.unit()}${p.note ? `（${p.note}）` : ''}`;
  }

  private readonly config = computed<ChartConfiguration>(() => {
    const points = this.points();
    const kind = this.kind();
    const labels = points.map((p) => p.label);
    const data = points.map((p) => p.value);
    const tooltip = { callbacks: { label: (c: { dataIndex: number }) => this.text(points[c.dataIndex]) } };
    if (kind === 'pie') {
      return {
        type: 'pie',
        data: { labels, datasets: [{ data, backgroundColor: points.map((_, i) => COLORS[i % COLORS.length]) }] },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'right' }, tooltip } },
      };
    }
    const horizontal = kind === 'bar' && this.horizontal();
    // Whole numbers (counts) get whole-number ticks: no 「0.5件」.
    const counts = data.every((v) => v === null || Number.isInteger(v));
    const valueAxis = { beginAtZero: kind === 'bar', ...(this.max() !== null ? { max: this.max() as number } : {}), ticks: { precision: counts ? 0 : undefined, callback: (v: string | number) => `${Number(v).toLocaleString('ja-JP')}${this.unit()}` } };
    return {
      type: kind,
      data: { labels, datasets: [{ label: this.title(), data, backgroundColor: COLORS[0], borderColor: COLORS[0], spanGaps: true }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
        plugins: { legend: { display: false }, tooltip },
      },
    } as ChartConfiguration;
  });
}
