import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormArray, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { CategoryCode, ERROR_CODES, formatJapaneseDate } from '@keiyaku/domain';
import { applyServerErrors, errorCode, errorMessage, fieldErrors, JapaneseDatePipe } from '@keiyaku/web/ui';
import { fieldMessage } from './field-messages';
import { bandGroup, fillRuleForm, nextRank, ruleBody, ruleForm, RuleProblem, ruleProblems, thresholdGroup } from './ranking-rule-form';
import { formPathOf, RegistryApi } from './registry-api';
import { RankingRuleRow, TradeRow } from './registry.models';
import { YenInputDirective } from './yen-input.directive';

export interface RankingRuleDialogData {
  category: CategoryCode;
  trade: TradeRow;
  /** The version being edited; null for a new one. */
  rule: RankingRuleRow | null;
  /** A new version starts as a copy of this one (null: from a blank template). */
  source: RankingRuleRow | null;
}

const THRESHOLD_LABELS = { rank: '等級', minTotal: '総合点数の下限', minP: 'P点の下限', minTurnover: '平均完成工事高の下限' } as const;
const BAND_LABELS = { rank: '等級', minPrice: '金額の下限' } as const;
const BLANK_TEMPLATE = { thresholds: [{ rank: 'A' }, { rank: 'B' }, { rank: 'C' }] } as Partial<RankingRuleRow>;

