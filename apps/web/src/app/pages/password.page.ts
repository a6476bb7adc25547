import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { passwordProblems } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { errorMessage, fieldErrors } from '@keiyaku/web/ui';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

@Component({
  selector: 'ky-password-page',
  imports: [ReactiveFormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatSnackBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <h1 class="ky-page-title">パスワード変更</h1>
      @if (mustChange()) {
        <p class="notice" role="status">初回ログインまたはパスワード再設定のため、新しいパスワードを設定してください。</p>
      }
      <mat-card appearance="outlined" class="card">
        <form [formGroup]="form" (ngSubmit)="submit()" class="ky-form">
          <mat-form-field appearance="outline">
            <mat-label>現在のパスワード</mat-label>
            <input matInput type="password" formControlName="currentPassword" autocomplete="current-password" />
            <mat-error>{{ message('currentPassword') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>新しいパスワード</mat-label>
            <input matInput type="password" formControlName="newPassword" autocomplete="new-password" />
            <mat-hint>10文字以上。ログインIDを含めないでください。</mat-hint>
            <mat-error>{{ message('newPassword') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>新しいパスワード（確認）</mat-label>
            <input matInput type="password" formControlName="confirm" autocomplete="new-password" />
            <mat-error>{{ message('confirm') }}</mat-error>
          </mat-form-field>
          @if (error()) {
            <p class="ky-error" role="alert">{{ error() }}</p>
          }
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="busy()">変更する</button>
          </div>
        </form>
      </mat-card>
    </section>
  `,
  styles: `
    .card { max-width: 440px; padding: 16px; }
    .notice { background: #fff4e5; border-left: 4px solid #f57c00; padding: 8px 12px; max-width: 440px; }
    .actions { margin-top: 8px; }
  `,
})
export class PasswordPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);

  readonly mustChange = computed(() => this.auth.user()?.mustChangePassword ?? false);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, (c: AbstractControl) => this.policy(c)]],
      confirm: ['', Validators.required],
    },
    { validators: (g: AbstractControl) => this.matches(g) },
  );

  /** The same rules the server applies, so most mistakes are caught while typing. */
  private policy(control: AbstractControl): ValidationErrors | null {
    const value = control.value as string;
    if (!value) return null;
    const problems = passwordProblems(value, this.auth.user()?.loginId ?? '');
    return problems.length ? { policy: problems.join(' ') } : null;
  }

  private matches(group: AbstractControl): null {
    const confirm = group.get('confirm');
    const mismatch = !!confirm?.value && confirm.value !== group.get('newPassword')?.value;
    if (mismatch && !confirm?.hasError('mismatch')) confirm?.setErrors({ ...(confirm.errors ?? {}), mismatch: true });
    if (!mismatch && confirm?.hasError('mismatch')) {
      const { mismatch: _m, ...rest } = confirm.errors ?? {};
      confirm.setErrors(Object.keys(rest).length ? rest : null);
    }
    return null;
  }

  message(field: Field): string {
    const errors = this.form.controls[field].errors ?? {};
    if (errors['server']) return errors['server'];
    if (errors['required']) return field === 'confirm' ? '確認のため、もう一度入力してください。' : 'パスワードを入力してください。';
    if (errors['policy']) return errors['policy'];
    if (errors['mismatch']) return '新しいパスワードと一致しません。';
    return '';
  }

  async submit(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    try {
      const { currentPassword, newPassword } = this.form.getRawValue();
      await this.auth.changePassword(currentPassword, newPassword);
      this.snack.open('パスワードを変更しました。', '閉じる', { duration: 4000 });
      this.form.reset();
      await this.router.navigateByUrl('/');
    } catch (err) {
      const byField = fieldErrors(err);
      let shown = false;
      for (const field of ['currentPassword', 'newPassword'] as const) {
        if (byField[field]) {
          this.form.controls[field].setErrors({ server: byField[field] });
          this.form.controls[field].markAsTouched();
          shown = true;
        }
      }
      if (!shown) this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
