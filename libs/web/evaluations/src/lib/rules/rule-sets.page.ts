import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { EVALUATION_CATEGORY_LABELS } from '@keiyaku/domain';
import { badgeClass, errorMessage, JapaneseDatePipe } from '@keiyaku/web/ui';
import { EvaluationsApi } from '../evaluations-api.service';
import { askFields } from '../fields.dialog';
import { RuleSetRow } from '../models';

/** 評定要領: the versions per category; a new version starts as a copy of an existing one. */
@Component({
  selector: 'ky-evaluation-rule-sets-page',
  imports: [RouterLink, MatButtonModule, MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/evaluations">工事成績評定</a> ＞ 評定要領</nav>
      <h1 class="ky-page-title">評定要領</h1>
      <p class="note">評定は工事の完成日に適用されている評定要領で行います。有効にした版は変更できません。改定するときは版を複写して下書きを作り、内容を直して有効にします。</p>
      @if (error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      <table class="ky-table" aria-label="評定要領">
        <thead><tr><th>コード</th><th>名称</th><th>部門</th><th>適用期間</th><th>状態</th><th></th></tr></thead>
        <tbody>
          @for (r of rows(); track r.id) {
            <tr>
              <td><a [routerLink]="['/evaluations/rule-sets', r.id]">{{ r.code }}</a></td>
              <td>{{ r.name }}</td>
              <td>{{ categoryLabel(r) }}</td>
              <td>{{ r.effectiveFrom | japaneseDate }} 〜 {{ r.effectiveTo ? (r.effectiveTo | japaneseDate) : '' }}</td>
              <td><span [class]="badge(r)">{{ r.status === 'active' ? '有効' : '下書き' }}</span></td>
              <td class="actions">
                <button mat-button type="button" [disabled]="busy()" (click)="copy(r)"><mat-icon>content_copy</mat-icon>複写して新しい版</button>
              </td>
            </tr>
          } @empty {
            <tr><td colspan="6" class="note">評定要領はありません。</td></tr>
          }
        </tbody>
      </table>
    </section>
  `,
  styles: `
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .note { font-size: 12px; color: var(--mat-sys-on-surface-variant); max-width: 900px; }
    .ky-table { border-collapse: collapse; width: 100%; font-size: 13px; }
    .ky-table th, .ky-table td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 8px; text-align: left; }
    .ky-table th { background: #eef2f8; }
    .actions { text-align: right; }
  `,
})
export class RuleSetsPage implements OnInit {
  private readonly api = inject(EvaluationsApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  readonly rows = signal<RuleSetRow[]>([]);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.rows.set(await this.api.ruleSets());
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  categoryLabel(r: RuleSetRow): string {
    return EVALUATION_CATEGORY_LABELS[r.category] ?? r.category;
  }

  badge(r: RuleSetRow): string {
    return badgeClass(r.status === 'active' ? 'ok' : 'warn');
  }

  async copy(r: RuleSetRow): Promise<void> {
    const v = await askFields(this.dialog, {
      title: '評定要領の複写',
      message: `「${r.code} ${r.name}」を複写して、新しい版の下書きを作ります。`,
      ok: '下書きを作成',
      fields: [
        { key: 'code', label: '評定要領コード（半角英数字）', type: 'text', required: true, initial: `${r.code}-NEW` },
        { key: 'name', label: '名称', type: 'text', required: true, initial: r.name },
        { key: 'effectiveFrom', label: '適用開始日', type: 'date', required: true },
        { key: 'notes', label: '備考', type: 'textarea' },
      ],
    });
    if (!v) return;
    this.busy.set(true);
    try {
      const created = await this.api.createRuleSet({ ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)), category: r.category, copyOf: r.id });
      void this.router.navigate(['/evaluations/rule-sets', created.id]);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
