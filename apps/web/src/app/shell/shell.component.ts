import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { navFor } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { OpsBannerComponent } from './ops-banner.component';

@Component({
  selector: 'ky-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatMenuModule,
    MatDividerModule,
    OpsBannerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ky-ops-banner />
    <mat-toolbar class="topbar">
      <button mat-icon-button type="button" aria-label="メニューの表示切替" (click)="drawer.toggle()">
        <mat-icon>menu</mat-icon>
      </button>
      <a routerLink="/" class="app-name">keiyaku 契約管理</a>
      <span class="spacer"></span>
      @if (user(); as u) {
        <button mat-button type="button" class="user-button" [matMenuTriggerFor]="userMenu" aria-label="ユーザーメニュー">
          <mat-icon>account_circle</mat-icon>
          <span class="user-name">{{ u.name }}</span>
        </button>
        <mat-menu #userMenu="matMenu" xPosition="before">
          <div class="menu-user" role="presentation">
            <div class="menu-name">{{ u.name }}</div>
            <div class="menu-dept">{{ u.department?.name ?? '所属なし' }}</div>
          </div>
          <mat-divider />
          <a mat-menu-item routerLink="/jobs"><mat-icon>pending_actions</mat-icon>処理状況</a>
          <a mat-menu-item routerLink="/password"><mat-icon>key</mat-icon>パスワード変更</a>
          <button mat-menu-item type="button" (click)="logout()"><mat-icon>logout</mat-icon>ログアウト</button>
        </mat-menu>
      }
    </mat-toolbar>
    <mat-sidenav-container class="container">
      <mat-sidenav #drawer mode="side" opened class="sidenav">
        <nav aria-label="業務メニュー">
          <mat-nav-list>
            <a mat-list-item routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }">
              <mat-icon matListItemIcon>home</mat-icon>
              <span matListItemTitle>ホーム</span>
            </a>
            @for (s of sections(); track s.key) {
              <a mat-list-item [routerLink]="['/section', s.key]" routerLinkActive="active" class="section">
                <mat-icon matListItemIcon>{{ s.icon }}</mat-icon>
                <span matListItemTitle>{{ s.label }}</span>
              </a>
              @for (item of s.items; track item.path) {
                <a mat-list-item [routerLink]="item.path" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: exactFor(item.path, s.items) }" class="item">
                  <span matListItemTitle>{{ item.label }}</span>
                </a>
              }
            }
          </mat-nav-list>
        </nav>
      </mat-sidenav>
      <mat-sidenav-content class="content">
        <router-outlet />
      </mat-sidenav-content>
    </mat-sidenav-container>
  `,
  styles: `
    :host { display: flex; flex-direction: column; height: 100vh; }
    .topbar { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); height: 48px; gap: 4px; flex: none; }
    .topbar .mat-mdc-icon-button, .user-button { color: inherit; }
    .app-name { color: inherit; text-decoration: none; font-size: 18px; font-weight: 600; }
    .spacer { flex: 1; }
    .user-name { margin-left: 4px; }
    .container { flex: 1; }
    .sidenav { width: 220px; border-right: 1px solid var(--mat-sys-outline-variant); }
    .item { padding-left: 56px !important; }
    .active { background: var(--mat-sys-secondary-container); }
    .menu-user { padding: 8px 16px; }
    .menu-name { font-weight: 600; }
    .menu-dept { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .content { display: flex; flex-direction: column; }
  `,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  readonly user = this.auth.user;
  readonly sections = computed(() => navFor(this.user()?.permissions ?? []));

  /** An item whose path starts another item's (業者 /vendors vs 格付 /vendors/ranking) matches exactly. */
  exactFor(path: string, items: Array<{ path: string }>): boolean {
    return items.some((i) => i.path !== path && i.path.startsWith(`${path}/`));
  }

  async logout(): Promise<void> {
    try {
      await this.auth.logout();
    } catch {
      // Already signed out on the server: the login page is still the right place.
    }
    await this.router.navigateByUrl('/login');
  }
}
