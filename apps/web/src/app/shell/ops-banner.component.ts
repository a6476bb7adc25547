import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, OnDestroy, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
/** GET /api/ops/status (public): the environment and the announced maintenance windows. */
interface OpsStatus {
  environment: { kind: 'production' | 'test'; label: string };
  maintenance: Array<{ id: number; startsAt: string; endsAt: string; message: string; active?: boolean }>;
}

const POLL_MS = 60_000;

/**
 * Shown above every screen by the shell (here, not in the lazy admin library, so the first screen has it): the 検証環境 ribbon, maintenance announcements
 * (beforehand and during the window) and, for administrators and operators, a failed backup.
 */
@Component({
  selector: 'ky-ops-banner',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (status()?.environment?.kind === 'test') {
      <div class="ribbon" role="note" aria-label="検証環境">検証環境 — 本番のデータではありません</div>
    }
    @for (w of status()?.maintenance ?? []; track w.id) {
      <div class="banner" [class.active]="w.active" role="status">
        <mat-icon>{{ w.active ? 'construction' : 'schedule' }}</mat-icon>
        <span>
          @if (w.active) {
            <strong>メンテナンス中（{{ when(w.endsAt) }}まで）: 閲覧のみできます。</strong>
          } @else {
            <strong>メンテナンスのお知らせ: {{ when(w.startsAt) }}〜{{ when(w.endsAt) }}</strong>
          }
          {{ w.message }}
        </span>
      </div>
    }
    @for (a of alerts(); track a) {
      <div class="banner alert" role="alert"><mat-icon>error</mat-icon><span>{{ a }}</span></div>
    }
  `,
  styles: `
    :host { display: block; }
    .ribbon { background: repeating-linear-gradient(45deg, #c62828, #c62828 16px, #b71c1c 16px, #b71c1c 32px); color: #fff; font-weight: 700;
      text-align: center; letter-spacing: 0.2em; padding: 4px 8px; font-size: 15px; }
    .banner { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #fff4e5; border-bottom: 1px solid #f57c00; }
    .banner.active { background: #ffe0b2; }
    .banner.alert { background: #fdecea; border-bottom-color: #c62828; }
    .banner mat-icon { flex: none; }
  `,
})
export class OpsBannerComponent implements OnDestroy {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  readonly status = signal<OpsStatus | null>(null);
  readonly alerts = signal<string[]>([]);
  private readonly monitor = computed(() => !!this.auth.user() && this.auth.can('ops.monitor'));
  private readonly timer = setInterval(() => this.load(), POLL_MS);

  constructor() {
    effect(() => {
      this.monitor();
      this.load();
    });
  }

  ngOnDestroy(): void {
    clearInterval(this.timer);
  }

  when(value: string): string {
    return formatJapaneseDateTime(value);
  }

  private load(): void {
    this.http.get<OpsStatus>('/api/ops/status').subscribe({ next: (s) => this.status.set(s), error: () => undefined });
    if (this.monitor()) {
      this.http.get<{ alerts: Array<{ message: string }> }>('/api/ops/alerts').subscribe({
        next: (r) => this.alerts.set(r.alerts.map((a) => a.message)),
        error: () => undefined,
      });
    } else {
      this.alerts.set([]);
    }
  }
}
