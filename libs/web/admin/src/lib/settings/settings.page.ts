import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '@keiyaku/web/ui';
import { SettingRow } from '../models';
import { SettingEditor } from './setting-editor.component';

/** The settings catalogue as the server sends it, one card per group, each setting saved on its own. */
@Component({
  selector: 'ky-settings-page',
  imports: [SettingEditor, MatCardModule, MatButtonModule, MatIconModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">設定</h1>
      <p class="lead">設定は項目ごとに保存します。変更は操作ログに記録されます。</p>
      @if (loading()) {
        <div class="state" role="status"><mat-spinner diameter="28" /><span>読み込み中…</span></div>
      } @else if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
        <button mat-stroked-button type="button" (click)="load()"><mat-icon>refresh</mat-icon>再読み込み</button>
      } @else {
        @for (g of groups(); track g.name) {
          <mat-card appearance="outlined" class="group">
            <h2 class="group-title">{{ g.name }}</h2>
            @for (s of g.settings; track s.key) {
              <ky-setting-editor [setting]="s" />
            }
          </mat-card>
        }
      }
    </section>
  `,
  styles: `
    .page { max-width: 960px; }
    .lead { margin: 0 0 16px; color: var(--mat-sys-on-surface-variant); }
    .state { display: flex; align-items: center; gap: 12px; }
    .group { padding: 8px 16px 4px; margin-bottom: 16px; }
    .group-title { font-size: 16px; font-weight: 600; margin: 4px 0 0; }
  `,
})
export class SettingsPage implements OnInit {
  private readonly http = inject(HttpClient);

  readonly settings = signal<SettingRow[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);

  /** Groups in the catalogue's order (the order an administrator reads them in). */
  readonly groups = computed(() => {
    const groups: { name: string; settings: SettingRow[] }[] = [];
    for (const s of this.settings()) {
      let g = groups.find((x) => x.name === s.group);
      if (!g) groups.push((g = { name: s.group, settings: [] }));
      g.settings.push(s);
    }
    return groups;
  });

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.settings.set(await firstValueFrom(this.http.get<SettingRow[]>('/api/settings')));
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }
}
