import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterOutlet } from '@angular/router';

@Component({
  selector: 'ky-portal-root',
  imports: [RouterOutlet, MatToolbarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <mat-toolbar class="header">
        <span class="title">防府市 入札参加資格審査申請</span>
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
    .main { flex: 1; display: flex; justify-content: center; padding: 32px 16px; background: var(--mat-sys-surface-container-low); }
    .footer { text-align: center; padding: 12px; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class PortalComponent {}
