import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { PortalApi } from './portal-api.service';

@Component({
  selector: 'ky-portal-root',
  imports: [RouterOutlet, RouterLink, MatToolbarModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <mat-toolbar class="header">
        <span class="title">防府市 入札参加資格審査申請</span>
        <span class="spacer"></span>
        @if (api.account(); as a) {
          <a mat-button routerLink="/applications" class="light">申請一覧</a>
          <span class="who">{{ a.companyName }}</span>
          <button mat-button type="button" class="light" (click)="logout()">ログアウト</button>
        }
      </mat-toolbar>
    </header>
    <main class="main">
      <router-outlet />
    </main>
    <footer class="footer">防府市 総務部 契約課</footer>
  `,
  styles: `
    :host { display: flex; flex-direction: column; min-height: 100vh; }
    .header { background: #1b5e20; color: #fff; }
    .title { font-size: 18px; font-weight: 600; }
    .spacer { flex: 1; }
    .who { font-size: 13px; margin: 0 8px; }
    .light { color: #fff; }
    .main { flex: 1; display: flex; justify-content: center; padding: 32px 16px; background: var(--mat-sys-surface-container-low); }
    .footer { text-align: center; padding: 12px; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class PortalComponent {
  readonly api = inject(PortalApi);
  private readonly router = inject(Router);

  async logout(): Promise<void> {
    await this.api.logout();
    await this.router.navigateByUrl('/login');
  }
}
