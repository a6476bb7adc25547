import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { errorMessage } from '@keiyaku/web/ui';
import { PortalApi } from './portal-api.service';

const CARD_STYLES = `
  .card { width: 480px; max-width: 100%; padding: 24px; align-self: flex-start; }
  .title { font-size: 20px; margin: 0 0 8px; }
  .lead { font-size: 13px; line-height: 1.7; color: var(--mat-sys-on-surface-variant); }
  .form { display: flex; flex-direction: column; gap: 4px; }
  .error { color: var(--mat-sys-error); margin: 0 0 8px; white-space: pre-line; }
  .done { color: #1b5e20; line-height: 1.7; }
`;

/** 新規登録: one account per company; the address is confirmed by a mailed link. */
@Component({
  selector: 'ky-portal-signup-page',
  imports: [FormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <h1 class="title">事業者アカウントの新規登録</h1>
      @if (sent()) {
        <p class="done" role="status">登録を受け付けました。{{ model.email }} 宛てに確認メールを送信しました。メールのリンクを開いてメールアドレスを確認してください。</p>
        <a routerLink="/login">ログイン画面へ</a>
      } @else {
        <p class="lead">1つの事業者（法人番号）につき1つのアカウントを登録できます。</p>
        <form class="form" (ngSubmit)="submit()">
          <mat-form-field appearance="outline">
            <mat-label>法人・個人</mat-label>
            <mat-select name="entityType" [(ngModel)]="model.entityType">
              <mat-option value="corporation">法人</mat-option>
              <mat-option value="individual">個人事業主</mat-option>
            </mat-select>
          </mat-form-field>
          @if (model.entityType === 'corporation') {
            <mat-form-field appearance="outline">
              <mat-label>法人番号（13桁）</mat-label>
              <input matInput name="corporateNumber" [(ngModel)]="model.corporateNumber" inputmode="numeric" />
            </mat-form-field>
          }
          <mat-form-field appearance="outline">
            <mat-label>商号又は名称</mat-label>
            <input matInput name="companyName" [(ngModel)]="model.companyName" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>メールアドレス</mat-label>
            <input matInput name="email" type="email" [(ngModel)]="model.email" autocomplete="email" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>パスワード（10文字以上）</mat-label>
            <input matInput name="password" type="password" [(ngModel)]="model.password" autocomplete="new-password" />
          </mat-form-field>
          @if (error()) {
            <p class="error" role="alert">{{ error() }}</p>
          }
          <button mat-flat-button type="submit" [disabled]="busy()">登録する</button>
        </form>
      }
    </mat-card>
  `,
  styles: CARD_STYLES,
})
export class PortalSignupPage {
  private readonly api = inject(PortalApi);
  readonly busy = signal(false);
  readonly sent = signal(false);
  readonly error = signal<string | null>(null);
  readonly model = { entityType: 'corporation', corporateNumber: '', companyName: '', email: '', password: '' };

  async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const m = this.model;
      await this.api.post('/api/portal/auth/signup', { ...m, email: m.email.trim(), corporateNumber: m.entityType === 'corporation' ? m.corporateNumber.trim() : null });
      this.sent.set(true);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}

/** The mailed link: /portal/verify?token=… confirms the address. */
@Component({
  selector: 'ky-portal-verify-page',
  imports: [MatCardModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <h1 class="title">メールアドレスの確認</h1>
      @if (done()) {
        <p class="done" role="status">メールアドレスを確認しました。ログインしてください。</p>
      } @else if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      } @else {
        <p>確認しています…</p>
      }
      <a routerLink="/login">ログイン画面へ</a>
    </mat-card>
  `,
  styles: CARD_STYLES,
})
export class PortalVerifyPage implements OnInit {
  private readonly api = inject(PortalApi);
  private readonly route = inject(ActivatedRoute);
  readonly done = signal(false);
  readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      await this.api.post('/api/portal/auth/verify', { token: this.route.snapshot.queryParamMap.get('token') ?? '' });
      this.done.set(true);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}

/** パスワードを忘れた場合: a reset link by mail (same answer whether or not the address exists). */
@Component({
  selector: 'ky-portal-reset-request-page',
  imports: [FormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <h1 class="title">パスワードの再設定</h1>
      @if (message()) {
        <p class="done" role="status">{{ message() }}</p>
      } @else {
        <form class="form" (ngSubmit)="submit()">
          <mat-form-field appearance="outline">
            <mat-label>メールアドレス</mat-label>
            <input matInput name="email" [(ngModel)]="email" autocomplete="email" />
          </mat-form-field>
          @if (error()) {
            <p class="error" role="alert">{{ error() }}</p>
          }
          <button mat-flat-button type="submit">再設定の案内を送る</button>
        </form>
      }
      <a routerLink="/login">ログイン画面へ</a>
    </mat-card>
  `,
  styles: CARD_STYLES,
})
export class PortalResetRequestPage {
  private readonly api = inject(PortalApi);
  email = '';
  readonly message = signal<string | null>(null);
  readonly error = signal<string | null>(null);

  async submit(): Promise<void> {
    this.error.set(null);
    try {
      const res = await this.api.post<{ message: string }>('/api/portal/auth/reset-request', { email: this.email.trim() });
      this.message.set(res.message);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}

/** The reset or invitation link: sets a new password. */
@Component({
  selector: 'ky-portal-reset-page',
  imports: [FormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <h1 class="title">新しいパスワードの設定</h1>
      @if (done()) {
        <p class="done" role="status">パスワードを設定しました。ログインしてください。</p>
        <a routerLink="/login">ログイン画面へ</a>
      } @else {
        <form class="form" (ngSubmit)="submit()">
          <mat-form-field appearance="outline">
            <mat-label>新しいパスワード（10文字以上）</mat-label>
            <input matInput name="password" type="password" [(ngModel)]="password" autocomplete="new-password" />
          </mat-form-field>
          @if (error()) {
            <p class="error" role="alert">{{ error() }}</p>
          }
          <button mat-flat-button type="submit">設定する</button>
        </form>
      }
    </mat-card>
  `,
  styles: CARD_STYLES,
})
export class PortalResetPage {
  private readonly api = inject(PortalApi);
  private readonly route = inject(ActivatedRoute);
  password = '';
  readonly done = signal(false);
  readonly error = signal<string | null>(null);

  async submit(): Promise<void> {
    this.error.set(null);
    try {
      await this.api.post('/api/portal/auth/reset', { token: this.route.snapshot.queryParamMap.get('token') ?? '', password: this.password });
      this.done.set(true);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