/** Edits one dated version of a trade's 格付基準, or starts a new version. */
@Component({
  selector: 'ky-ranking-rule-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatIconModule,
    MatFormFieldModule,
    MatInputModule,
    MatCheckboxModule,
    MatSlideToggleModule,
    JapaneseDatePipe,
    YenInputDirective,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ title }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <p class="trade">
          {{ data.trade.code }} {{ data.trade.name }}
          @if (data.source) {
            <span class="source">（{{ sourceDate }}から適用の版をコピーしました。適用開始日を入力してください。）</span>
          }
        </p>
        <mat-form-field appearance="outline" class="date">
          <mat-label>適用開始日</mat-label>
          <input matInput type="date" formControlName="effectiveFrom" [readonly]="editing" />
          @if (editing) {
            <mat-hint>適用開始日は変更できません。別の日から適用するときは新しい版を作成してください。</mat-hint>
          } @else {
            <mat-hint>{{ form.controls.effectiveFrom.value | japaneseDate }}</mat-hint>
          }
          <mat-error>{{ msg(form.controls.effectiveFrom, '適用開始日') }}</mat-error>
        </mat-form-field>

        <section class="block" formArrayName="thresholds">
          <table class="edit">
            <caption>等級の基準</caption>
            <thead>
              <tr>
                <th scope="col">等級</th>
                <th scope="col">総合点数の下限</th>
                <th scope="col">P点の下限</th>
                <th scope="col">平均完成工事高の下限（円）</th>
                <th scope="col"><span class="cdk-visually-hidden">削除</span></th>
              </tr>
            </thead>
            <tbody>
              @for (row of thresholds.controls; track row; let i = $index, last = $last) {
                <tr [formGroupName]="i">
                  <td>
                    <input class="rank" formControlName="rank" maxlength="2" autocomplete="off" [attr.aria-label]="i + 1 + '行目の等級'" [attr.aria-invalid]="bad('thresholds', i, 'rank')" (blur)="normaliseRank(row.controls.rank)" />
                    @if (last) {
                      <span class="floor">最下位</span>
                    }
                  </td>
                  <td><input type="number" formControlName="minTotal" [attr.aria-label]="i + 1 + '行目の総合点数の下限'" [attr.aria-invalid]="bad('thresholds', i, 'minTotal')" /></td>
                  <td><input type="number" formControlName="minP" [attr.aria-label]="i + 1 + '行目のP点の下限'" [attr.aria-invalid]="bad('thresholds', i, 'minP')" /></td>
                  <td><input kyYenInput class="yen" formControlName="minTurnover" [attr.aria-label]="i + 1 + '行目の平均完成工事高の下限'" [attr.aria-invalid]="bad('thresholds', i, 'minTurnover')" /></td>
                  <td>
                    <button mat-icon-button type="button" [attr.aria-label]="'等級の基準の' + (i + 1) + '行目を削除'" [disabled]="thresholds.length <= 1" (click)="remove(thresholds, i)">
                      <mat-icon>delete</mat-icon>
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
          <button mat-button type="button" (click)="addThreshold()"><mat-icon>add</mat-icon>行を追加</button>
          <p class="hint">上の行ほど上位の等級です。総合点数（P点＋主観点）が下限以上で、P点・平均完成工事高の下限（空欄は条件なし）も満たす最初の等級になります。どれにも届かない業者は最後の行（最下位）の等級です。</p>
          @for (m of messages('thresholds'); track m) {
            <p class="ky-error problem" role="alert">{{ m }}</p>
          }
        </section>

        <section class="block">
          <mat-checkbox formControlName="hasPriceBands" (change)="priceBandsSwitched()">発注標準金額を定める</mat-checkbox>
          @if (form.controls.hasPriceBands.value) {
            <table class="edit" formArrayName="priceBands">
              <caption>発注標準金額</caption>
              <thead>
                <tr>
                  <th scope="col">等級</th>
                  <th scope="col">金額の下限（円）</th>
                  <th scope="col"><span class="cdk-visually-hidden">削除</span></th>
                </tr>
              </thead>
              <tbody>
                @for (row of priceBands.controls; track row; let i = $index) {
                  <tr [formGroupName]="i">
                    <td><input class="rank" formControlName="rank" maxlength="2" autocomplete="off" [attr.aria-label]="i + 1 + '行目の等級'" [attr.aria-invalid]="bad('priceBands', i, 'rank')" (blur)="normaliseRank(row.controls.rank)" /></td>
                    <td><input kyYenInput class="yen wide" formControlName="minPrice" [attr.aria-label]="i + 1 + '行目の金額の下限'" [attr.aria-invalid]="bad('priceBands', i, 'minPrice')" /></td>
                    <td>
                      <button mat-icon-button type="button" [attr.aria-label]="'発注標準金額の' + (i + 1) + '行目を削除'" [disabled]="priceBands.length <= 1" (click)="remove(priceBands, i)">
                        <mat-icon>delete</mat-icon>
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
            <button mat-button type="button" (click)="addBand()"><mat-icon>add</mat-icon>行を追加</button>
            <p class="hint">入札案件の予定価格が下限以上となる最初の等級の業者を指名します（上の行ほど高い金額）。</p>
            @for (m of messages('priceBands'); track m) {
              <p class="ky-error problem" role="alert">{{ m }}</p>
            }
          }
        </section>

        <section class="block options">
          <mat-form-field appearance="outline" class="step">
            <mat-label>1期の昇格上限（段階）</mat-label>
            <input matInput type="number" min="1" max="5" formControlName="maxStepUp" />
            <mat-hint>空欄: 上限なし（降格は制限しません）</mat-hint>
            <mat-error>{{ msg(form.controls.maxStepUp, '1期の昇格上限') }}</mat-error>
          </mat-form-field>
          <div class="toggles">
            <mat-slide-toggle formControlName="localOnly">市内業者のみ格付する</mat-slide-toggle>
            <mat-slide-toggle formControlName="newApplicantsStartLowest">新規申請の業者は最下位の等級から</mat-slide-toggle>
          </div>
        </section>

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
    .trade { margin: 0 0 12px; font-weight: 600; }
    .source { font-weight: normal; color: var(--mat-sys-on-surface-variant); }
    .date { width: 280px; }
    .block { margin: 8px 0 12px; }
    caption { text-align: left; font-weight: 600; padding: 0 0 4px; }
    .edit { border-collapse: collapse; }
    .edit th { text-align: left; font-weight: 500; font-size: 12px; padding: 2px 8px 2px 0; color: var(--mat-sys-on-surface-variant); }
    .edit td { padding: 2px 8px 2px 0; white-space: nowrap; }
    .edit input { font: inherit; padding: 4px 6px; border: 1px solid var(--mat-sys-outline); border-radius: 4px; background: var(--mat-sys-surface); width: 7em; text-align: right; }
    .edit input.rank { width: 3em; text-align: center; }
    .edit input.yen { width: 11em; }
    .edit input[aria-invalid='true'] { border-color: var(--mat-sys-error); outline: 1px solid var(--mat-sys-error); }
    .floor { margin-left: 6px; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .hint { margin: 4px 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); max-width: 640px; }
    .problem { margin: 4px 0; font-size: 13px; }
    .options { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
    .step { width: 220px; }
    .toggles { display: flex; flex-direction: column; gap: 12px; padding-top: 8px; }
  `,
})
export class RankingRuleDialog implements OnInit {
  private readonly api = inject(RegistryApi);
  private readonly ref = inject<MatDialogRef<RankingRuleDialog, RankingRuleRow>>(MatDialogRef);
  readonly data = inject<RankingRuleDialogData>(MAT_DIALOG_DATA);

  readonly editing = this.data.rule !== null;
  /** The edited version's id (0 for a new one). */
  private readonly id = this.data.rule?.id ?? 0;
  readonly sourceDate = formatJapaneseDate(this.data.source?.effectiveFrom);
  readonly title = this.editing ? '格付基準の編集' : this.data.source ? '格付基準の新しい版' : '格付基準の作成';
  readonly form = ruleForm();
  readonly thresholds = this.form.controls.thresholds;
  readonly priceBands = this.form.controls.priceBands;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  /** Problems across rows show from the first save on (while typing, a half-filled table is normal). */
  readonly tried = signal(false);
  private version = this.data.rule?.version ?? 0;
  private readonly edits = toSignal(this.form.valueChanges);
  private readonly problems = computed<RuleProblem[]>(() => {
    this.edits();
    return this.tried() ? ruleProblems(this.form) : [];
  });

  constructor() {
    // The server judged the table as a whole (e.g. the order of minimums): any edit in it may
    // settle the problem, so its word is dropped and the checks here take over.
    for (const table of [this.thresholds, this.priceBands] as FormArray[]) {
      table.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
        for (const row of table.controls) {
          for (const c of Object.values((row as FormGroup).controls)) if (c.errors?.['server']) c.updateValueAndValidity({ emitEvent: false });
        }
      });
    }
  }

  ngOnInit(): void {
    const rule = this.data.rule ?? this.data.source ?? BLANK_TEMPLATE;
    // A copy takes everything but the date: a new version needs a date of its own.
    fillRuleForm(this.form, rule, this.data.rule?.effectiveFrom ?? '');
  }

  msg(control: AbstractControl, label: string): string {
    return fieldMessage(control, label);
  }

  /** The cell shows as wrong: its own check, the server's word, or a problem across rows. */
  bad(table: 'thresholds' | 'priceBands', i: number, name: string): boolean {
    const control = this.form.get(`${table}.${i}.${name}`);
    if (control?.invalid && (control.touched || this.tried())) return true;
    const path = `${table}.${i}.${name}`;
    return this.problems().some((p) => p.paths.includes(path));
  }

  /** The table's messages: the server's as it words them (naming the row), ours prefixed with the row. */
  messages(table: 'thresholds' | 'priceBands'): string[] {
    const array = this.form.controls[table] as FormArray;
    const caption = table === 'thresholds' ? '等級の基準' : '発注標準金額';
    const labels: Record<string, string> = table === 'thresholds' ? THRESHOLD_LABELS : BAND_LABELS;
    const out: string[] = [];
    if (array.errors?.['server']) out.push(array.errors['server']);
    array.controls.forEach((row, i) => {
      for (const [name, label] of Object.entries(labels)) {
        const c = row.get(name);
        if (!c?.invalid || !(c.touched || this.tried())) continue;
        out.push(c.errors?.['server'] ?? `${caption}の${i + 1}行目: ${fieldMessage(c, label, name === 'rank' ? '等級は英大文字1〜2文字で入力してください。' : undefined)}`);
      }
    });
    out.push(...this.problems().filter((p) => p.paths.some((x) => x.startsWith(`${table}.`))).map((p) => p.message));
    return [...new Set(out)];
  }

  normaliseRank(control: AbstractControl<string>): void {
    const value = control.value.normalize('NFKC').trim().toUpperCase();
    if (value !== control.value) control.setValue(value);
  }

  addThreshold(): void {
    this.thresholds.push(thresholdGroup({ rank: nextRank(this.thresholds.at(-1)?.controls.rank.value) }));
  }

  addBand(): void {
    this.priceBands.push(bandGroup({ rank: nextRank(this.priceBands.at(-1)?.controls.rank.value) }));
  }

  remove(array: FormArray, i: number): void {
    array.removeAt(i);
    array.markAsDirty();
  }

  /** Turning 発注標準金額 on starts from the ranks of 等級の基準. */
  priceBandsSwitched(): void {
    if (this.form.controls.hasPriceBands.value && this.priceBands.length === 0) {
      for (const t of this.thresholds.getRawValue()) this.priceBands.push(bandGroup({ rank: t.rank }));
    }
  }

  async save(): Promise<void> {
    this.error.set(null);
    this.tried.set(true);
    const priceBandsOn = this.form.controls.hasPriceBands.value;
    // Bands that are switched off are not sent, so they must not block the save either.
    if (!priceBandsOn) this.priceBands.disable({ emitEvent: false });
    const invalid = this.form.invalid || ruleProblems(this.form).length > 0;
    if (!priceBandsOn) this.priceBands.enable({ emitEvent: false });
    if (invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const body = ruleBody(this.form);
    this.busy.set(true);
    try {
      // The date is part of the rule's key: an edit sends everything else.
      const { effectiveFrom: _key, ...changes } = body;
      const saved = this.editing
        ? await this.api.update<RankingRuleRow>('ranking-rules', this.id, changes, this.version)
        : await this.api.create<RankingRuleRow>('ranking-rules', { category: this.data.category, tradeCode: this.data.trade.code, ...body });
      this.ref.close(saved);
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict && this.editing) {
        await this.reload(errorMessage(err));
        return;
      }
      const aliases = Object.fromEntries(Object.keys(fieldErrors(err)).map((f) => [f, formPathOf(f)]));
      if (!applyServerErrors(this.form, err, aliases)) this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  /** Someone else saved first: show their version so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      const latest = await this.api.reload<RankingRuleRow>('ranking-rules', this.data.category, this.id);
      if (latest) {
        fillRuleForm(this.form, latest, latest.effectiveFrom);
        this.version = latest.version;
        this.tried.set(false);
      }
      this.error.set(`${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`);
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
