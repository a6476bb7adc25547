import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { map, startWith } from 'rxjs';
import { BuildingKind, calculatePrice, PriceControl, PriceRuleError, priceRuleProblems, ROUNDING_LABELS, RoundingDirection } from '@keiyaku/domain';
import { controlMessage, errorMessage, fieldErrors, saveForm } from '@keiyaku/web/ui';
import { BUILDING_OPTIONS, conflictMessage, PRICE_CONTROL_OPTIONS, PriceRuleSetRow, SERVICE_KIND_LABELS } from '../models';
import { PanelPrice, PricePanelComponent } from '../price/price-panel.component';
import { TendersApi } from '../tenders-api.service';
import { buildRuleForm, componentGroup, definitionOf, fillRuleForm, fixedRateGroup, ruleBody } from './rule-form';

export interface PriceRuleDialogData {
  /** The version edited; null for a new one. */
  row: PriceRuleSetRow | null;
  /** A new version starts as a copy of this one. */
  copyOf: PriceRuleSetRow | null;
}

const ROW_FIELDS = ['code', 'name', 'category', 'serviceKind', 'effectiveFrom', 'notes', 'active'];

/** One version of the 価格算定基準: components, bounds, rounding and options, with a calculation preview. */
@Component({
  selector: 'ky-price-rule-dialog',
  imports: [ReactiveFormsModule, FormsModule, MatDialogModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, PricePanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '価格算定基準の編集' : data.copyOf ? '価格算定基準の新しい版（' + data.copyOf.code + 'をコピー）' : '価格算定基準の新規作成' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="row">
          <mat-form-field appearance="outline">
            <mat-label>算定基準コード</mat-label>
            <input matInput formControlName="code" autocomplete="off" />
            <mat-error>{{ msg('code', '算定基準コード') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="wide">
            <mat-label>名称</mat-label>
            <input matInput formControlName="name" autocomplete="off" />
            <mat-error>{{ msg('name', '名称') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>部門</mat-label>
            <mat-select formControlName="category">
              <mat-option value="construction">建設工事</mat-option>
              <mat-option value="survey">測量・建設コンサルタント等</mat-option>
            </mat-select>
          </mat-form-field>
          @if (form.controls.category.value === 'survey') {
            <mat-form-field appearance="outline">
              <mat-label>業務の種類</mat-label>
              <mat-select formControlName="serviceKind">
                @for (k of serviceKinds; track k.code) {
                  <mat-option [value]="k.code">{{ k.code }} {{ k.name }}</mat-option>
                }
              </mat-select>
              <mat-error>{{ msg('serviceKind', '業務の種類') }}</mat-error>
            </mat-form-field>
          }
          <mat-form-field appearance="outline">
            <mat-label>適用開始日</mat-label>
            <input matInput type="date" formControlName="effectiveFrom" />
            <mat-error>{{ msg('effectiveFrom', '適用開始日') }}</mat-error>
          </mat-form-field>
          <mat-checkbox formControlName="active">有効</mat-checkbox>
        </div>

        <div class="columns">
          <div [formGroup]="form.controls.definition">
            <h3>算定項目（算定額 = Σ 金額 × 率）</h3>
            <table class="edit" aria-label="算定項目" formArrayName="components">
              <thead><tr><th>項目コード</th><th>名称</th><th>率</th><th></th></tr></thead>
              <tbody>
                @for (c of def.components.controls; track c; let i = $index) {
                  <tr [formGroupName]="i">
                    <td><input class="cell" formControlName="key" [attr.aria-label]="'算定項目' + (i + 1) + 'の項目コード'" /><div class="ky-error">{{ problem('components.' + i + '.key') }}</div></td>
                    <td><input class="cell" formControlName="label" [attr.aria-label]="'算定項目' + (i + 1) + 'の名称'" /><div class="ky-error">{{ problem('components.' + i + '.label') }}</div></td>
                    <td><input class="cell num" type="number" step="0.01" formControlName="ratio" [attr.aria-label]="'算定項目' + (i + 1) + 'の率'" /><div class="ky-error">{{ problem('components.' + i + '.ratio') }}</div></td>
                    <td><button mat-icon-button type="button" [attr.aria-label]="'算定項目' + (i + 1) + 'を削除'" (click)="removeComponent(i)"><mat-icon>delete</mat-icon></button></td>
                  </tr>
                }
              </tbody>
            </table>
            <div class="ky-error">{{ problem('components') }}</div>
            <button mat-button type="button" (click)="addComponent()"><mat-icon>add</mat-icon>算定項目を追加</button>

            <h3>範囲（予定価格に対する率）</h3>
            <div class="row">
              <mat-form-field appearance="outline">
                <mat-label>下限の率</mat-label>
                <input matInput type="number" step="0.01" formControlName="lower" />
                <mat-hint class="ky-error">{{ problem('lower') }}</mat-hint>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>上限の率</mat-label>
                <input matInput type="number" step="0.01" formControlName="upper" />
                <mat-hint class="ky-error">{{ problem('upper') }}</mat-hint>
              </mat-form-field>
            </div>

            <h3>端数処理</h3>
            @for (r of roundings; track r.key) {
              <div class="row" [formGroupName]="r.key">
                <mat-checkbox formControlName="on">{{ r.label }}</mat-checkbox>
                @if (def[r.key].controls.on.value) {
                  <mat-form-field appearance="outline" class="small">
                    <mat-label>単位（円）</mat-label>
                    <input matInput type="number" min="1" formControlName="unit" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" class="small">
                    <mat-label>方向</mat-label>
                    <mat-select formControlName="direction">
                      @for (d of directions; track d.value) {
                        <mat-option [value]="d.value">{{ d.text }}</mat-option>
                      }
                    </mat-select>
                  </mat-form-field>
                }
                <span class="ky-error">{{ problem(r.key) }}</span>
              </div>
            }

            <h3>オプション</h3>
            <div class="option" formGroupName="randomCoefficient">
              <mat-checkbox formControlName="on">開札時にランダム係数を掛ける</mat-checkbox>
              @if (def.randomCoefficient.controls.on.value) {
                <div class="row">
                  <mat-form-field appearance="outline" class="small"><mat-label>係数の下限</mat-label><input matInput type="number" step="0.0001" formControlName="min" /></mat-form-field>
                  <mat-form-field appearance="outline" class="small"><mat-label>係数の上限</mat-label><input matInput type="number" step="0.0001" formControlName="max" /></mat-form-field>
                </div>
              }
              <div class="ky-error">{{ problem('randomCoefficient') }}</div>
            </div>
            <div class="option" formGroupName="buildingAdjustment">
              <mat-checkbox formControlName="on">建築工事の補正（直接工事費の一部を現場管理費へ移す）</mat-checkbox>
              @if (def.buildingAdjustment.controls.on.value) {
                <div class="row">
                  <mat-form-field appearance="outline" class="small"><mat-label>移動元の項目コード</mat-label><input matInput formControlName="fromKey" /></mat-form-field>
                  <mat-form-field appearance="outline" class="small"><mat-label>移動先の項目コード</mat-label><input matInput formControlName="toKey" /></mat-form-field>
                  <mat-form-field appearance="outline" class="small"><mat-label>建築工事の率</mat-label><input matInput type="number" step="0.01" formControlName="ratio" /></mat-form-field>
                  <mat-form-field appearance="outline" class="small"><mat-label>昇降機の率</mat-label><input matInput type="number" step="0.01" formControlName="liftRatio" /></mat-form-field>
                </div>
              }
              <div class="ky-error">{{ problem('buildingAdjustment') }}</div>
            </div>
            <div class="option" formGroupName="disqualification">
              <mat-checkbox formControlName="on">失格判断基準価格（低入札価格調査の案件）</mat-checkbox>
              @if (def.disqualification.controls.on.value) {
                <table class="edit" aria-label="失格判断基準の算定項目" formArrayName="components">
                  <thead><tr><th>項目コード</th><th>名称</th><th>率</th><th></th></tr></thead>
                  <tbody>
                    @for (c of def.disqualification.controls.components.controls; track c; let i = $index) {
                      <tr [formGroupName]="i">
                        <td><input class="cell" formControlName="key" [attr.aria-label]="'失格判断基準の算定項目' + (i + 1) + 'の項目コード'" /><div class="ky-error">{{ problem('disqualification.components.' + i + '.key') }}</div></td>
                        <td><input class="cell" formControlName="label" [attr.aria-label]="'失格判断基準の算定項目' + (i + 1) + 'の名称'" /></td>
                        <td><input class="cell num" type="number" step="0.01" formControlName="ratio" [attr.aria-label]="'失格判断基準の算定項目' + (i + 1) + 'の率'" /><div class="ky-error">{{ problem('disqualification.components.' + i + '.ratio') }}</div></td>
                        <td><button mat-icon-button type="button" [attr.aria-label]="'失格判断基準の算定項目' + (i + 1) + 'を削除'" (click)="removeComponent(i, true)"><mat-icon>delete</mat-icon></button></td>
                      </tr>
                    }
                  </tbody>
                </table>
                <button mat-button type="button" (click)="addComponent(true)"><mat-icon>add</mat-icon>項目を追加</button>
                <div class="row">
                  <mat-form-field appearance="outline" class="small"><mat-label>下限の率（任意）</mat-label><input matInput type="number" step="0.01" formControlName="lower" /></mat-form-field>
                  <mat-form-field appearance="outline" class="small"><mat-label>上限の率（任意）</mat-label><input matInput type="number" step="0.01" formControlName="upper" /></mat-form-field>
                </div>
              }
            </div>
            <div class="option">
              <span>業種別の固定率（予定価格 × 率）</span>
              <table class="edit" aria-label="業種別の固定率" formArrayName="fixedRateTrades">
                <tbody>
                  @for (f of def.fixedRateTrades.controls; track f; let i = $index) {
                    <tr [formGroupName]="i">
                      <td><input class="cell" formControlName="tradeCode" placeholder="業種コード（例 290）" [attr.aria-label]="'固定率' + (i + 1) + '行目の業種'" /><div class="ky-error">{{ problem('fixedRateTrades.' + i + '.tradeCode') }}</div></td>
                      <td><input class="cell num" type="number" step="0.01" formControlName="rate" [attr.aria-label]="'固定率' + (i + 1) + '行目の率'" /><div class="ky-error">{{ problem('fixedRateTrades.' + i + '.rate') }}</div></td>
                      <td><button mat-icon-button type="button" [attr.aria-label]="'固定率' + (i + 1) + '行目を削除'" (click)="removeFixedRate(i)"><mat-icon>delete</mat-icon></button></td>
                    </tr>
                  }
                </tbody>
              </table>
              <button mat-button type="button" (click)="addFixedRate()"><mat-icon>add</mat-icon>固定率を追加</button>
            </div>
            <mat-form-field appearance="outline" class="full" [formGroup]="form">
              <mat-label>備考</mat-label>
              <textarea matInput formControlName="notes" rows="2"></textarea>
              <mat-error>{{ msg('notes', '備考') }}</mat-error>
            </mat-form-field>
          </div>

          <div class="preview" role="region" aria-label="計算の確認">
            <h3>計算の確認</h3>
            <div class="row">
              <mat-form-field appearance="outline" class="small">
                <mat-label>予定価格（税抜）</mat-label>
                <input matInput type="number" [ngModel]="previewPlanned()" (ngModelChange)="previewPlanned.set($event)" [ngModelOptions]="{ standalone: true }" />
              </mat-form-field>
              <mat-form-field appearance="outline" class="small">
                <mat-label>価格の種類</mat-label>
                <mat-select [ngModel]="previewMode()" (ngModelChange)="previewMode.set($event)" [ngModelOptions]="{ standalone: true }">
                  @for (m of modes; track m.value) {
                    <mat-option [value]="m.value">{{ m.label }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              @if (form.controls.category.value === 'construction') {
                <mat-form-field appearance="outline" class="small">
                  <mat-label>建築工事の区分</mat-label>
                  <mat-select [ngModel]="previewBuilding()" (ngModelChange)="previewBuilding.set($event)" [ngModelOptions]="{ standalone: true }">
                    @for (b of buildings; track b.value) {
                      <mat-option [value]="b.value">{{ b.label }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
              }
            </div>
            <div class="row">
              @for (c of previewKeys(); track c.key) {
                <mat-form-field appearance="outline" class="small">
                  <mat-label>{{ c.label || c.key }}</mat-label>
                  <input matInput type="number" [value]="previewAmounts()[c.key] ?? ''" (input)="setAmount(c.key, $any($event.target).value)" />
                </mat-form-field>
              }
            </div>
            <ky-price-panel [live]="preview()" [plannedPrice]="previewPlanned()" title="この算定式での計算" />
          </div>
        </div>
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ editing ? '保存' : '登録' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .row { display: flex; gap: 8px 12px; flex-wrap: wrap; align-items: center; }
    .row .wide { flex: 1; min-width: 280px; }
    .small { width: 170px; }
    .full { width: 100%; margin-top: 8px; }
    .columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
    h3 { font-size: 13px; font-weight: 600; margin: 12px 0 4px; }
    .edit { border-collapse: collapse; font-size: 13px; }
    .edit th { text-align: left; font-weight: 600; padding: 2px 4px; }
    .edit td { padding: 2px 4px; vertical-align: top; }
    .cell { width: 150px; box-sizing: border-box; padding: 4px 6px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; font: inherit; }
    .cell.num { width: 90px; text-align: right; }
    .option { margin: 6px 0; }
    .ky-error { font-size: 12px; }
    .preview { position: sticky; top: 0; }
  `,
})
export class PriceRuleDialog implements OnInit {
  private readonly api = inject(TendersApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly ref = inject<MatDialogRef<PriceRuleDialog, PriceRuleSetRow>>(MatDialogRef);
  readonly data = inject<PriceRuleDialogData>(MAT_DIALOG_DATA);

  readonly editing = this.data.row !== null;
  readonly form = buildRuleForm(this.fb);
  readonly def = this.form.controls.definition.controls;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  /** The server's `definition.<field>` complaints, until the next edit. */
  private readonly serverProblems = signal<Array<{ field: string; message: string }>>([]);
  private version = this.data.row?.version ?? 0;

  readonly roundings = [
    { key: 'termRounding' as const, label: '各項目の端数処理' },
    { key: 'resultRounding' as const, label: '結果の端数処理' },
  ];
  readonly directions = Object.entries(ROUNDING_LABELS).map(([value, text]) => ({ value: value as RoundingDirection, text }));
  readonly serviceKinds = Object.entries(SERVICE_KIND_LABELS).map(([code, name]) => ({ code, name }));
  readonly buildings = BUILDING_OPTIONS;
  readonly modes = PRICE_CONTROL_OPTIONS.filter((o) => o.value !== 'none');

  private readonly changes = toSignal(this.form.valueChanges.pipe(startWith(null), map(() => ({}))), { requireSync: true });
  readonly definition = computed(() => (this.changes(), definitionOf(this.form)));
  readonly problems = computed(() => [...priceRuleProblems(this.definition()), ...this.serverProblems()]);

  // Calculation preview (in the browser, with the definition as typed).
  readonly previewPlanned = signal<number | null>(null);
  readonly previewAmounts = signal<Record<string, number | null>>({});
  readonly previewBuilding = signal<BuildingKind>('none');
  readonly previewMode = signal<PriceControl>('minimum');
  readonly previewKeys = computed(() => {
    const d = this.definition();
    const seen = new Set<string>();
    return [...d.components, ...(d.disqualification?.components ?? [])].filter((c) => c.key && !seen.has(c.key) && (seen.add(c.key), true));
  });
  readonly preview = computed<PanelPrice>(() => {
    const d = this.definition();
    const v = (this.changes(), this.form.getRawValue());
    const rule = { code: v.code || '（新しい版）', name: v.name, effectiveFrom: v.effectiveFrom || '', category: v.category, serviceKind: v.serviceKind || null, definition: d };
    const none = (problem: string): PanelPrice => ({ rule: null, date: null, result: null, problem });
    if (priceRuleProblems(d).length) return none('算定式の誤りを直すと、ここで計算を確かめられます。');
    const planned = this.previewPlanned();
    if (!planned) return none('予定価格と内訳を入力すると、この算定式で計算します。');
    const components: Record<string, number> = {};
    for (const [k, x] of Object.entries(this.previewAmounts())) if (x !== null && x !== undefined && (x as unknown) !== '') components[k] = Number(x);
    try {
      return { rule: null, date: null, problem: null, result: calculatePrice(rule, { plannedPrice: Number(planned), components, building: this.previewBuilding(), mode: this.previewMode() }) };
    } catch (e) {
      if (e instanceof PriceRuleError) return none(e.message);
      throw e;
    }
  });

  constructor() {
    this.form.valueChanges.subscribe(() => this.serverProblems().length && this.serverProblems.set([]));
  }

  ngOnInit(): void {
    const source = this.data.row ?? this.data.copyOf;
    if (source) {
      fillRuleForm(this.fb, this.form, source);
      if (!this.data.row) {
        // A copy is a new version: a new code and start date, the same formula.
        this.form.patchValue({ code: `${source.code}-COPY`, effectiveFrom: '', active: true });
      }
    } else {
      this.def.components.push(componentGroup(this.fb));
    }
  }

  problem(path: string): string {
    return this.problems()
      .filter((p) => p.field === path)
      .map((p) => p.message)
      .join(' ');
  }

  msg(field: 'code' | 'name' | 'effectiveFrom' | 'serviceKind' | 'notes', label: string): string {
    return controlMessage(this.form.controls[field], label);
  }

  setAmount(key: string, value: string): void {
    this.previewAmounts.update((a) => ({ ...a, [key]: value === '' ? null : Number(value) }));
  }

  addComponent(disqualification = false): void {
    (disqualification ? this.def.disqualification.controls.components : this.def.components).push(componentGroup(this.fb));
  }

  removeComponent(index: number, disqualification = false): void {
    (disqualification ? this.def.disqualification.controls.components : this.def.components).removeAt(index);
  }

  addFixedRate(): void {
    this.def.fixedRateTrades.push(fixedRateGroup(this.fb));
  }

  removeFixedRate(index: number): void {
    this.def.fixedRateTrades.removeAt(index);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid || this.problems().length) {
      this.form.markAllAsTouched();
      this.error.set(this.problems().length ? `算定式に${this.problems().length}件の誤りがあります。赤く表示された項目を確認してください。` : '入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const body = ruleBody(this.form);
    const saved = await saveForm<PriceRuleSetRow>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: async () => {
        try {
          return this.data.row ? await this.api.updatePriceRule(this.data.row.id, { ...body, version: this.version }) : await this.api.createPriceRule(body);
        } catch (err) {
          // definition.<field> problems go beside the definition's inputs.
          const defs = Object.entries(fieldErrors(err))
            .filter(([f]) => f.startsWith('definition.'))
            .map(([f, message]) => ({ field: f.slice('definition.'.length).replace(/\[(\d+)\]/g, '.$1'), message }));
          if (defs.length) this.serverProblems.set(defs);
          if (defs.length && !Object.keys(fieldErrors(err)).some((f) => ROW_FIELDS.includes(f))) this.error.set(errorMessage(err));
          throw err;
        }
      },
      onConflict: this.data.row ? (message) => this.reload(message) : undefined,
    });
    if (saved) this.ref.close(saved);
  }

  private async reload(message: string): Promise<void> {
    if (!this.data.row) return;
    try {
      const latest = await this.api.priceRule(this.data.row.id);
      this.version = latest.version;
      fillRuleForm(this.fb, this.form, latest);
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
