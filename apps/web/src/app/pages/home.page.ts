import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { hasAnyPermission, navFor, ROLE_LABELS, Role } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { DeadlinesComponent } from './deadlines.component';

@Component({
  selector: 'ky-home-page',
  imports: [MatCardModule, MatChipsModule, MatIconModule, RouterLink, DeadlinesComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (user(); as u) {
      <section class="ky-page">
        <h1 class="ky-page-title">{{ u.name }} さん、こんにちは。</h1>
        <p>所属: {{ u.department?.name ?? '（未設定）' }}</p>
        <div class="roles">
          <span>役割:</span>
          <mat-chip-set aria-label="役割">
            @for (role of u.roles; track role) {
              <mat-chip>{{ roleLabel(role) }}</mat-chip>
            }
          </mat-chip-set>
        </div>
        @if (canReadContracts()) {
          <!-- A chunk of its own: only users with 契約の閲覧 load it. -->
          @defer (on immediate) {
            <ky-deadlines />
          }
        }
        <div class="cards">
          @for (s of sections(); track s.key) {
            <a class="card-link" [routerLink]="['/section', s.key]">
              <mat-card appearance="outlined" class="card">
                <mat-icon class="card-icon">{{ s.icon }}</mat-icon>
                <span class="card-label">{{ s.label }}</span>
              </mat-card>
            </a>
          }
        </div>
      </section>
    }
  `,
  styles: `
    .roles { display: flex; align-items: center; gap: 8px; margin-bottom: 24px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; max-width: 960px; }
    .card-link { text-decoration: none; color: inherit; }
    .card { flex-direction: row; align-items: center; gap: 12px; padding: 16px; }
    .card-icon { color: var(--mat-sys-primary); }
    .card-label { font-size: 16px; font-weight: 600; }
    .card:hover { background: var(--mat-sys-surface-container-low); }
  `,
})
export class HomePage {
  readonly user = inject(AuthService).user;
  readonly sections = computed(() => navFor(this.user()?.permissions ?? []));
  readonly canReadContracts = computed(() => hasAnyPermission(this.user()?.permissions ?? [], ['contracts.read']));
  roleLabel(role: Role): string {
    return ROLE_LABELS[role] ?? role;
  }
}
