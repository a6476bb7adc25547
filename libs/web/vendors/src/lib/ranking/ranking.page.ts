import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { CategoryCode, ERROR_CODES, normalizeForSearch } from '@keiyaku/domain';
import { badgeClass, BadgeTone, confirmDialog, errorCode, errorMessage, JapaneseDateTimePipe, JobRow, KyJobProgress, KyRowsGrid } from '@keiyaku/web/ui';
import { CATEGORY_LABELS, label, LOCALITY_LABELS, RankingRun, RankingRunRow, RUN_STATUS_LABELS, Term, Trade } from '../models';
import { VendorsApi } from '../vendors-api.service';

type Movement = 'up' | 'down' | 'new' | 'unranked' | 'same';

/** Ranks are letters, A highest: a later letter is a lower rank. */
function movement(r: RankingRunRow): Movement {
  if (r.before === r.after) return 'same';
  if (r.after === null) return 'unranked';
  if (r.before === null) return 'new';
  return r.after < r.before ? 'up' : 'down';
}

const MOVEMENT_LABELS: Record<Movement, string> = { up: '昇格', down: '降格', new: '新たに格付', unranked: '格付なし', same: '' };
const MOVEMENT_COLOURS: Partial<Record<Movement, string>> = { up: '#1e4620', down: '#8c1d18', unranked: '#7a4100', new: '#0b3d91' };
const STATUS_TONES: Record<RankingRun['status'], BadgeTone> = { running: 'info', preview: 'warn', confirmed: 'ok', discarded: 'neutral', failed: 'error' };

/**
 * 格付の再計算: a server job computes every vendor's rank for a term by the dated rules; the
 * before/after table is checked here and nothing is saved until 「確定」.
 */
