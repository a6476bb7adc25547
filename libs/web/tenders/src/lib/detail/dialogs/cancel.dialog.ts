import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { controlMessage } from '@keiyaku/web/ui';

/** 中止: asks the reason (required; kept on the tender and in its history). */
@Component({
  selector: 'ky-tender-cancel-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>入札案件の中止</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p>「{{ data.title }}」を中止します。中止した案件は元に戻せません。</p>
        <mat-form-field appearance="outline" class="full">
          <mat-label>中止の理由</mat-label>
          <textarea matInput formControlName="reason" rows="3" cdkFocusInitial></textarea>
          <mat-error>{{ message() }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">中止する</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: '.full { width: 100%; }',
})
export class CancelDialog {
  readonly data = inject<{ title: string }>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<CancelDialog, string>>(MatDialogRef);
  readonly form = inject(NonNullableFormBuilder).group({ reason: ['', [Validators.required, Validators.maxLength(600)]] });

  message(): string {
    return controlMessage(this.form.controls.reason, '中止の理由');
  }

  submit(): void {
    const reason = this.form.controls.reason.value.trim();
    if (!reason) {
      this.form.controls.reason.setValue('');
      this.form.markAllAsTouched();
      return;
    }
    if (this.form.invalid) return;
    this.ref.close(reason);
  }
}
