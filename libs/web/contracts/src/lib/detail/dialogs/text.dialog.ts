import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { controlMessage } from '@keiyaku/web/ui';

export interface TextDialogData {
  title: string;
  message: string;
  /** The input's label (理由, コメント …). */
  label: string;
  ok: string;
  required: boolean;
  /** `date`: a date input (e.g. 完成の日); `text`: a text area. */
  type?: 'text' | 'date';
  initial?: string;
}

/**
 * Asks one thing before an action: the reason of a 解除, the comment of a 差戻し (required) or of
 * a 起案・決裁 (optional), the date of a 完成. Closes with the text ('' when optional and empty).
 */
@Component({
  selector: 'ky-contract-text-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p>{{ data.message }}</p>
        <mat-form-field appearance="outline" class="full">
          <mat-label>{{ data.label }}</mat-label>
          @if (data.type === 'date') {
            <input matInput type="date" formControlName="value" cdkFocusInitial />
          } @else {
            <textarea matInput formControlName="value" rows="3" cdkFocusInitial></textarea>
          }
          <mat-error>{{ message() }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">{{ data.ok }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: '.full { width: 100%; }',
})
export class TextDialog {
  readonly data = inject<TextDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<TextDialog, string>>(MatDialogRef);
  readonly form = inject(NonNullableFormBuilder).group({
    value: [this.data.initial ?? '', this.data.required ? [Validators.required, Validators.maxLength(600)] : [Validators.maxLength(600)]],
  });

  message(): string {
    return controlMessage(this.form.controls.value, this.data.label);
  }

  submit(): void {
    const value = this.form.controls.value.value.trim();
    if (this.data.required && !value) {
      this.form.controls.value.setValue('');
      this.form.markAllAsTouched();
      return;
    }
    if (this.form.invalid) return;
    this.ref.close(value);
  }
}
