import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { errorMessage } from '@keiyaku/web/ui';
import { PortalApi } from './portal-api.service';

/** Vendor sign-in with the e-mail address of the account. */
@Component({
  selector: 'ky-portal-login-page',
  imports: [ReactiveFormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <h1 class="title">事業者ログイン</h1>
      <p class="lead">入札参加資格審査申請を行う事業者の方は、登録済みのメールアドレスでログインしてください。</p>
      <form [formGroup]="form" (ngSubmit)="submit()" class="form">
        <mat-form-field appearance="outline">
          <mat-label>メールアドレス または 事業者ID</mat-label>
          <input matInput formControlName="loginId" autocomplete="username" />
          <mat-error>メールアドレスを入力してください。</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>パスワード</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="current-password" />
          <mat-error>パスワードを入力してください。</mat-error>
        </mat-form-field>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <button mat-flat-button type="submit" [disabled]="busy()">ログイン</button>
      </form>
      <p class="links">
        <a routerLink="/signup">アカウントを新規登録する</a>
        <a routerLink="/reset-request">パスワードを忘れた場合</a>
        <a routerLink="/qualified">入札参加資格者名簿</a>
      </p>
    </mat-card>
  `,
  styles: `
    .card { width: 420px; max-width: 100%; padding: 24px; align-self: flex-start; }
    .title { font-size: 20px; margin: 0 0 8px; }
    .lead { font-size: 13px; line-height: 1.7; color: var(--mat-sys-on-surface-variant); }
    .form { display: flex; flex-direction: column; gap: 4px; }
    .error { color: var(--mat-sys-error); margin: 0 0 8px; }
    .links { display: flex; flex-direction: column; gap: 6px; margin-top: 16px; font-size: 13px; }
  `,
})
export class PortalLoginPage {
  private readonly api = inject(PortalApi);
  private readonly router = inject(Router);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
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
      await this.api.login(loginId.trim(), password);
      await this.router.navigateByUrl('/applications');
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
