import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { JapaneseDatePipe } from '@keiyaku/web/ui';
import { PriceResult } from '@keiyaku/domain';
import { formatYen, formatYenExact } from '../models';

/** What the panel shows: a live calculation (LivePrice) or a tender's stored one. */
export interface PanelPrice {
  rule: { code: string; name: string; effectiveFrom: string } | null;
  date: string | null;
  result: PriceResult | null;
  problem: string | null;
}

/**
 * The live price panel: the rule version in force, the figures and every step of the
 * calculation, computed in the browser while the inputs are typed.
 */
@Component({
  selector: 'ky-price-panel',
  imports: [MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel" role="region" [attr.aria-label]="title()">
      <h3><mat-icon>calculate</mat-icon>{{ title() }}</h3>
      @if (live().rule; as r) {
        <dl class="rule" aria-label="適用する算定基準">
          <div><dt>算定基準</dt><dd>{{ r.code }}</dd></div>
          <div class="wide"><dt>名称</dt><dd>{{ r.name }}</dd></div>
          <div><dt>適用開始日</dt><dd>{{ r.effectiveFrom | japaneseDate }}</dd></div>
        </dl>
        @if (live().date) {
          <p class="note">基準日 {{ live().date | japaneseDate }}（公告日、なければ指名通知日）で選んだ版です。</p>
        }
      }
      @if (live().result; as res) {
        <dl class="figures">
          @if (res.minimumPrice !== null) {
            <div class="main"><dt>最低制限価格</dt><dd data-figure="minimumPrice">{{ yen(res.minimumPrice) }}</dd></div>
          }
          @if (res.lowBidThreshold !== null) {
            <div class="main"><dt>低入札価格調査基準価格</dt><dd data-figure="lowBidThreshold">{{ yen(res.lowBidThreshold) }}</dd></div>
          }
          @if (res.disqualificationPrice !== null) {
            <div><dt>失格判断基準価格</dt><dd>{{ yen(res.disqualificationPrice) }}</dd></div>
          }
          <div><dt>下限</dt><dd>{{ exact(res.lowerBound) }}</dd></div>
          <div><dt>上限</dt><dd>{{ exact(res.upperBound) }}</dd></div>
          @if (ratio(); as rt) {
            <div><dt>予定価格に対する割合</dt><dd>{{ rt }}</dd></div>
          }
        </dl>
        @if (res.clamped) {
          <p class="flag">算定額が{{ res.clamped === 'lower' ? '下限を下回る' : '上限を上回る' }}ため、{{ res.clamped === 'lower' ? '下限' : '上限' }}としています。</p>
        }
        @if (res.overridden) {
          <p class="flag">手動設定（特別な場合）の価格です。</p>
        }
        @if (res.randomCoefficient !== null) {
          <p class="note">開札時のランダム係数 {{ res.randomCoefficient }} を適用しています。</p>
        }
        <table class="steps" aria-label="算定の過程">
          <thead><tr><th>項目</th><th>計算</th><th class="num">金額</th></tr></thead>
          <tbody>
            @for (s of res.steps; track $index) {
              <tr><td>{{ s.label }}</td><td>{{ s.formula }}</td><td class="num">{{ exact(s.value) }}</td></tr>
            }
          </tbody>
        </table>
      } @else if (live().problem; as p) {
        <p class="problem" role="status">{{ p }}</p>
      }
    </section>
  `,
  styles: `
    .panel { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 16px 12px; background: #f7f9fc; }
    h3 { display: flex; align-items: center; gap: 6px; font-size: 15px; margin: 4px 0 8px; }
    dl { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4px 16px; margin: 0 0 8px; }
    dl .wide { grid-column: span 2; }
    dt { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    .figures .main dd { font-size: 18px; font-weight: 600; color: #0b3d91; }
    .flag { margin: 4px 0; color: #7a4100; font-size: 13px; }
    .note { margin: 2px 0 8px; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .problem { color: var(--mat-sys-on-surface-variant); }
    .steps { border-collapse: collapse; width: 100%; font-size: 12px; }
    .steps th, .steps td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 3px 6px; text-align: left; }
    .steps .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  `,
})
export class PricePanelComponent {
  readonly live = input.required<PanelPrice>();
  readonly plannedPrice = input<number | null>(null);
  readonly title = input('最低制限価格等の算定（入力中の内容で試算）');

  readonly ratio = computed(() => {
    const r = this.live().result;
    const p = this.plannedPrice();
    return r && p ? `${((r.price / p) * 100).toFixed(2)}%` : '';
  });

  yen(v: number): string {
    return formatYen(Math.ceil(v));
  }

  exact(v: number): string {
    return formatYenExact(v);
  }
}
