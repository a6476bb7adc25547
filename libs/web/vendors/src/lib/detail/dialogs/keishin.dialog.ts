import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { keishinP } from '@keiyaku/domain';
import { errorMessage } from '@keiyaku/web/ui';
import { Keishin, Trade } from '../../models';
import { FORM_GRID_STYLES, TABLE_STYLES } from '../../styles';
import { textOrNull } from '../../validators';
import { PartDialog } from '../part-dialog';

const score = (min: number) => [Validators.required, Validators.min(min), Validators.max(3000), Validators.pattern(/^-?\d+$/)];

type ScoreRow = FormGroup<{ tradeCode: FormControl<string>; x1: FormControl<number | null>; z: FormControl<number | null> }>;

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

/**
 * 経審 result notice: company-wide X2, Y, W and per trade X1, Z; P per trade is shown while
 * typing with the same formula the server uses (libs/domain keishinP).
 */
@Component({
  selector: 'ky-keishin-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatIconModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '経審結果の編集' : '経審結果の追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <mat-form-field appearance="outline">
            <mat-label>審査基準日</mat-label>
            <input matInput type="date" formControlName="baseDate" />
            <mat-error>{{ msg('baseDate', '審査基準日') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>通知日</mat-label>
            <input matInput type="date" formControlName="noticeDate" />
            <mat-error>{{ msg('noticeDate') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>許可番号</mat-label>
            <input matInput formControlName="permitNumber" autocomplete="off" />
            <mat-error>{{ msg('permitNumber') }}</mat-error>
          </mat-form-field>
        </div>
        <div class="company">
          <mat-form-field appearance="outline">
            <mat-label>X2（自己資本額・利益額）</mat-label>
            <input matInput type="number" formControlName="x2" />
            <mat-error>{{ msg('x2', 'X2') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Y（経営状況）</mat-label>
            <input matInput type="number" formControlName="y" />
            <mat-error>{{ msg('y', 'Y') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>W（その他の審査項目）</mat-label>
            <input matInput type="number" formControlName="w" />
            <mat-error>{{ msg('w', 'W') }}</mat-error>
          </mat-form-field>
        </div>

        <table class="ky-table scores" aria-label="業種別評点">
          <thead>
            <tr><th>業種</th><th class="num">X1（完成工事高）</th><th class="num">Z（技術力）</th><th class="num">P（総合評定値）</th><th></th></tr>
          </thead>
          <tbody formArrayName="scores">
            @for (row of scores.controls; track row; let i = $index) {
              <tr [formGroupName]="i">
                <td>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="trade">
                    <mat-select formControlName="tradeCode" [attr.aria-label]="'業種（' + (i + 1) + '行目）'">
                      @for (t of trades(); track t.code) {
                        <mat-option [value]="t.code">{{ t.code }} {{ t.shortName }}</mat-option>
                      }
                    </mat-select>
                    <mat-error>{{ msg('scores.' + i + '.tradeCode', '業種') }}</mat-error>
                  </mat-form-field>
                </td>
                <td class="num">
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="score">
                    <input matInput type="number" formControlName="x1" [attr.aria-label]="'X1（' + (i + 1) + '行目）'" />
                    <mat-error>{{ msg('scores.' + i + '.x1', 'X1') }}</mat-error>
                  </mat-form-field>
                </td>
                <td class="num">
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="score">
                    <input matInput type="number" formControlName="z" [attr.aria-label]="'Z（' + (i + 1) + '行目）'" />
                    <mat-error>{{ msg('scores.' + i + '.z', 'Z') }}</mat-error>
                  </mat-form-field>
                </td>
                <td class="num p" [attr.aria-label]="'P（' + (i + 1) + '行目）'">{{ pScores()[i] ?? '—' }}</td>
                <td class="actions">
                  <button mat-icon-button type="button" matTooltip="この業種を削除" aria-label="この業種を削除" [disabled]="scores.length === 1" (click)="removeScore(i)">
                    <mat-icon>delete</mat-icon>
                  </button>
                </td>
              </tr>
            }
          </tbody>
        </table>
        <button mat-button type="button" class="add" (click)="addScore('')"><mat-icon>add</mat-icon>業種を追加</button>
        <p class="formula">P = 0.25×X1 + 0.15×X2 + 0.20×Y + 0.25×Z + 0.15×W（四捨五入）</p>
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
    `
      .company { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0 12px; }
      .company mat-form-field { width: 100%; }
      .scores td { vertical-align: middle; }
      .trade { width: 190px; }
      .score { width: 110px; }
      .p { font-weight: 600; font-size: 15px; min-width: 5em; }
      .add { margin-top: 4px; }
      .formula { font-size: 12px; color: var(--mat-sys-on-surface-variant); margin: 4px 0; }
    `,
  ],
})
export class KeishinDialog extends PartDialog<Keishin> implements OnInit {
  private readonly fb = inject(NonNullableFormBuilder);
  readonly trades = signal<Trade[]>([]);

  readonly scores = new FormArray<ScoreRow>([]);
  readonly form = this.fb.group({
    baseDate: ['', Validators.required],
    noticeDate: [''],
    permitNumber: ['', Validators.maxLength(30)],
    x2: new FormControl<number | null>(null, score(0)),
    y: new FormControl<number | null>(null, score(0)),
    w: new FormControl<number | null>(null, score(-3000)),
    scores: this.scores,
  });

  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  /** P per score row, or null while a number is missing. */
  readonly pScores = computed(() => {
    const v = this.value();
    const x2 = num(v.x2);
    const y = num(v.y);
    const w = num(v.w);
    return (v.scores ?? []).map((s) => {
      const x1 = num(s?.x1);
      const z = num(s?.z);
      return x1 === null || z === null || x2 === null || y === null || w === null ? null : keishinP({ x1, x2, y, z, w });
    });
  });

  override ngOnInit(): void {
    super.ngOnInit();
    if (!this.data.row) {
      // A new notice usually covers the trades the vendor holds permits for.
      const permitted = [...new Set(this.data.vendor.permits.map((p) => p.tradeCode))];
      for (const code of permitted.length ? permitted : ['']) this.addScore(code);
    }
    this.api.trades('construction').then(
      (list) => this.trades.set(list),
      (err) => this.error.set(errorMessage(err)),
    );
  }

  addScore(tradeCode: string, x1: number | null = null, z: number | null = null): void {
    this.scores.push(
      this.fb.group({
        tradeCode: this.fb.control(tradeCode, Validators.required),
        x1: new FormControl<number | null>(x1, score(0)),
        z: new FormControl<number | null>(z, score(0)),
      }),
    );
  }

  removeScore(index: number): void {
    this.scores.removeAt(index);
  }

  protected override validate(): boolean {
    const codes = this.scores.controls.map((r) => r.controls.tradeCode.value).filter(Boolean);
    if (new Set(codes).size !== codes.length) {
      this.error.set('同じ業種が2行以上あります。1業種1行で入力してください。');
      return false;
    }
    return super.validate();
  }

  protected fill(k: Keishin): void {
    this.scores.clear({ emitEvent: false });
    for (const s of k.scores) this.addScore(s.tradeCode, s.x1, s.z);
    this.form.patchValue({ baseDate: k.baseDate, noticeDate: k.noticeDate ?? '', permitNumber: k.permitNumber ?? '', x2: k.x2, y: k.y, w: k.w });
  }

  protected body(): Record<string, unknown> {
    const v = this.form.getRawValue();
    return {
      baseDate: v.baseDate,
      noticeDate: v.noticeDate || null,
      permitNumber: textOrNull(v.permitNumber),
      x2: Number(v.x2),
      y: Number(v.y),
      w: Number(v.w),
      scores: v.scores.map((s) => ({ tradeCode: s.tradeCode, x1: Number(s.x1), z: Number(s.z) })),
    };
  }
}
