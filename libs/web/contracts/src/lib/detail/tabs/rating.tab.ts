import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { EVALUATION_STATUS_LABELS, EvaluationStatus } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeClass, BadgeTone, errorMessage, JapaneseDatePipe } from '@keiyaku/web/ui';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { ContractContext } from '../contract-context';

/** The few fields of GET /api/evaluations this tab shows (docs/evaluations.md). */
interface SheetRow {
  id: number;
  contractId: number;
  revision: number;
  status: EvaluationStatus;
  evaluatedOn: string;
  ruleCode: string;
  finalScore: number | null;
  band: string | null;
  noticeDate: string | null;
  explanationDeadline: string | null;
}

const TONES: Record<EvaluationStatus, BadgeTone> = { rating: 'info', submitted: 'warn', approved: 'ok', superseded: 'neutral' };
const FINISHED = ['completed', 'inspected', 'paid'];

/**
 * 評定: the contract's rating sheet (工事成績評定, libs/web/evaluations) with its status and, once
 * visible, its score; or why there is none yet. Read through HTTP: a lazy library may not import
 * another lazy library.
 */
@Component({
  selector: 'ky-contract-rating-tab',
  imports: [RouterLink, MatButtonModule, MatIconModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tab-toolbar"><h2>工事成績評定</h2></div>
    @if (error(); as message) {
      <p class="ky-error" role="alert">{{ message }}</p>
    } @else if (sheet(); as s) {
      <dl class="facts" aria-label="工事成績評定">
        <div><dt>状態</dt><dd><span [class]="badge(s)" data-figure="ratingStatus">{{ statusLabel(s) }}</span>@if (s.revision > 1) { 第{{ s.revision }}版}</dd></div>
        <div><dt>評定日</dt><dd>{{ s.evaluatedOn | japaneseDate }}</dd></div>
        <div><dt>評定点</dt><dd data-figure="ratingScore">{{ s.finalScore === null ? '承認後に公開されます' : s.finalScore + '点' + (s.band ? '（評定 ' + s.band + '）' : '') }}</dd></div>
        <div><dt>評定要領</dt><dd>{{ s.ruleCode }}</dd></div>
        <div><dt>通知日</dt><dd>{{ s.noticeDate ? (s.noticeDate | japaneseDate) : '—' }}</dd></div>
        <div><dt>説明請求の期限</dt><dd>{{ s.explanationDeadline ? (s.explanationDeadline | japaneseDate) : '—' }}</dd></div>
      </dl>
      <p><a mat-stroked-button [routerLink]="['/evaluations', s.id]"><mat-icon>fact_check</mat-icon>評定表を開く</a></p>
    } @else if (loaded()) {
      @if (!finished()) {
        <p class="empty" data-placeholder="rating">完成検査の合格後に評定が開始されます</p>
      } @else {
        <p class="empty" data-placeholder="rating">この契約の工事成績評定はありません。</p>
        <p class="note">評定表は完成検査の結果（合格）の決裁で自動的に作成されます。評定要領の対象金額に満たない契約や、完成日に適用される評定要領がない部門の契約は評定の対象外です。</p>
        @if (canManage()) {
          <button mat-stroked-button type="button" [disabled]="busy()" (click)="open()"><mat-icon>add</mat-icon>評定表を作成</button>
          @if (openError(); as message) {
            <p class="ky-error" role="alert">{{ message }}</p>
          }
        }
      }
    }
  `,
  styles: [TABLE_STYLES, FACTS_STYLES],
})
export class RatingTab {
  readonly ctx = inject(ContractContext);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  readonly sheet = signal<SheetRow | null>(null);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly openError = signal<string | null>(null);
  readonly busy = signal(false);
  readonly canManage = computed(() => !!this.auth.user() && this.auth.can('evaluation.manage'));
  readonly finished = computed(() => FINISHED.includes(this.ctx.contract()?.status ?? ''));

  constructor() {
    effect(() => {
      const c = this.ctx.contract();
      const key = c ? `${c.id}:${c.status}:${c.contractNumber}` : '';
      untracked(() => void this.load(key));
    });
  }

  private lastKey = '';

  private async load(key: string): Promise<void> {
    const c = this.ctx.contract();
    if (!c || key === this.lastKey) return;
    this.lastKey = key;
    if (!c.contractNumber || !FINISHED.includes(c.status)) {
      this.sheet.set(null);
      this.loaded.set(true);
      return;
    }
    try {
      // The list searches by contract number; the row is then matched by contract id.
      const res = await firstValueFrom(this.http.get<{ rows: SheetRow[] }>('/api/evaluations', { params: { q: c.contractNumber, limit: 50, offset: 0 } }));
      this.sheet.set(res.rows.filter((r) => r.contractId === c.id).sort((a, b) => b.revision - a.revision)[0] ?? null);
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof HttpErrorResponse && err.status === 403 ? '工事成績評定を閲覧する権限がありません。' : errorMessage(err));
    } finally {
      this.loaded.set(true);
    }
  }

  statusLabel(s: SheetRow): string {
    return EVALUATION_STATUS_LABELS[s.status] ?? s.status;
  }

  badge(s: SheetRow): string {
    return badgeClass(TONES[s.status] ?? 'neutral');
  }

  /** A manager opens a sheet by hand (the server says why not, e.g. below the threshold). */
  async open(): Promise<void> {
    const c = this.ctx.contract();
    if (!c) return;
    this.busy.set(true);
    this.openError.set(null);
    try {
      const created = await firstValueFrom(this.http.post<{ id: number }>('/api/evaluations', { contractId: c.id }));
      void this.router.navigate(['/evaluations', created.id]);
    } catch (err) {
      this.openError.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
