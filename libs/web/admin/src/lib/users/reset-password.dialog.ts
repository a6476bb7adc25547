import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { applyServerErrors, controlMessage, errorMessage, passwordPolicyValidator, sameAsValidator } from '@keiyaku/web/ui';
import { UserRow } from '../models';

@Component({
  selector: 'ky-reset-password-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>パスワード再設定</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ky-dialog-form">
        <p>{{ user.name }}（{{ user.loginId }}）さんの新しいパスワードを設定します。本人は次回ログイン時に変更を求められます。</p>
        <mat-form-field appearance="outline">
          <mat-label>新しいパスワード</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="new-password" />
          <mat-error>{{ msg('password', '新しいパスワード') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>新しいパスワード（確認）</mat-label>
          <input matInput type="password" formControlName="confirm" autocomplete="new-password" />
          <mat-error>{{ msg('confirm', '確認のためのパスワード') }}</mat-error>
        </mat-form-field>
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">再設定</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class ResetPasswordDialog {
  private readonly http = inject(HttpClient);
  private readonly ref = inject<MatDialogRef<ResetPasswordDialog, boolean>>(MatDialogRef);
  readonly user = inject<UserRow>(MAT_DIALOG_DATA);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, passwordPolicyValidator(() => this.user.loginId)]],
    confirm: ['', [Validators.required, sameAsValidator((): AbstractControl | null => this.form?.controls.password ?? null)]],
  });

  msg(field: 'password' | 'confirm', label: string): string {
    return controlMessage(this.form.controls[field], label);
  }

  async save(): Promise<void> {
    this.error.set(null);
    this.form.controls.confirm.updateValueAndValidity();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    try {
      await firstValueFrom(this.http.post<void>(`/api/users/${this.user.id}/reset-password`, { password: this.form.getRawValue().password }));
      this.ref.close(true);
    } catch (err) {
      if (!applyServerErrors(this.form, err)) this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
