import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { errorMessage, ReportParams, ReportPreviewService } from '@keiyaku/web/ui';
import { EucApi, FormInfo } from '../euc-api.service';

/** 登録帳票: every form of every module in one list, with its parameters; each opens the preview. */
@Component({
  selector: 'ky-euc-forms-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <div class="title-row">
        <h1 class="ky-page-title">登録帳票</h1>
        <a mat-button routerLink="/euc"><mat-icon>query_stats</mat-icon>検索・抽出（EUC）</a>
      </div>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
        <mat-label>帳票名で絞り込み</mat-label>
        <input matInput [ngModel]="q()" (ngModelChange)="q.set($event)" />
      </mat-form-field>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
      <ul class="forms">
        @for (f of shown(); track f.name) {
          <li role="group" [attr.aria-label]="f.title">
            <div class="head">
              <span class="name">{{ f.title }}</span>
              <span class="formats">{{ formatsOf(f) }}</span>
            </div>
            <div class="params">
              @for (p of f.parameters; track p.name) {
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <mat-label>{{ p.label }}{{ p.required ? '（必須）' : '' }}</mat-label>
                  @if (p.type === 'choice') {
                    <mat-select [ngModel]="value(f, p.name)" (ngModelChange)="setValue(f, p.name, $event)">
                      @if (!p.required) {
                        <mat-option value="">指定しない</mat-option>
                      }
                      @for (c of p.choices ?? []; track c) {
                        <mat-option [value]="c">{{ c }}</mat-option>
                      }
                    </mat-select>
                  } @else {
                    <input matInput [type]="p.type === 'number' ? 'number' : p.type === 'date' ? 'date' : 'text'" [attr.min]="p.min ?? null" [attr.max]="p.max ?? null" [ngModel]="value(f, p.name)" (ngModelChange)="setValue(f, p.name, $event)" />
                  }
                </mat-form-field>
              } @empty {
                <span class="hint">条件はありません。</span>
              }
              <button mat-flat-button type="button" [attr.aria-label]="f.title + 'をプレビュー'" (click)="preview(f)"><mat-icon>preview</mat-icon>プレビュー</button>
            </div>
          </li>
        } @empty {
          <li class="hint">出力できる帳票がありません。</li>
        }
      </ul>
    </section>
  `,
  styles: `
    .title-row { display: flex; align-items: center; justify-content: space-between; }
    .search { width: 320px; margin-bottom: 8px; }
    .forms { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 8px; }
    .forms li { border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 12px; }
    .head { display: flex; gap: 12px; align-items: baseline; margin-bottom: 6px; }
    .name { font-weight: 500; }
    .formats, .hint { color: #666; font-size: 13px; }
    .params { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .error { color: #b3261e; }
  `,
})
export class FormsPage implements OnInit {
  private readonly api = inject(EucApi);
  private readonly previews = inject(ReportPreviewService);

  readonly forms = signal<FormInfo[]>([]);
  readonly q = signal('');
  readonly error = signal<string | null>(null);
  private readonly values = signal<Record<string, ReportParams>>({});

  readonly shown = computed(() => {
    const q = this.q().trim();
    return q ? this.forms().filter((f) => f.title.includes(q)) : this.forms();
  });

  async ngOnInit(): Promise<void> {
    try {
      this.forms.set(await this.api.forms());
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }

  formatsOf(f: FormInfo): string {
    return f.formats.map((x) => (x === 'pdf' ? 'PDF' : 'Excel')).join('・');
  }

  value(f: FormInfo, name: string): unknown {
    return this.values()[f.name]?.[name] ?? '';
  }

  setValue(f: FormInfo, name: string, value: unknown): void {
    this.values.update((all) => ({ ...all, [f.name]: { ...(all[f.name] ?? {}), [name]: value === '' ? null : (value as string) } }));
  }

  preview(f: FormInfo): void {
    this.error.set(null);
    const params = this.values()[f.name] ?? {};
    const missing = f.parameters.filter((p) => p.required && (params[p.name] === null || params[p.name] === undefined || params[p.name] === ''));
    if (missing.length) {
      this.error.set(`「${f.title}」の${missing.map((p) => p.label).join('・')}を入力してください。`);
      return;
    }
    this.previews.open(f.name, f.title, params);
  }
}
