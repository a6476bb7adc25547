import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ERROR_CODES, usesDesignation } from '@keiyaku/domain';
import { errorCode, errorMessage, fieldErrors, JapaneseDatePipe, ReportPreviewService } from '@keiyaku/web/ui';
import { conflictMessage, Designation, DesignationCandidate, label, LOCALITY_LABELS } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { TendersApi } from '../../tenders-api.service';
import { TenderContext } from '../tender-context';

interface Choice extends DesignationCandidate {
  /** The server's complaint about this row, after a refused save. */
  problem: string | null;
}

/** The server takes designations while the tender is a draft or designated (not yet bidding). */
const EDITABLE = ['draft', 'designated'];

/** 指名: the eligible vendors with their figures; tick, give a reason, save; 指名通知書. */
@Component({
  selector: 'ky-tender-designation-tab',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatIconModule, MatSlideToggleModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.tender(); as t) {
      @if (!designates()) {
        <p class="empty">一般競争入札のため、指名はありません（入札は公告により受け付けます）。</p>
      } @else {
        <div class="tab-toolbar">
          <h2>指名業者の選定</h2>
          @if (rank()) {
            <span class="note">予定価格から求めた等級: {{ rank() }}</span>
          }
          <span class="note" aria-live="polite">指名 {{ selectedCount() }}者 ／ 候補 {{ eligibleCount() }}者</span>
          <span class="spacer"></span>
          <mat-slide-toggle [(ngModel)]="showAll">資格のない業者も表示</mat-slide-toggle>
          @if (hasSelected()) {
            <button mat-stroked-button type="button" (click)="previewNotice()"><mat-icon>picture_as_pdf</mat-icon>指名通知書</button>
          }
        </div>
        @if (loading()) {
          <p class="empty" role="status">候補を読み込んでいます…</p>
        } @else if (!rows().length) {
          <p class="empty">この業種・等級の入札参加資格を持つ業者がいません。</p>
        } @else {
          <table class="ky-table" aria-label="指名候補">
            <thead>
              <tr>
                <th>指名</th><th>業者</th><th>地域</th><th>等級</th><th class="num">総合点数</th><th class="num">今年度の指名</th><th class="num">今年度の落札</th>
                <th class="num">施工中</th><th>前回指名日</th><th>資格</th><th>理由</th>
              </tr>
            </thead>
            <tbody>
              @for (r of visible(); track r.vendorId) {
                <tr [class.dim]="!r.eligible">
                  <td>
                    <mat-checkbox [(ngModel)]="r.selected" [disabled]="!canEdit() || (!r.eligible && !r.selected)" [aria-label]="r.name + 'を指名'" (change)="edited()" />
                  </td>
                  <td>{{ r.vendorCode }} {{ r.name }}</td>
                  <td>{{ locality(r.locality) }}</td>
                  <td>{{ r.rank ?? '—' }}</td>
                  <td class="num">{{ r.totalScore ?? '' }}</td>
                  <td class="num">{{ r.designationsThisYear }}</td>
                  <td class="num">{{ r.awardsThisYear }}</td>
                  <td class="num">{{ r.contractsInProgress }}</td>
                  <td>{{ r.lastDesignatedOn | japaneseDate }}</td>
                  <td>{{ r.eligible ? '有' : r.reasons.join('、') }}</td>
                  <td class="reason">
                    <input class="cell-input" [(ngModel)]="r.reason" [disabled]="!canEdit()" maxlength="600" [attr.aria-label]="r.name + 'の理由'" (input)="edited()"
                      [placeholder]="r.selected ? '指名の理由' : '選ばない理由'" />
                    @if (r.problem) {
                      <div class="ky-error cell-error">{{ r.problem }}</div>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
        @if (canEdit()) {
          <div class="actions">
            <button mat-button type="button" [disabled]="busy()" (click)="loadCandidates()">元に戻す</button>
            <button mat-flat-button type="button" [disabled]="busy() || loading()" (click)="save()"><mat-icon>save</mat-icon>指名を保存</button>
          </div>
        }
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    `
      .cell-input { width: 100%; min-width: 160px; box-sizing: border-box; padding: 4px 6px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; font: inherit; }
      .cell-error { font-size: 12px; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 8px; }
    `,
  ],
})
export class DesignationTab {
  readonly ctx = inject(TenderContext);
  private readonly api = inject(TendersApi);
  private readonly preview = inject(ReportPreviewService);
  private readonly snack = inject(MatSnackBar);

  readonly rows = signal<Choice[]>([]);
  readonly rank = signal<string | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  /** Bumped on every tick, so the counts follow the checkboxes. */
  readonly edits = signal(0);
  showAll = false;

  readonly designates = computed(() => {
    const t = this.ctx.tender();
    return !!t && usesDesignation(t.method);
  });
  readonly canEdit = computed(() => this.ctx.canWrite() && EDITABLE.includes(this.ctx.tender()?.status ?? ''));
  readonly selectedCount = computed(() => (this.edits(), this.rows().filter((r) => r.selected).length));
  readonly hasSelected = computed(() => (this.ctx.tender()?.designations ?? []).some((d) => d.selected));
  readonly eligibleCount = computed(() => this.rows().filter((r) => r.eligible).length);

  constructor() {
    effect(() => {
      const t = this.ctx.tender();
      if (!t || !usesDesignation(t.method)) return;
      // Candidates are asked of the server by those who choose (tenders.write); others see what was chosen.
      if (this.ctx.canWrite()) untracked(() => (this.rows().length ? undefined : void this.loadCandidates()));
      else untracked(() => this.rows.set(t.designations.map((d) => this.fromDesignation(d))));
    });
  }

  private fromDesignation(d: Designation): Choice {
    return {
      vendorId: d.vendorId,
      vendorCode: d.vendorCode ?? '',
      name: d.vendorName ?? '',
      locality: d.locality,
      rank: d.rank,
      totalScore: d.stats?.totalScore ?? null,
      eligible: true,
      reasons: d.stats?.reasons ?? [],
      designationsThisYear: d.stats?.designationsThisYear ?? 0,
      awardsThisYear: d.stats?.awardsThisYear ?? 0,
      contractsInProgress: d.stats?.contractsInProgress ?? 0,
      lastDesignatedOn: d.stats?.lastDesignatedOn ?? null,
      selected: d.selected,
      reason: d.reason ?? '',
      problem: null,
    };
  }

  edited(): void {
    this.edits.update((n) => n + 1);
  }

  visible(): Choice[] {
    return this.showAll ? this.rows() : this.rows().filter((r) => r.eligible || r.selected);
  }

  locality(code: string): string {
    return label(LOCALITY_LABELS, code);
  }

  async loadCandidates(): Promise<void> {
    const t = this.ctx.tender();
    if (!t) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      const res = await this.api.candidates(t.id);
      this.rank.set(res.rank);
      this.rows.set(res.rows.map((r) => ({ ...r, reason: r.reason ?? '', problem: null })));
      this.ctx.rememberNames(res.rows.map((r) => [r.vendorId, `${r.vendorCode} ${r.name}`]));
      this.edits.set(0);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  async save(): Promise<void> {
    const t = this.ctx.tender();
    if (!t) return;
    this.error.set(null);
    const rows = this.rows();
    rows.forEach((r) => (r.problem = null));
    // Every eligible vendor is kept (chosen or not, with the reason); others only when chosen before.
    const kept = rows.filter((r) => r.eligible || r.selected);
    const vendors = kept.map((r) => ({ vendorId: r.vendorId, selected: r.selected, reason: (r.reason ?? '').trim() || null }));
    this.busy.set(true);
    try {
      const saved = await this.api.saveDesignations(t.id, t.version, vendors);
      this.ctx.set(saved);
      this.snack.open(`指名業者を保存しました（${vendors.filter((v) => v.selected).length}者）。`, '閉じる', { duration: 5000 });
      await this.loadCandidates();
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict) {
        await this.ctx.load();
        this.error.set(conflictMessage(errorMessage(err)));
        return;
      }
      // vendors.N.vendorId names the row the server refused.
      for (const [field, message] of Object.entries(fieldErrors(err))) {
        const m = /^vendors\.(\d+)\./.exec(field.replace(/\[(\d+)\]/g, '.$1'));
        const row = m ? kept[Number(m[1])] : undefined;
        if (row) row.problem = message;
      }
      this.rows.set([...rows]);
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  previewNotice(): void {
    const t = this.ctx.tender();
    if (t) this.preview.open('designation-notice', '指名通知書', { tenderId: t.id });
  }
}
