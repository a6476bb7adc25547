import { ChangeDetectionStrategy, Component, computed, effect, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CATEGORIES, CategoryCode, fiscalYearOf } from '@keiyaku/domain';
import { errorMessage } from '@keiyaku/web/ui';
import { Qualification, RankingRuleRow, RatingAverage, SubjectiveItem, SubjectivePoint, Term, Trade } from '../../models';
import { FORM_GRID_STYLES, TABLE_STYLES } from '../../styles';
import { PartDialog } from '../part-dialog';

type ItemRow = FormGroup<{ code: FormControl<string>; name: FormControl<string>; checked: FormControl<boolean>; points: FormControl<number | null> }>;

const DEFAULT_RANKS = ['A', 'B', 'C', 'D'];

/**
 * 入札参加資格 per category × trade × term, with its rank and 主観点. The server fills P, the
 * totals and the validity from the term; ranks normally come from a re-ranking run.
 */
@Component({
  selector: 'ky-qualification-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatCheckboxModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '資格・格付の編集' : '資格・格付の追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <mat-form-field appearance="outline" class="w2">
            <mat-label>部門</mat-label>
            <mat-select formControlName="category" (selectionChange)="onCategory()">
              @for (c of categories; track c.code) {
                <mat-option [value]="c.code">{{ c.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>有効期間</mat-label>
            <mat-select formControlName="termCode">
              @for (t of terms(); track t.code) {
                <mat-option [value]="t.code">{{ t.name }}（{{ t.code }}）</mat-option>
              }
            </mat-select>
            <mat-error>{{ msg('termCode', '有効期間') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>業種</mat-label>
            <mat-select formControlName="tradeCode">
              @for (t of trades(); track t.code) {
                <mat-option [value]="t.code">{{ t.code }} {{ t.name }}{{ t.ranked ? '' : '（格付なし）' }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ msg('tradeCode', '業種') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>等級</mat-label>
            <mat-select formControlName="rank">
              <mat-option value="">格付なし</mat-option>
              @for (r of ranks(); track r) {
                <mat-option [value]="r">{{ r }}</mat-option>
              }
            </mat-select>
            <mat-hint>通常は「格付」画面の再計算で決まります</mat-hint>
            <mat-error>{{ msg('rank') }}</mat-error>
          </mat-form-field>
        </div>

        @if (items.length) {
          <table class="ky-table" aria-label="主観点">
            <thead>
              <tr><th>主観点項目</th><th class="num">点数</th></tr>
            </thead>
            <tbody formArrayName="items">
              @for (row of items.controls; track row; let i = $index) {
                <tr [formGroupName]="i">
                  <td><mat-checkbox formControlName="checked">{{ row.controls.name.value }}</mat-checkbox></td>
                  <td class="num">
                    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="points">
                      <input matInput type="number" formControlName="points" [attr.aria-label]="row.controls.name.value + 'の点数'" />
                    </mat-form-field>
                  </td>
                </tr>
              }
            </tbody>
            <tfoot>
              <tr><th>主観点 合計</th><th class="num">{{ subjectiveTotal() }}</th></tr>
            </tfoot>
          </table>
          @if (rating(); as r) {
            <div class="rating" role="group" aria-label="工事成績評定の平均">
              @if (r.count) {
                <span data-figure="ratingAverage">工事成績評定の平均（{{ r.fiscalYears.join('・') }}年度、この業種）: <b>{{ r.average }}点</b>（{{ r.count }}件）</span>
                <span class="suggested">→ {{ r.suggested.length ? r.suggested.map(suggestionText).join('、') : '該当する主観点項目はありません' }}</span>
              } @else {
                <span data-figure="ratingAverage">工事成績評定の実績はありません（{{ r.fiscalYears.join('・') }}年度、この業種）。工事成績の主観点は付きません。</span>
              }
              @if (r.ratingItemCodes.length) {
                <button mat-stroked-button type="button" (click)="applyRating(r)">工事成績の主観点を反映</button>
              }
            </div>
          }
        }
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ editing ? '保存' : '追加' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: [
    FORM_GRID_STYLES,
    TABLE_STYLES,
    `.points { width: 100px; } td { vertical-align: middle; }
    .rating { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin-top: 8px; font-size: 13px; }
    .suggested { color: var(--mat-sys-on-surface-variant); }`,
  ],
})
export class QualificationDialog extends PartDialog<Qualification> implements OnInit {
  private readonly fb = inject(NonNullableFormBuilder);
  readonly categories = CATEGORIES;
  readonly trades = signal<Trade[]>([]);
  readonly terms = signal<Term[]>([]);
  private readonly rules = signal<RankingRuleRow[]>([]);

  readonly items = new FormArray<ItemRow>([]);
  readonly form = this.fb.group({
    category: this.fb.control<CategoryCode>('construction', Validators.required),
    tradeCode: ['', Validators.required],
    termCode: ['', Validators.required],
    rank: [''],
    items: this.items,
  });
  /** The row being edited keeps its breakdown until the category's items have loaded. */
  private breakdown: SubjectivePoint[] = [];
  private loadedItems: SubjectiveItem[] | null = null;

  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  readonly subjectiveTotal = computed(() => (this.value().items ?? []).filter((i) => i?.checked).reduce((sum, i) => sum + (Number(i?.points) || 0), 0));
  /** The ranks of the rule in force for the chosen trade and term (the usual A–D without one). */
  readonly ranks = computed(() => {
    const v = this.value();
    const term = this.terms().find((t) => t.code === v.termCode);
    const rule = this.rules()
      .filter((r) => r.tradeCode === v.tradeCode && (!term || r.effectiveFrom <= term.validFrom))
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    const ranks = rule ? rule.thresholds.map((t) => t.rank) : DEFAULT_RANKS;
    // A rank given earlier stays selectable even if the rule has changed since.
    return v.rank && !ranks.includes(v.rank) ? [...ranks, v.rank] : ranks;
  });

  /** The vendor's 工事成績 average for the chosen trade over the years before the term (null: not shown). */
  readonly rating = signal<RatingAverage | null>(null);
  private ratingKey = '';

  constructor() {
    super();
    effect(() => {
      const v = this.value();
      const term = this.terms().find((t) => t.code === v.termCode);
      const lastFiscalYear = term ? fiscalYearOf(term.validFrom) : null;
      if (!v.tradeCode || !v.category || lastFiscalYear === null) {
        this.rating.set(null);
        return;
      }
      void this.loadRating({ vendorId: this.data.vendorId, tradeCode: v.tradeCode, category: v.category, lastFiscalYear: lastFiscalYear - 1 });
    });
  }

  override ngOnInit(): void {
    super.ngOnInit();
    void this.loadMasters();
  }

  suggestionText(s: { name: string; points: number }): string {
    return `${s.name}（${s.points > 0 ? '+' : ''}${s.points}点）`;
  }

  /** Ticks the 工事成績 items the average earns and clears the other 工事成績 items. */
  applyRating(r: RatingAverage): void {
    const earned = new Set(r.suggested.map((s) => s.code));
    for (const row of this.items.controls) {
      if (r.ratingItemCodes.includes(row.controls.code.value)) row.controls.checked.setValue(earned.has(row.controls.code.value));
    }
    this.form.markAsDirty();
  }

  private async loadRating(params: { vendorId: number; tradeCode: string; category: CategoryCode; lastFiscalYear: number }): Promise<void> {
    const key = JSON.stringify(params);
    if (key === this.ratingKey) return;
    this.ratingKey = key;
    try {
      const r = await this.api.ratingAverage(params);
      if (this.ratingKey === key) this.rating.set(r);
    } catch {
      // Without the right to read ratings (or the ratings module) the line is simply not shown.
      if (this.ratingKey === key) this.rating.set(null);
    }
  }

  onCategory(): void {
    this.breakdown = [];
    this.form.patchValue({ tradeCode: '', termCode: '', rank: '' });
    void this.loadMasters();
  }

  private async loadMasters(): Promise<void> {
    const category = this.form.controls.category.value;
    try {
      const [trades, terms, items, rules] = await Promise.all([
        this.api.trades(category),
        this.api.terms(category),
        this.api.subjectiveItems(category),
        this.api.rankingRules(category),
      ]);
      if (category !== this.form.controls.category.value) return; // changed again meanwhile
      this.trades.set(trades.filter((t) => t.active || t.code === this.data.row?.tradeCode));
      this.terms.set(terms);
      this.rules.set(rules);
      // The newest term is the one normally being registered.
      if (!this.form.controls.termCode.value && terms.length) this.form.controls.termCode.setValue(terms[0].code);
      this.loadedItems = items;
      this.buildItems(items);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  private buildItems(items: SubjectiveItem[]): void {
    this.items.clear({ emitEvent: false });
    const given = new Map(this.breakdown.map((b) => [b.code, b]));
    for (const item of items.filter((i) => i.active || given.has(i.code))) {
      const chosen = given.get(item.code);
      this.items.push(
        this.fb.group({
          code: this.fb.control(item.code),
          name: this.fb.control(`${item.name}（${item.points > 0 ? '+' : ''}${item.points}点）`),
          checked: this.fb.control(!!chosen),
          points: new FormControl<number | null>(chosen?.points ?? item.points, [Validators.min(-1000), Validators.max(1000)]),
        }),
        { emitEvent: false },
      );
    }
    this.items.updateValueAndValidity();
  }

  protected fill(q: Qualification): void {
    this.breakdown = q.subjectiveBreakdown ?? [];
    this.form.patchValue({ category: q.category, tradeCode: q.tradeCode, termCode: q.termCode, rank: q.rank ?? '' });
    // Filled again after a conflict: show the other user's breakdown.
    if (this.loadedItems) this.buildItems(this.loadedItems);
  }

  protected body(): Record<string, unknown> {
    const v = this.form.getRawValue();
    return {
      category: v.category,
      tradeCode: v.tradeCode,
      termCode: v.termCode,
      rank: v.rank || null,
      subjectiveBreakdown: v.items.filter((i) => i.checked).map((i) => ({ code: i.code, points: Number(i.points) || 0 })),
    };
  }
}
