import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { map, merge, startWith } from 'rxjs';
import { AuthService } from '@keiyaku/web/auth';
import { errorMessage } from '@keiyaku/web/ui';
import { Department, PriceRuleSetRow } from '../models';
import { livePrice, priceDateOf, ruleFor } from '../price/live-price';
import { PriceFieldsComponent } from '../price/price-fields.component';
import { PricePanelComponent } from '../price/price-panel.component';
import { TendersApi } from '../tenders-api.service';
import { TenderFieldsComponent } from './tender-fields.component';
import { applyTenderErrors, buildOverviewForm, buildPriceForm, overviewBody, priceBody, priceDraft } from './tender-form';

/** 入札案件の新規登録: the 概要 and the price inputs with the live panel; saving opens the tender. */
@Component({
  selector: 'ky-tender-new-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, RouterLink, TenderFieldsComponent, PriceFieldsComponent, PricePanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/tenders">入札案件</a> ＞ 新規登録</nav>
      <h1 class="ky-page-title">入札案件の新規登録</h1>
      <form [formGroup]="all" (ngSubmit)="save()" novalidate>
        <h2 class="section">概要</h2>
        <ky-tender-fields [form]="overview" [departments]="departments()" />
        <h2 class="section">価格</h2>
        <div class="price">
          <div>
            <ky-price-fields [form]="price" [rule]="rule()" [category]="draft().category" [taxRate]="taxRate()" />
          </div>
          <ky-price-panel [live]="live()" [plannedPrice]="draft().plannedPrice" />
        </div>
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <a mat-button routerLink="/tenders">キャンセル</a>
          <button mat-flat-button type="submit" [disabled]="busy()"><mat-icon>save</mat-icon>登録</button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .page { max-width: 1400px; }
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .section { font-size: 15px; margin: 8px 0; }
    .price { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
    .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 8px; }
    @media (max-width: 1100px) { .price { grid-template-columns: 1fr; } }
  `,
})
export class TenderNewPage implements OnInit {
  private readonly api = inject(TendersApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly auth = inject(AuthService);

  readonly overview = buildOverviewForm(this.fb);
  readonly price = buildPriceForm(this.fb);
  /** One form element for both groups (its submit is the 登録 button). */
  readonly all = this.fb.group({ overview: this.overview, price: this.price });
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly departments = signal<Department[]>([]);
  readonly rules = signal<PriceRuleSetRow[]>([]);
  readonly taxRate = signal<number | null>(null);

  private readonly changes = toSignal(merge(this.overview.valueChanges, this.price.valueChanges).pipe(startWith(null), map(() => ({}))), { requireSync: true });
  readonly draft = computed(() => {
    this.changes();
    const o = this.overview.getRawValue();
    return priceDraft({ category: o.category, tradeCode: o.tradeCode, announcementDate: o.announcementDate, designationDate: o.designationDate }, this.price);
  });
  readonly rule = computed(() => ruleFor(this.rules(), this.draft()));
  readonly live = computed(() => livePrice(this.rules(), this.draft()));

  constructor() {
    const c = this.overview.controls;
    // 随意契約・見積合せ and 物品 have no minimum price by default; the others do.
    merge(c.method.valueChanges, c.category.valueChanges)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => {
        const none = c.method.value === 'negotiated' || c.method.value === 'quotation' || c.category.value === 'goods';
        const control = this.price.controls.priceControl;
        if (none) control.setValue('none');
        else if (control.value === 'none' && !control.dirty) control.setValue('minimum');
        c.negotiatedReason.updateValueAndValidity();
      });
    merge(c.announcementDate.valueChanges, c.designationDate.valueChanges)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => void this.loadTaxRate());
  }

  async ngOnInit(): Promise<void> {
    // The user's own department by default (a works-department user may register only for it).
    this.overview.controls.departmentId.setValue(this.auth.user()?.department?.id ?? null);
    void this.loadTaxRate();
    this.api.departments().then(
      (list) => this.departments.set(list),
      () => undefined, // 担当課 then offers （指定なし） only
    );
    try {
      this.rules.set(await this.api.priceRules());
    } catch (err) {
      this.error.set(`価格算定基準を読み込めませんでした。${errorMessage(err)}`);
    }
  }

  private async loadTaxRate(): Promise<void> {
    const o = this.overview.getRawValue();
    this.taxRate.set(await this.api.taxRateOn(priceDateOf({ announcementDate: o.announcementDate || null, designationDate: o.designationDate || null })));
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.overview.invalid || this.price.invalid) {
      this.overview.markAllAsTouched();
      this.price.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const body = Object.fromEntries(
      Object.entries({ ...overviewBody(this.overview), ...priceBody(this.price, this.rule()) }).filter(([, v]) => v !== null),
    );
    this.busy.set(true);
    try {
      const saved = await this.api.create(body);
      this.snack.open(`入札案件 ${saved.tenderNumber}「${saved.title}」を登録しました。`, '閉じる', { duration: 5000 });
      await this.router.navigate(['/tenders', saved.id]);
    } catch (err) {
      applyTenderErrors([this.overview, this.price], err);
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
