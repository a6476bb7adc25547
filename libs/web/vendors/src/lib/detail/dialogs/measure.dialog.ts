import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MEASURE_KINDS } from '@keiyaku/domain';
import { Measure } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';
import { dateOrderValidator, textOrNull } from '../../validators';
import { PartDialog } from '../part-dialog';

/** 指名停止 and the other measures; a 指名停止 keeps the vendor out of designations in its period. */
@Component({
  selector: 'ky-measure-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '措置の編集' : '措置の追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <mat-form-field appearance="outline" class="w2">
            <mat-label>措置の種類</mat-label>
            <mat-select formControlName="kind">
              @for (k of kinds; track k.code) {
                <mat-option [value]="k.code">{{ k.name }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ msg('kind', '措置の種類') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>開始日</mat-label>
            <input matInput type="date" formControlName="startDate" />
            <mat-error>{{ msg('startDate', '開始日') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>終了日</mat-label>
            <input matInput type="date" formControlName="endDate" />
            <mat-hint>期限のない措置は空欄</mat-hint>
            <mat-error>{{ msg('endDate') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>理由</mat-label>
            <textarea matInput formControlName="reason" rows="3"></textarea>
            <mat-error>{{ msg('reason', '理由') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>根拠</mat-label>
            <input matInput formControlName="basis" autocomplete="off" placeholder="指名停止措置要領 別表第1 第3号" />
            <mat-error>{{ msg('basis') }}</mat-error>
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
export class MeasureDialog extends PartDialog<Measure> {
  readonly kinds = MEASURE_KINDS;
  readonly form = inject(NonNullableFormBuilder).group(
    {
      kind: ['suspension', Validators.required],
      startDate: ['', Validators.required],
      endDate: [''],
      reason: ['', [Validators.required, Validators.maxLength(500)]],
      basis: ['', Validators.maxLength(200)],
    },
    { validators: dateOrderValidator('startDate', 'endDate', '終了日は開始日以降の日付にしてください。') },
  );

  protected fill(m: Measure): void {
    this.form.reset({ kind: m.kind, startDate: m.startDate, endDate: m.endDate ?? '', reason: m.reason, basis: m.basis ?? '' });
  }

  protected body(): Record<string, unknown> {
    const v = this.form.getRawValue();
    return { kind: v.kind, startDate: v.startDate, endDate: v.endDate || null, reason: v.reason.trim(), basis: textOrNull(v.basis) };
  }
}
