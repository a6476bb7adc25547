import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export interface DecisionDialogData {
  title: string;
  message: string;
  label: string;
  ok: string;
  required: boolean;
}

/** 認定 (optional note) or 不認定 (the reason the vendor reads, required). Closes with the text, or undefined. */
@Component({
  selector: 'ky-decision-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p class="msg">{{ data.message }}</p>
        <mat-form-field appearance="outline" class="full">
          <mat-label>{{ data.label }}</mat-label>
          <textarea matInput formControlName="value" rows="4" maxlength="1000" cdkFocusInitial></textarea>
          @if (form.controls.value.touched && form.controls.value.invalid) {
            <mat-error>{{ data.label }}を入力してください。</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">{{ data.ok }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.full { width: 100%; } .msg { white-space: pre-wrap; }`,
})
export class DecisionDialog {
  readonly data = inject<DecisionDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<DecisionDialog, string>);
  readonly form = inject(NonNullableFormBuilder).group({ value: ['', this.data.required ? [Validators.required, Validators.maxLength(1000)] : [Validators.maxLength(1000)]] });

  submit(): void {
    const value = this.form.controls.value.value.trim();
    if (this.data.required && !value) {
      this.form.controls.value.setValue('');
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close(value);
  }
}
