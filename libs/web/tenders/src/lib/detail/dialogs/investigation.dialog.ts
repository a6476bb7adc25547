import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { formatYen } from '../../models';

export interface InvestigationData {
  vendorLabel: string;
  amount: number | null;
  threshold: number | null;
  result: 'accepted' | 'rejected' | null;
  note: string | null;
}

export interface InvestigationResult {
  result: 'accepted' | 'rejected';
  note: string | null;
}

/** 低入札価格調査の結果: 履行可能 (the bid stays) or not (失格), with the findings. */
@Component({
  selector: 'ky-tender-investigation-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>低入札価格調査の結果</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p>{{ data.vendorLabel }}（入札金額 {{ yen(data.amount) }}、調査基準価格 {{ yen(data.threshold) }}）</p>
        <mat-radio-group formControlName="result" aria-label="調査結果" class="radios">
          <mat-radio-button value="accepted">履行可能と認める（落札候補とする）</mat-radio-button>
          <mat-radio-button value="rejected">履行可能と認めない（失格とする）</mat-radio-button>
        </mat-radio-group>
        @if (form.controls.result.touched && form.controls.result.invalid) {
          <p class="ky-error" role="alert">調査結果を選んでください。</p>
        }
        <mat-form-field appearance="outline" class="full">
          <mat-label>調査の所見</mat-label>
          <textarea matInput formControlName="note" rows="3"></textarea>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">保存</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: '.full { width: 100%; } .radios { display: flex; flex-direction: column; margin-bottom: 12px; }',
})
export class InvestigationDialog {
  readonly data = inject<InvestigationData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<InvestigationDialog, InvestigationResult>>(MatDialogRef);
  readonly form = inject(NonNullableFormBuilder).group({
    result: [this.data.result ?? '', Validators.required],
    note: [this.data.note ?? '', Validators.maxLength(600)],
  });

  yen(v: number | null): string {
    return formatYen(v) || '—';
  }

  submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.ref.close({ result: v.result as 'accepted' | 'rejected', note: v.note.trim() || null });
  }
}
