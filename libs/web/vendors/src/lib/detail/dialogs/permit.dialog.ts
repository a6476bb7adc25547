import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { errorMessage } from '@keiyaku/web/ui';
import { Permit, Trade } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';
import { dateOrderValidator, textOrNull } from '../../validators';
import { PartDialog } from '../part-dialog';

/** A permit runs five years: the day before the same date five years on. */
export function permitExpiry(permitDate: string): string {
  const [y, m, d] = permitDate.split('-').map(Number);
  const end = new Date(Date.UTC(y + 5, m - 1, d - 1));
  return end.toISOString().slice(0, 10);
}

/** 建設業許可 for one trade. */
@Component({
  selector: 'ky-permit-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '建設業許可の編集' : '建設業許可の追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <mat-form-field appearance="outline" class="w2">
            <mat-label>業種</mat-label>
            <mat-select formControlName="tradeCode">
              @for (t of trades(); track t.code) {
                <mat-option [value]="t.code">{{ t.code }} {{ t.name }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ msg('tradeCode', '業種') }}</mat-error>
          </mat-form-field>
          <div class="choice w2">
            <span class="choice-label" id="grade-label">特定・一般</span>
            <mat-radio-group formControlName="grade" aria-labelledby="grade-label">
              <mat-radio-button value="special">特定</mat-radio-button>
              <mat-radio-button value="general">一般</mat-radio-button>
            </mat-radio-group>
          </div>
          <div class="choice w2">
            <span class="choice-label" id="issuer-label">許可者</span>
            <mat-radio-group formControlName="issuer" aria-labelledby="issuer-label">
              <mat-radio-button value="governor">知事</mat-radio-button>
              <mat-radio-button value="minister">大臣</mat-radio-button>
            </mat-radio-group>
          </div>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>許可都道府県</mat-label>
            <input matInput formControlName="issuerPrefecture" autocomplete="off" />
            <mat-error>{{ msg('issuerPrefecture') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>許可番号</mat-label>
            <input matInput formControlName="permitNumber" autocomplete="off" placeholder="（特-5）第12345号" />
            <mat-error>{{ msg('permitNumber', '許可番号') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>許可年月日</mat-label>
            <input matInput type="date" formControlName="permitDate" (change)="suggestExpiry()" />
            <mat-error>{{ msg('permitDate', '許可年月日') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>有効期限</mat-label>
            <input matInput type="date" formControlName="expiresOn" />
            <mat-hint>許可年月日から5年（自動で入ります）</mat-hint>
            <mat-error>{{ msg('expiresOn', '有効期限') }}</mat-error>
          </mat-form-field>
        </div>
        @if (form.errors?.['dateOrder']; as order) {
          <p class="ky-error" role="alert">{{ order }}</p>
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
  styles: [FORM_GRID_STYLES],
})
export class PermitDialog extends PartDialog<Permit> implements OnInit {
  readonly trades = signal<Trade[]>([]);

  readonly form = inject(NonNullableFormBuilder).group(
    {
      tradeCode: ['', Validators.required],
      issuer: ['governor' as Permit['issuer'], Validators.required],
      issuerPrefecture: ['山口県', Validators.maxLength(10)],
      grade: ['general' as Permit['grade'], Validators.required],
      permitNumber: ['', [Validators.required, Validators.maxLength(30)]],
      permitDate: ['', Validators.required],
      expiresOn: ['', Validators.required],
    },
    { validators: dateOrderValidator('permitDate', 'expiresOn', '有効期限は許可年月日より後の日付にしてください。') },
  );

  override ngOnInit(): void {
    super.ngOnInit();
    this.api.trades('construction').then(
      (list) => this.trades.set(list.filter((t) => t.active || t.code === this.data.row?.tradeCode)),
      (err) => this.error.set(errorMessage(err)),
    );
  }

  /** Fills the expiry from the permit date unless the clerk has typed one. */
  suggestExpiry(): void {
    const { permitDate, expiresOn } = this.form.controls;
    if (permitDate.value && !expiresOn.dirty) expiresOn.setValue(permitExpiry(permitDate.value));
  }

  protected fill(p: Permit): void {
    this.form.reset({
      tradeCode: p.tradeCode,
      issuer: p.issuer,
      issuerPrefecture: p.issuerPrefecture ?? '',
      grade: p.grade,
      permitNumber: p.permitNumber,
      permitDate: p.permitDate,
      expiresOn: p.expiresOn,
    });
  }

  protected body(): Record<string, unknown> {
    const v = this.form.getRawValue();
    return { ...v, permitNumber: v.permitNumber.trim(), issuerPrefecture: v.issuer === 'governor' ? textOrNull(v.issuerPrefecture) : null };
  }
}
