import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { map, startWith } from 'rxjs';
import { errorMessage, JapaneseDatePipe, saveForm } from '@keiyaku/web/ui';
import { applyTenderErrors, buildPriceForm, changedFields, fillPrice, priceBody, priceDraft } from '../../form/tender-form';
import { conflictMessage, formatYen, PRICE_EDITABLE, TenderDetail } from '../../models';
import { livePrice, ruleFor } from '../../price/live-price';
import { PanelPrice, PricePanelComponent } from '../../price/price-panel.component';
import { PriceFieldsComponent } from '../../price/price-fields.component';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { TendersApi } from '../../tenders-api.service';
import { TenderContext } from '../tender-context';
import { plannedPriceText } from './overview.tab';

/**
 * 価格: the price inputs with the live panel (calculatePrice in the browser, rules from
 * GET /price-rules); saving sends the inputs and the server computes and stores the price.
 */
@Component({
  selector: 'ky-tender-price-tab',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, JapaneseDatePipe, PriceFieldsComponent, PricePanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.tender(); as t) {
      @if (t.pricesHidden) {
        <p class="empty" role="status">予定価格は事後公表のため、開札まで表示されません。</p>
      } @else {
        <section class="saved" aria-label="保存済みの価格">
          <div class="tab-toolbar"><h2>保存済みの価格</h2></div>
          <dl class="facts">
            <div class="wide"><dt>予定価格（税抜）</dt><dd data-figure="savedPlannedPrice">{{ plannedText() || '未設定' }}</dd></div>
            <div><dt>設計金額（税抜）</dt><dd>{{ yen(t.designPrice) || '—' }}</dd></div>
            <div><dt>算定基準</dt><dd>{{ t.ruleVersion ? t.ruleVersion.code + '（' + (t.ruleVersion.effectiveFrom | japaneseDate) + '〜）' : '—' }}</dd></div>
            @if (t.minimumPrice !== null) {
              <div><dt>最低制限価格</dt><dd data-figure="savedMinimumPrice">{{ yen(t.minimumPrice) }}</dd></div>
            }
            @if (t.lowBidThreshold !== null) {
              <div><dt>低入札価格調査基準価格</dt><dd>{{ yen(t.lowBidThreshold) }}</dd></div>
            }
            @if (t.disqualificationPrice !== null) {
              <div><dt>失格判断基準価格</dt><dd>{{ yen(t.disqualificationPrice) }}</dd></div>
            }
            @if (t.randomCoefficient !== null) {
              <div><dt>ランダム係数（開札時）</dt><dd>{{ t.randomCoefficient }}</dd></div>
            }
          </dl>
        </section>

        @if (editable()) {
          <form class="columns" [formGroup]="form" (ngSubmit)="save()" novalidate>
            <div>
              <div class="tab-toolbar"><h2>価格の入力</h2></div>
              <ky-price-fields [form]="form" [rule]="rule()" [category]="t.category" [taxRate]="t.taxRate" />
              @if (error()) {
                <p class="ky-error" role="alert">{{ error() }}</p>
              }
              <div class="actions">
                <button mat-button type="button" [disabled]="busy() || !dirty()" (click)="reset()">元に戻す</button>
                <button mat-flat-button type="submit" [disabled]="busy()"><mat-icon>save</mat-icon>価格を保存</button>
              </div>
              <p class="note">保存するとサーバーが同じ算定基準で再計算し、その結果を保存します。</p>
            </div>
            <ky-price-panel [live]="live()" [plannedPrice]="draft()?.plannedPrice ?? null" />
          </form>
        } @else {
          <ky-price-panel [live]="stored()" [plannedPrice]="t.plannedPrice" title="最低制限価格等の算定（保存済み）" />
          @if (ctx.canWrite() && !editable()) {
            <p class="note">開札後は価格を変更できません。</p>
          }
        }
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    FACTS_STYLES,
    `
      .saved { margin-bottom: 8px; }
      .columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; }
      @media (max-width: 1100px) { .columns { grid-template-columns: 1fr; } }
    `,
  ],
})
export class PriceTab {
  readonly ctx = inject(TenderContext);
  private readonly api = inject(TendersApi);
  private readonly snack = inject(MatSnackBar);

  readonly form = buildPriceForm(inject(NonNullableFormBuilder));
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  private readonly changes = toSignal(this.form.valueChanges.pipe(startWith(null), map(() => ({}))), { requireSync: true });
  readonly dirty = computed(() => (this.changes(), this.form.dirty));

  readonly editable = computed(() => {
    const t = this.ctx.tender();
    return !!t && this.ctx.canWrite() && !t.pricesHidden && PRICE_EDITABLE.includes(t.status);
  });
  readonly plannedText = computed(() => {
    const t = this.ctx.tender();
    return t ? plannedPriceText(t) : '';
  });
  readonly draft = computed(() => {
    this.changes();
    const t = this.ctx.tender();
    return t ? priceDraft(t, this.form, t.randomCoefficient) : null;
  });
  readonly rule = computed(() => {
    const t = this.ctx.tender();
    return t ? ruleFor(this.ctx.rules(), t) : null;
  });
  readonly live = computed<PanelPrice>(() => {
    const d = this.draft();
    return d ? livePrice(this.ctx.rules(), d) : { rule: null, date: null, result: null, problem: null };
  });
  readonly stored = computed<PanelPrice>(() => {
    const t = this.ctx.tender();
    return {
      rule: t?.ruleVersion ?? null,
      date: null,
      result: t?.priceCalc ?? null,
      problem: t?.priceControl === 'none' ? '最低制限価格等を設けない案件です（設定なし）。' : '算定結果はありません。',
    };
  });

  constructor() {
    // A new tender from the server (after any save) refills the inputs unless they are being edited.
    effect(() => {
      const t = this.ctx.tender();
      if (t) untracked(() => (this.form.dirty ? undefined : fillPrice(this.form, t)));
    });
  }

  yen(v: number | null): string {
    return formatYen(v);
  }

  reset(): void {
    const t = this.ctx.tender();
    if (t) fillPrice(this.form, t);
    this.error.set(null);
  }

  async save(): Promise<void> {
    const t = this.ctx.tender();
    this.error.set(null);
    if (!t) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const changes = changedFields(priceBody(this.form, this.rule()), t);
    if (!Object.keys(changes).length) {
      this.snack.open('変更はありません。', '閉じる', { duration: 3000 });
      return;
    }
    const saved = await saveForm<TenderDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: async () => {
        try {
          return await this.api.update(t.id, { ...changes, version: t.version });
        } catch (err) {
          // priceComponents.<key> from the server is the input components.<key> here.
          if (applyTenderErrors([this.form], err)) this.error.set(errorMessage(err));
          throw err;
        }
      },
      onConflict: async (message) => {
        await this.ctx.load();
        const latest = this.ctx.tender();
        if (latest) fillPrice(this.form, latest);
        this.error.set(conflictMessage(message));
      },
    });
    if (!saved) return;
    this.form.markAsPristine();
    this.ctx.set(saved);
    fillPrice(this.form, saved);
    this.snack.open(`価格を保存しました。${saved.minimumPrice !== null ? `最低制限価格 ${formatYen(saved.minimumPrice)}` : ''}`, '閉じる', { duration: 5000 });
  }
}
