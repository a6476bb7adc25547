import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { AuthService, PASSWORD_PATH } from '@keiyaku/web/auth';
import { errorMessage } from '@keiyaku/web/ui';

const EXPIRED_MESSAGE = 'セッションの有効期限が切れました。再度ログインしてください。';

@Component({
  selector: 'ky-login-page',
  imports: [ReactiveFormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="login">
      <mat-card class="card" appearance="outlined">
        <h1 class="title">keiyaku 契約管理</h1>
        <p class="subtitle">防府市 入札契約関連システム</p>
        @if (reason() === 'expired' && !error()) {
          <p class="notice" role="status">{{ expiredMessage }}</p>
        }
        <form [formGroup]="form" (ngSubmit)="submit()" class="ky-form">
          <mat-form-field appearance="outline">
            <mat-label>ログインID</mat-label>
            <input matInput formControlName="loginId" autocomplete="username" />
            @if (form.controls.loginId.hasError('required')) {
              <mat-error>ログインIDを入力してください。</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>パスワード</mat-label>
            <input matInput type="password" formControlName="password" autocomplete="current-password" />
            @if (form.controls.password.hasError('required')) {
              <mat-error>パスワードを入力してください。</mat-error>
            }
          </mat-form-field>
          @if (error()) {
            <p class="ky-error" role="alert">{{ error() }}</p>
          }
          <button mat-flat-button type="submit" [disabled]="busy()">ログイン</button>
          @if (busy()) {
            <mat-progress-bar mode="indeterminate" />
          }
        </form>
      </mat-card>
    </main>
  `,
  styles: `
    .login { min-height: 100vh; display: flex; align-items: center; justify-content: center; background: var(--mat-sys-surface-container); }
    .card { width: 380px; padding: 24px; }
    .title { margin: 0; font-size: 22px; }
    .subtitle { margin: 4px 0 16px; color: var(--mat-sys-on-surface-variant); }
    .notice { background: #fff4e5; border-left: 4px solid #f57c00; padding: 8px 12px; margin: 0 0 12px; }
    .ky-error { margin: 0 0 8px; }
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** From the query string (component input binding). */
  readonly reason = input<string>();
  readonly returnUrl = input<string>();

  readonly expiredMessage = EXPIRED_MESSAGE;
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  readonly form = inject(NonNullableFormBuilder).group({
    loginId: ['', Validators.required],
    password: ['', Validators.required],
  });

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { loginId, password } = this.form.getRawValue();
      const user = await this.auth.login(loginId.trim(), password);
      const target = user.mustChangePassword ? PASSWORD_PATH : safeReturnUrl(this.returnUrl());
      await this.router.navigateByUrl(target);
    } catch (err) {
      // The server's message (wrong password, locked, disabled) is shown as is.
      this.error.set(errorMessage(err));
      this.form.controls.password.reset();
    } finally {
      this.busy.set(false);
    }
  }
}

/** Only paths inside this app, never another origin. */
function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : '/';
}
