import { ChangeDetectionStrategy, ChangeDetectorRef, Component, computed, effect, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { startWith, switchMap } from 'rxjs';
import { ensureComponents, fieldMessage, PriceForm } from '../form/tender-form';
import { BUILDING_OPTIONS, formatYen, numberOrNull, PRICE_CONTROL_OPTIONS, PriceRuleSetRow, TenderCategory, withTax } from '../models';
import { FORM_GRID_STYLES } from '../styles';
import { componentsOf } from './live-price';

/** The price inputs: 予定価格 (tax-excluded, with the tax-included amount beside it), breakdown, options. */
@Component({
  selector: 'ky-price-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="grid" [formGroup]="form()">
      <mat-form-field appearance="outline">
        <mat-label>設計金額（税抜）</mat-label>
        <input matInput type="number" formControlName="designPrice" min="1" step="1000" />
        <span matTextSuffix>円</span>
        <mat-error>{{ msg('designPrice') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w2">
        <mat-label>予定価格（税抜）</mat-label>
        <input matInput type="number" formControlName="plannedPrice" min="1" step="1000" />
        <span matTextSuffix>円</span>
        @if (taxIncluded(); as t) {
          <mat-hint data-figure="plannedPriceTaxIncluded">税込 {{ t }}</mat-hint>
        }
        <mat-error>{{ msg('plannedPrice') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>最低制限価格等</mat-label>
        <mat-select formControlName="priceControl">
          @for (o of controls; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('priceControl') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>予定価格の公表</mat-label>
        <mat-select formControlName="pricePublication">
          <mat-option value="after">事後公表</mat-option>
          <mat-option value="before">事前公表</mat-option>
        </mat-select>
      </mat-form-field>

      @if (category() === 'construction') {
        <mat-form-field appearance="outline">
          <mat-label>建築工事の区分</mat-label>
          <mat-select formControlName="buildingKind">
            @for (o of buildings; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
    </div>

    @if (components().length) {
      <h3 class="sub">内訳（税抜・{{ rule()?.code }}）</h3>
      <div class="grid" [formGroup]="form().controls.components">
        @for (c of components(); track c.key) {
          <mat-form-field appearance="outline">
            <mat-label>{{ c.label }}</mat-label>
            <input matInput type="number" [formControlName]="c.key" min="0" step="1000" />
            <span matTextSuffix>円</span>
            <mat-error>{{ componentMsg(c.key) }}</mat-error>
          </mat-form-field>
        }
      </div>
    }

    <h3 class="sub">手動設定（特別な場合のみ）</h3>
    <div class="grid" [formGroup]="form()">
      <mat-form-field appearance="outline">
        <mat-label>手動設定の価格</mat-label>
        <input matInput type="number" formControlName="overridePrice" min="1" step="1000" />
        <span matTextSuffix>円</span>
        <mat-hint>下限〜上限の範囲内</mat-hint>
        <mat-error>{{ msg('overridePrice') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w2">
        <mat-label>手動設定の理由</mat-label>
        <input matInput formControlName="overrideReason" autocomplete="off" />
        <mat-error>{{ msg('overrideReason') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styles: [FORM_GRID_STYLES, '.grid { grid-template-columns: repeat(3, minmax(0, 1fr)); row-gap: 8px; } .sub { font-size: 13px; font-weight: 600; margin: 4px 0 6px; color: var(--mat-sys-on-surface-variant); }'],
})
export class PriceFieldsComponent {
  readonly form = input.required<PriceForm>();
  readonly rule = input<PriceRuleSetRow | null>(null);
  readonly category = input<TenderCategory>('construction');
  /** Percent on the price date (null: not known, then no tax-included amount). */
  readonly taxRate = input<number | null>(null);

  readonly controls = PRICE_CONTROL_OPTIONS;
  readonly buildings = BUILDING_OPTIONS;
  readonly components = computed(() => componentsOf(this.rule()));

  private readonly planned = toSignal(
    toObservable(this.form).pipe(switchMap((f) => f.controls.plannedPrice.valueChanges.pipe(startWith(f.controls.plannedPrice.value)))),
    { initialValue: null },
  );
  readonly taxIncluded = computed(() => {
    const p = numberOrNull(this.planned());
    const rate = this.taxRate();
    return p && rate !== null ? `${formatYen(withTax(p, rate))}（消費税率${rate}%）` : '';
  });

  constructor() {
    const cdr = inject(ChangeDetectorRef);
    effect(() => ensureComponents(this.form(), this.rule()));
    effect((onCleanup) => {
      const sub = this.form().events.subscribe(() => cdr.markForCheck());
      onCleanup(() => sub.unsubscribe());
    });
  }

  msg(field: 'designPrice' | 'plannedPrice' | 'priceControl' | 'overridePrice' | 'overrideReason', label = ''): string {
    return fieldMessage(this.form().controls[field], label);
  }

  componentMsg(key: string): string {
    return fieldMessage(this.form().controls.components.controls[key] ?? null);
  }
}
