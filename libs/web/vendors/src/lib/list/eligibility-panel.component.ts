import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { CATEGORIES, CategoryCode } from '@keiyaku/domain';
import { errorMessage } from '@keiyaku/web/ui';
import { EligibilityExplanation, EligibleResult, label, LOCALITY_LABELS, LOCALITY_OPTIONS, RankingRuleRow, todayInJapan, Trade } from '../models';
import { TABLE_STYLES } from '../styles';
import { EligibilityQuery, VendorsApi } from '../vendors-api.service';

/**
 * 指名候補の確認: who may be designated for a category, trade and rank on a date, and why a
 * given vendor may not (qualification, 指名停止, permit, 経審 — decided on the server).
 */
@Component({
  selector: 'ky-eligibility-panel',
  imports: [FormsModule, MatFormFieldModule, MatSelectModule, MatInputModule, MatButtonModule, MatIconModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel" aria-label="指名候補の確認">
      <form class="conditions" (ngSubmit)="check()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>部門</mat-label>
          <mat-select name="category" [ngModel]="category()" (ngModelChange)="category.set($event)">
            @for (c of categories; track c.code) {
              <mat-option [value]="c.code">{{ c.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="trade">
          <mat-label>業種</mat-label>
          <mat-select name="tradeCode" [ngModel]="tradeCode()" (ngModelChange)="tradeCode.set($event)">
            @for (t of trades(); track t.code) {
              <mat-option [value]="t.code">{{ t.code }} {{ t.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="small">
          <mat-label>等級</mat-label>
          <mat-select name="rank" [ngModel]="rank()" (ngModelChange)="rank.set($event)">
            <mat-option value="">指定なし</mat-option>
            @for (r of ranks(); track r) {
              <mat-option [value]="r">{{ r }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="small">
          <mat-label>地域区分</mat-label>
          <mat-select name="locality" [ngModel]="locality()" (ngModelChange)="locality.set($event)">
            <mat-option value="">指定なし</mat-option>
            @for (o of localities; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>基準日</mat-label>
          <input matInput type="date" name="date" [ngModel]="date()" (ngModelChange)="date.set($event)" required />
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy() || !tradeCode() || !date()"><mat-icon>how_to_reg</mat-icon>指名候補を表示</button>
      </form>

      @if (result(); as r) {
        <p class="counts" role="status">
          指名可能 <strong>{{ r.total }}</strong>社／除外 <strong>{{ r.excluded }}</strong>社（資格のある業者 {{ r.total + r.excluded }}社）
        </p>
        @if (r.rows.length) {
          <div class="scroll">
            <table class="ky-table" aria-label="指名候補">
              <thead>
                <tr><th>業者番号</th><th>商号又は名称</th><th>地域区分</th><th>等級</th><th class="num">総合点数</th></tr>
              </thead>
              <tbody>
                @for (row of r.rows; track row.vendorId) {
                  <tr>
                    <td>{{ row.vendorCode }}</td>
                    <td><a [routerLink]="['/vendors', row.vendorId]">{{ row.name }}</a></td>
                    <td>{{ localityLabel(row.locality) }}</td>
                    <td>{{ row.rank ?? '—' }}</td>
                    <td class="num">{{ row.totalScore ?? '—' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }

      <form class="conditions explain" (ngSubmit)="explain()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>業者番号</mat-label>
          <input matInput name="vendorCode" [ngModel]="vendorCode()" (ngModelChange)="vendorCode.set($event)" autocomplete="off" inputmode="numeric" />
        </mat-form-field>
        <button mat-stroked-button type="submit" [disabled]="busy() || !vendorCode().trim() || !tradeCode() || !date()"><mat-icon>help_outline</mat-icon>除外理由</button>
        @if (explanation(); as e) {
          <div class="explanation" role="status">
            <strong>{{ e.vendorCode }} {{ e.name }}</strong>：
            @if (e.eligible) {
              <span class="ok">この条件で指名できます。</span>
            } @else {
              <span class="ng">指名できません — {{ e.reasons.join('／') }}</span>
            }
          </div>
        }
      </form>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
    </section>
  `,
  styles: [
    TABLE_STYLES,
    `
      .panel { border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; padding: 8px 12px; margin-bottom: 8px; background: var(--mat-sys-surface-container-lowest); }
      .conditions { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
      .conditions.explain { margin-top: 8px; }
      .conditions mat-form-field { width: 150px; }
      .conditions .trade { width: 230px; }
      .conditions .small { width: 122px; }
      .counts { margin: 8px 0 4px; }
      .scroll { max-height: 220px; overflow: auto; }
      .explanation { font-size: 13px; }
      .ok { color: #1e4620; }
      .ng { color: #8c1d18; }
    `,
  ],
})
export class EligibilityPanelComponent {
  private readonly api = inject(VendorsApi);

  readonly categories = CATEGORIES;
  readonly localities = LOCALITY_OPTIONS;
  readonly category = signal<CategoryCode>('construction');
  readonly tradeCode = signal('');
  readonly rank = signal('');
  readonly locality = signal('');
  readonly date = signal(todayInJapan());
  readonly vendorCode = signal('');

  readonly trades = signal<Trade[]>([]);
  private readonly rules = signal<RankingRuleRow[]>([]);
  readonly ranks = computed(() => {
    const rule = this.rules()
      .filter((r) => r.tradeCode === this.tradeCode())
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    return rule ? rule.thresholds.map((t) => t.rank) : ['A', 'B', 'C', 'D'];
  });

  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly result = signal<EligibleResult | null>(null);
  readonly explanation = signal<EligibilityExplanation | null>(null);

  constructor() {
    effect(() => {
      const category = this.category();
      untracked(() => void this.loadMasters(category));
    });
  }

  localityLabel(code: string): string {
    return label(LOCALITY_LABELS, code);
  }

  private async loadMasters(category: CategoryCode): Promise<void> {
    try {
      const [trades, rules] = await Promise.all([this.api.trades(category), this.api.rankingRules(category)]);
      this.trades.set(trades.filter((t) => t.active));
      this.rules.set(rules);
      if (!trades.some((t) => t.code === this.tradeCode())) this.tradeCode.set(trades[0]?.code ?? '');
      this.result.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  private query(): EligibilityQuery {
    return { category: this.category(), tradeCode: this.tradeCode(), date: this.date(), rank: this.rank() || null, locality: this.locality() || null };
  }

  async check(): Promise<void> {
    await this.run(async () => this.result.set(await this.api.eligible(this.query())));
  }

  async explain(): Promise<void> {
    await this.run(async () => this.explanation.set(await this.api.explain(this.query(), this.vendorCode().trim())));
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
