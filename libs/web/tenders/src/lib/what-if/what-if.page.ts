import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { errorMessage, JapaneseDatePipe } from '@keiyaku/web/ui';
import { BID_VERDICT_LABELS, fiscalYearOf, formatYen, label, PriceRuleSetRow, todayInJapan, WhatIfResult, WhatIfRow } from '../models';
import { TABLE_STYLES } from '../styles';
import { TendersApi } from '../tenders-api.service';

/**
 * 最低制限価格の試算: the opened tenders of a fiscal year recomputed under another rule version
 * (the random coefficient as drawn), re-judged, and what would have changed.
 */
@Component({
  selector: 'ky-what-if-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatSelectModule, MatSlideToggleModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/tenders">入札案件</a> ＞ 最低制限価格の試算</nav>
      <h1 class="ky-page-title">最低制限価格の試算</h1>
      <p class="note">開札済みの案件を、別の算定基準の版で算定し直した場合の最低制限価格と判定の違いを示します（記録は変わりません）。</p>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="rule">
          <mat-label>算定基準の版</mat-label>
          <mat-select [(ngModel)]="ruleSetId">
            @for (r of rules(); track r.id) {
              <mat-option [value]="r.id">{{ r.code }} {{ r.name }}（{{ r.effectiveFrom | japaneseDate }}〜）</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="year">
          <mat-label>年度</mat-label>
          <mat-select [(ngModel)]="fiscalYear">
            @for (y of years; track y) {
              <mat-option [value]="y">{{ y }}年度</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="button" [disabled]="!ruleSetId || busy()" (click)="run()"><mat-icon>play_arrow</mat-icon>試算する</button>
        <mat-slide-toggle [(ngModel)]="changedOnly">違いのある案件のみ</mat-slide-toggle>
      </div>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @if (result(); as res) {
        <dl class="summary" aria-label="試算の概要">
          <div><dt>試算した版</dt><dd>{{ res.rule?.code ?? '' }} {{ res.rule?.name ?? '' }}</dd></div>
          <div><dt>対象案件</dt><dd>{{ res.summary.tenders }}件</dd></div>
          <div><dt>最低制限価格が変わる</dt><dd>{{ res.summary.changedMinimum }}件</dd></div>
          <div><dt>失格が増える</dt><dd>{{ res.summary.moreDisqualified }}件</dd></div>
          <div><dt>失格が減る</dt><dd>{{ res.summary.fewerDisqualified }}件</dd></div>
          <div><dt>落札者が変わる</dt><dd>{{ res.summary.winnerChanged }}件</dd></div>
        </dl>
        @if (visible().length) {
          <table class="ky-table" aria-label="試算の結果">
            <thead>
              <tr>
                <th>案件番号</th><th>件名</th><th class="num">予定価格</th><th>実際の版</th><th class="num">実際の最低制限価格</th><th class="num">試算の最低制限価格</th>
                <th class="num">差額</th><th class="num">失格（実際→試算）</th><th>落札者（実際→試算）</th><th>判定が変わる業者</th>
              </tr>
            </thead>
            <tbody>
              @for (r of visible(); track r.tenderId) {
                <tr [class.changed]="changed(r)">
                  <td><a [routerLink]="['/tenders', r.tenderId]">{{ r.tenderNumber }}</a></td>
                  <td>{{ r.title }}</td>
                  <td class="num">{{ yen(r.plannedPrice) }}</td>
                  <td>{{ r.actualRule ?? '' }}</td>
                  <td class="num">{{ yen(r.actualMinimum) }}</td>
                  <td class="num">{{ yen(r.whatIfMinimum) }}</td>
                  <td class="num">{{ diff(r.difference) }}</td>
                  <td class="num">{{ r.bidsDisqualifiedActual }} → {{ r.bidsDisqualifiedWhatIf }}</td>
                  <td>{{ r.winnerActual ?? '—' }}{{ r.winnerActual !== r.winnerWhatIf ? ' → ' + (r.winnerWhatIf ?? 'なし') : '' }}</td>
                  <td>
                    @for (v of r.changedVendors; track $index) {
                      <div>{{ v.vendorName }} {{ yen(v.amount) }}: {{ verdict(v.actual) }} → {{ verdict(v.whatIf) }}</div>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        } @else {
          <p class="empty">{{ res.rows.length ? '違いのある案件はありません。' : 'この年度に試算できる開札済みの案件はありません。' }}</p>
        }
      }
    </section>
  `,
  styles: [
    TABLE_STYLES,
    `
      .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
      .filters { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin: 8px 0 12px; }
      .rule { width: 520px; max-width: 100%; }
      .year { width: 140px; }
      .summary { display: flex; gap: 24px; flex-wrap: wrap; margin: 0 0 12px; }
      .summary dt { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
      .summary dd { margin: 0; font-weight: 600; }
      tr.changed td { background: #fff4e5; }
    `,
  ],
})
export class WhatIfPage implements OnInit {
  private readonly api = inject(TendersApi);

  readonly rules = signal<PriceRuleSetRow[]>([]);
  readonly result = signal<WhatIfResult | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly years = Array.from({ length: 5 }, (_, i) => fiscalYearOf(todayInJapan()) - i);
  ruleSetId: number | null = null;
  fiscalYear = fiscalYearOf(todayInJapan());
  changedOnly = false;

  readonly visibleRows = computed(() => this.result()?.rows ?? []);

  async ngOnInit(): Promise<void> {
    try {
      const rules = await this.api.priceRules(true);
      this.rules.set(rules);
      this.ruleSetId = rules.find((r) => r.category === 'construction' && r.active)?.id ?? rules[0]?.id ?? null;
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  visible(): WhatIfRow[] {
    return this.changedOnly ? this.visibleRows().filter((r) => this.changed(r)) : this.visibleRows();
  }

  changed(r: WhatIfRow): boolean {
    return !!r.difference || r.bidsDisqualifiedActual !== r.bidsDisqualifiedWhatIf || r.winnerActual !== r.winnerWhatIf || r.changedVendors.length > 0;
  }

  verdict(code: string | null): string {
    return label(BID_VERDICT_LABELS, code) || '—';
  }

  yen(v: number | null): string {
    return formatYen(v);
  }

  diff(v: number | null): string {
    if (v === null || v === undefined) return '';
    return v === 0 ? '±0円' : `${v > 0 ? '+' : '−'}${formatYen(Math.abs(v))}`;
  }

  async run(): Promise<void> {
    if (!this.ruleSetId) return;
    const rule = this.rules().find((r) => r.id === this.ruleSetId);
    this.busy.set(true);
    this.error.set(null);
    try {
      this.result.set(await this.api.whatIf({ ruleSetId: this.ruleSetId, fiscalYear: this.fiscalYear, ...(rule ? { category: rule.category } : {}) }));
    } catch (err) {
      this.result.set(null);
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