@Component({
  selector: 'ky-ranking-page',
  imports: [FormsModule, RouterLink, MatFormFieldModule, MatSelectModule, MatInputModule, MatButtonModule, MatIconModule, MatSlideToggleModule, KyJobProgress, KyRowsGrid, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">格付</h1>
      <div class="conditions">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>部門</mat-label>
          <mat-select [ngModel]="category()" (ngModelChange)="category.set($event)" [disabled]="busy()">
            @for (c of categories; track c) {
              <mat-option [value]="c">{{ categoryLabels[c] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="term">
          <mat-label>有効期間</mat-label>
          <mat-select [ngModel]="termCode()" (ngModelChange)="termCode.set($event)" [disabled]="busy()">
            @for (t of terms(); track t.code) {
              <mat-option [value]="t.code">{{ t.name }}（{{ t.code }}）</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="button" [disabled]="busy() || !termCode() || awaitingDecision()" (click)="start()"><mat-icon>calculate</mat-icon>再計算</button>
        @if (awaitingDecision()) {
          <span class="note">確認待ちの再計算があります。確定するか破棄してから、次の再計算を始めてください。</span>
        }
      </div>

      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }

      @if (current(); as r) {
        <div class="run">
          <span class="run-title">{{ categoryLabels[r.category] }} {{ termName(r.termCode) }} の再計算</span>
          <span [class]="statusBadge()">{{ statusLabel() }}</span>
          <span class="meta">実行者 {{ r.createdBy ?? '—' }}</span>
          @if (r.status === 'confirmed') {
            <span class="meta">確定 {{ r.confirmedBy ?? '' }} {{ r.confirmedAt | japaneseDateTime }}</span>
          }
        </div>
        @if (r.status === 'running' && r.jobId !== null) {
          <ky-job-progress class="job" [jobId]="r.jobId" (finished)="onJobFinished($event)" />
        }
        @if (r.rows; as rows) {
          @if (r.status === 'confirmed') {
            <p class="result ok" role="status">
              <mat-icon>check_circle</mat-icon>確定しました。{{ summary().changed }}件の格付を各業者の資格に反映し、業者ごとの履歴に記録しました。
            </p>
          } @else if (r.status === 'discarded') {
            <p class="result" role="status"><mat-icon>delete_outline</mat-icon>この再計算は破棄しました。格付は変更されていません。</p>
          } @else if (r.status === 'preview') {
            <p class="result warn" role="status"><mat-icon>info</mat-icon>まだ保存されていません。内容を確認して「確定」を押すと格付が変わります。</p>
          }
          <div class="summary">
            <span>対象 <strong>{{ rows.length }}</strong>件</span>
            <span>変更 <strong>{{ summary().changed }}</strong>件</span>
            <span class="up">昇格 {{ summary().up }}</span>
            <span class="down">降格 {{ summary().down }}</span>
            <span>新たに格付 {{ summary().new }}</span>
            <span>格付なし {{ summary().unranked }}</span>
            <span class="spacer"></span>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
              <mat-label>業者番号・名称で絞り込み</mat-label>
              <input matInput [ngModel]="search()" (ngModelChange)="search.set($event)" />
            </mat-form-field>
            <mat-slide-toggle [ngModel]="changedOnly()" (ngModelChange)="changedOnly.set($event)">変更のみ</mat-slide-toggle>
            @if (r.status === 'preview') {
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="discard()"><mat-icon>delete_outline</mat-icon>破棄</button>
              <button mat-flat-button type="button" [disabled]="busy()" (click)="confirm()"><mat-icon>task_alt</mat-icon>確定</button>
            }
          </div>
          <ky-rows-grid class="grid" [rows]="visibleRows()" [columnDefs]="columns" [rowStyle]="rowStyle" [rowId]="rowId" />
        }
      } @else if (!busy()) {
        <p class="intro">
          部門と有効期間を選んで「再計算」を押すと、経審のP（業種ごと）と主観点から格付基準に沿って等級を計算し、
          現在の等級との比較を表示します。確定するまで業者の格付は変わりません。
        </p>
      }
      <p class="hint"><a routerLink="/vendors">業者一覧へ</a></p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .conditions { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .term { width: 240px; }
    .note { font-size: 12px; color: #7a4100; }
    .run { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin: 4px 0; }
    .run-title { font-weight: 600; }
    .meta { font-size: 13px; color: var(--mat-sys-on-surface-variant); }
    .job { display: block; max-width: 720px; margin: 8px 0; }
    .result { display: flex; align-items: center; gap: 8px; padding: 6px 12px; border-radius: 4px; margin: 4px 0; background: var(--mat-sys-surface-container-high); }
    .result.ok { background: #e6f4ea; color: #1e4620; }
    .result.warn { background: #fff4e5; color: #7a4100; }
    .summary { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; margin: 4px 0 8px; font-size: 13px; }
    .summary .up { color: #1e4620; }
    .summary .down { color: #8c1d18; }
    .spacer { flex: 1; }
    .search { width: 240px; }
    .grid { flex: 1; min-height: 0; }
    .intro { max-width: 760px; line-height: 1.8; }
    .hint { margin: 4px 0 0; font-size: 12px; }
  `,
})
export class RankingPage {
  private readonly api = inject(VendorsApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);

  /** ?run= (bound by the router) keeps the run on a reload and lets a link open it. */
  readonly run = input<string>();

  readonly categories: CategoryCode[] = ['construction', 'survey'];
  readonly categoryLabels: Record<string, string> = CATEGORY_LABELS;
  readonly category = signal<CategoryCode>('construction');
  readonly terms = signal<Term[]>([]);
  readonly termCode = signal('');
  private readonly trades = signal<Trade[]>([]);

  readonly current = signal<RankingRun | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly changedOnly = signal(true);
  readonly search = signal('');

  readonly awaitingDecision = computed(() => {
    const status = this.current()?.status;
    return status === 'running' || status === 'preview';
  });
  readonly statusLabel = computed(() => label(RUN_STATUS_LABELS, this.current()?.status));
  readonly statusBadge = computed(() => badgeClass(STATUS_TONES[this.current()?.status ?? 'discarded']));

  readonly summary = computed(() => {
    const counts = { changed: 0, up: 0, down: 0, new: 0, unranked: 0 };
    for (const r of this.current()?.rows ?? []) {
      const m = movement(r);
      if (m === 'same') continue;
      counts.changed++;
      counts[m]++;
    }
    return counts;
  });

  readonly visibleRows = computed(() => {
    const q = normalizeForSearch(this.search());
    return (this.current()?.rows ?? []).filter(
      (r) => (!this.changedOnly() || r.before !== r.after) && (!q || r.vendorCode.includes(q) || normalizeForSearch(r.vendorName).includes(q)),
    );
  });

  readonly rowStyle = (p: { data?: RankingRunRow }) => (p.data && p.data.before !== p.data.after ? { background: '#fff4e5' } : undefined);
  readonly rowId = (p: { data: RankingRunRow }) => `${p.data.vendorId}:${p.data.tradeCode}`;

  readonly columns: ColDef<RankingRunRow>[] = [
    { field: 'vendorCode', headerName: '業者番号', filter: 'agTextColumnFilter', width: 95 },
    { field: 'vendorName', headerName: '商号又は名称', filter: 'agTextColumnFilter', width: 190, tooltipField: 'vendorName' },
    { colId: 'locality', headerName: '地域区分', valueGetter: (p) => label(LOCALITY_LABELS, p.data?.locality), width: 80 },
    { colId: 'trade', headerName: '業種', valueGetter: (p) => this.tradeLabel(p.data?.tradeCode), filter: 'agTextColumnFilter', width: 105 },
    { field: 'p', headerName: 'P', type: 'rightAligned', filter: 'agNumberColumnFilter', width: 75 },
    { field: 'subjectiveScore', headerName: '主観点', type: 'rightAligned', width: 75 },
    { field: 'total', headerName: '総合点数', type: 'rightAligned', filter: 'agNumberColumnFilter', width: 95 },
    { colId: 'before', headerName: '現在', headerTooltip: '現在の等級', valueGetter: (p) => p.data?.before ?? '—', width: 70 },
    {
      colId: 'after',
      headerName: '新',
      headerTooltip: '再計算後の等級',
      valueGetter: (p) => p.data?.after ?? '—',
      cellStyle: (p) => (p.data && p.data.before !== p.data.after ? { fontWeight: '700', color: MOVEMENT_COLOURS[movement(p.data)] ?? 'inherit' } : null),
      width: 70,
    },
    {
      colId: 'movement',
      headerName: '変動',
      valueGetter: (p) => (p.data ? MOVEMENT_LABELS[movement(p.data)] : ''),
      cellStyle: (p) => (p.data ? { color: MOVEMENT_COLOURS[movement(p.data)] ?? 'inherit' } : null),
      filter: 'agTextColumnFilter',
      width: 95,
    },
    { colId: 'reasons', headerName: '理由', valueGetter: (p) => (p.data?.reasons ?? []).join('／'), tooltipValueGetter: (p) => p.value, flex: 1, minWidth: 220 },
  ];

  constructor() {
    effect(() => {
      const category = this.category();
      untracked(() => void this.loadMasters(category));
    });
    effect(() => {
      const id = Number(this.run());
      if (Number.isInteger(id) && id > 0) untracked(() => void this.loadRun(id));
    });
  }

  termName(code: string): string {
    return this.terms().find((t) => t.code === code)?.name ?? code;
  }

  private tradeLabel(code: string | undefined): string {
    if (!code) return '';
    const t = this.trades().find((x) => x.code === code);
    return t ? `${code} ${t.shortName}` : code;
  }

  private async loadMasters(category: CategoryCode): Promise<void> {
    try {
      const [terms, trades] = await Promise.all([this.api.terms(category), this.api.trades(category)]);
      this.terms.set(terms);
      this.trades.set(trades);
      // The newest term first: re-ranking is normally for the term about to start.
      if (!terms.some((t) => t.code === this.termCode())) this.termCode.set(terms[0]?.code ?? '');
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  private async loadRun(id: number): Promise<void> {
    try {
      const run = await this.api.rankingRun(id);
      this.current.set(run);
      if (run.category !== this.category()) this.category.set(run.category);
      this.termCode.set(run.termCode);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async start(): Promise<void> {
    await this.act(async () => {
      const run = await this.api.startRanking(this.category(), this.termCode());
      this.current.set(run);
      await this.router.navigate([], { queryParams: { run: run.id }, replaceUrl: true });
    });
  }

  /** The job is done: its rows are on the run. */
  async onJobFinished(job: JobRow): Promise<void> {
    const run = this.current();
    if (!run) return;
    if (job.status === 'failed') this.error.set(job.message ?? '再計算に失敗しました。');
    await this.loadRun(run.id);
  }

  async confirm(): Promise<void> {
    const run = this.current();
    if (!run) return;
    const n = this.summary().changed;
    const ok = await confirmDialog(this.dialog, {
      title: '格付の確定',
      message: `${this.categoryLabels[run.category]} ${this.termName(run.termCode)}の格付を確定します。${n}件の等級が変わり、各業者の資格・格付と履歴に反映されます。よろしいですか？`,
      ok: '確定する',
    });
    if (!ok) return;
    await this.act(async () => this.current.set(await this.api.confirmRanking(run)), run.id);
  }

  async discard(): Promise<void> {
    const run = this.current();
    if (!run) return;
    const ok = await confirmDialog(this.dialog, { title: '再計算の破棄', message: 'この再計算の結果を破棄します。格付は変更されません。よろしいですか？', ok: '破棄する' });
    if (!ok) return;
    await this.act(async () => this.current.set(await this.api.discardRanking(run)), run.id);
  }

  /** Runs a call; a 409 (someone else confirmed or discarded first) shows their outcome. */
  private async act(work: () => Promise<void>, reloadId?: number): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (err) {
      this.error.set(errorMessage(err));
      if (reloadId !== undefined && errorCode(err) === ERROR_CODES.conflict) await this.loadRun(reloadId);
    } finally {
      this.busy.set(false);
    }
  }
}
