import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'ky-forbidden-page',
  imports: [MatIconModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page status">
      <mat-icon class="icon">block</mat-icon>
      <h1 class="ky-page-title">権限がありません</h1>
      <p>この画面を表示する権限がありません。必要な場合はシステム管理者に連絡してください。</p>
      <a routerLink="/">ホームへ戻る</a>
    </section>
  `,
  styles: `.status { text-align: center; padding-top: 64px; } .icon { font-size: 48px; width: 48px; height: 48px; color: var(--mat-sys-error); }`,
})
export class ForbiddenPage {}

@Component({
  selector: 'ky-not-found-page',
  imports: [MatIconModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page status">
      <mat-icon class="icon">search_off</mat-icon>
      <h1 class="ky-page-title">ページが見つかりません</h1>
      <p>指定されたページは存在しません。メニューから画面を選んでください。</p>
      <a routerLink="/">ホームへ戻る</a>
    </section>
  `,
  styles: `.status { text-align: center; padding-top: 64px; } .icon { font-size: 48px; width: 48px; height: 48px; color: var(--mat-sys-outline); }`,
})
export class NotFoundPage {}
