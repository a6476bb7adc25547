import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTooltipModule } from '@angular/material/tooltip';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { ERROR_CODES, usesDesignation } from '@keiyaku/domain';
import { badgeClass, errorCode, errorMessage, fieldErrors } from '@keiyaku/web/ui';
import {
  BID_VERDICT_LABELS,
  BidRow,
  conflictMessage,
  formatYen,
  INVESTIGATION_LABELS,
  label,
  numberOrNull,
  OPENING_OUTCOME_LABELS,
  TenderDetail,
  textOrNull,
  VERDICT_TONES,
  VendorPick,
} from '../../models';
import { TABLE_STYLES } from '../../styles';
import { BidEntry, TendersApi } from '../../tenders-api.service';
import { InvestigationData, InvestigationDialog, InvestigationResult } from '../dialogs/investigation.dialog';
import { LotData, LotDialog, LotResult } from '../dialogs/lot.dialog';
import { TenderContext } from '../tender-context';

interface EntryRow {
  vendorId: number;
  label: string;
  amount: number | null;
  declined: boolean;
  invalidReason: string;
  lotNumber: string;
  /** A designated vendor: always listed (a free-entry row may be removed). */
  fixed: boolean;
  problem: string | null;
}

interface RoundView {
  round: number;
  bids: BidRow[];
}

/** 入札/開札: the current round's bids, 開札, then every verdict with its reason and what follows. */
@Component({
  selector: 'ky-tender-bids-tab',
  imports: [FormsModule, MatAutocompleteModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.tender(); as t) {
      <dl class="figures" aria-label="開札の基準">
        <div><dt>予定価格（税抜）</dt><dd>{{ t.pricesHidden ? '事後公表' : yen(t.plannedPrice) || '未設定' }}</dd></div>
        @if (t.minimumPrice !== null) {
          <div><dt>最低制限価格</dt><dd>{{ yen(t.minimumPrice) }}</dd></div>
        }
        @if (t.lowBidThreshold !== null) {
          <div><dt>低入札価格調査基準価格</dt><dd>{{ yen(t.lowBidThreshold) }}</dd></div>
        }
        @if (t.disqualificationPrice !== null) {
          <div><dt>失格判断基準価格</dt><dd>{{ yen(t.disqualificationPrice) }}</dd></div>
        }
        @if (t.randomCoefficient !== null) {
          <div><dt>ランダム係数</dt><dd>{{ t.randomCoefficient }}</dd></div>
        }
      </dl>

      @if (t.status === 'bidding') {
        <section aria-label="入札書の入力">
          <div class="tab-toolbar">
            <h2>第{{ t.currentRound }}回 入札書の入力</h2>
            <span class="note">金額は税抜（110分の100）で入力します。</span>
            <span class="spacer"></span>
            @if (canOpen()) {
              <button mat-flat-button type="button" [disabled]="ctx.busy() || dirty()" [matTooltip]="dirty() ? '入力した入札書を保存してから開札してください。' : ''" (click)="ctx.move('opened')">
                <mat-icon>lock_open</mat-icon>開札
              </button>
            }
          </div>
          @if (!designates() && ctx.canWrite()) {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
              <mat-label>入札者を追加（業者番号・名称で検索）</mat-label>
              <input matInput [(ngModel)]="query" (ngModelChange)="search($event)" [matAutocomplete]="auto" autocomplete="off" />
              <mat-autocomplete #auto="matAutocomplete" (optionSelected)="add($event)">
                @for (v of found(); track v.id) {
                  <mat-option [value]="v">{{ v.vendorCode }} {{ v.name }}</mat-option>
                }
              </mat-autocomplete>
            </mat-form-field>
          }
          @if (entries().length) {
            <table class="ky-table" aria-label="入札書">
              <thead><tr><th>業者</th><th>入札金額（税抜・円）</th><th>辞退</th><th>無効理由</th><th>くじ番号</th><th></th></tr></thead>
              <tbody>
                @for (e of entries(); track e.vendorId) {
                  <tr>
                    <td>{{ e.label }}</td>
                    <td>
                      <input class="cell-input num" type="number" min="1" step="1" [(ngModel)]="e.amount" [disabled]="!ctx.canWrite() || e.declined" [attr.aria-label]="e.label + 'の入札金額'" (input)="edited()" />
                      @if (e.problem) {
                        <div class="ky-error cell-error">{{ e.problem }}</div>
                      }
                    </td>
                    <td><mat-checkbox [(ngModel)]="e.declined" [disabled]="!ctx.canWrite()" [aria-label]="e.label + 'は辞退'" (change)="edited()" /></td>
                    <td><input class="cell-input" [(ngModel)]="e.invalidReason" maxlength="300" [disabled]="!ctx.canWrite()" [attr.aria-label]="e.label + 'の無効理由'" (input)="edited()" /></td>
                    <td><input class="cell-input short" [(ngModel)]="e.lotNumber" maxlength="10" [disabled]="!ctx.canWrite()" [attr.aria-label]="e.label + 'のくじ番号'" (input)="edited()" /></td>
                    <td class="actions">
                      @if (!e.fixed && ctx.canWrite()) {
                        <button mat-icon-button type="button" [attr.aria-label]="e.label + 'を削除'" (click)="remove(e)"><mat-icon>delete</mat-icon></button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          } @else {
            <p class="empty">{{ designates() ? '指名した業者がいません。「指名」タブで指名してください。' : '入札者を追加してください。' }}</p>
          }
          @if (error()) {
            <p class="ky-error" role="alert">{{ error() }}</p>
          }
          @if (ctx.canWrite()) {
            <div class="buttons">
              <button mat-button type="button" [disabled]="busy() || !dirty()" (click)="rebuild()">元に戻す</button>
              <button mat-flat-button type="button" [disabled]="busy()" (click)="save()"><mat-icon>save</mat-icon>入札書を保存</button>
            </div>
          }
        </section>
      } @else if (t.status === 'draft' || t.status === 'announced' || t.status === 'designated') {
        <p class="empty">入札の受付はまだ始まっていません（「入札受付を開始」で入力できるようになります）。</p>
      }

      @if (t.outcome && t.status !== 'bidding') {
        <div class="outcome" role="status" aria-label="開札の結果">
          <mat-icon>gavel</mat-icon>
          <span>第{{ t.currentRound }}回の開札結果: <strong>{{ outcomeLabel() }}</strong>{{ t.openingMessage ? ' ／ ' + t.openingMessage : '' }}</span>
          <span class="spacer"></span>
          @if (ctx.canWrite() && t.status === 'opened') {
            @if (t.outcome === 'lot') {
              <button mat-flat-button type="button" [disabled]="ctx.busy()" (click)="lot()"><mat-icon>casino</mat-icon>くじの結果を入力</button>
            }
            @for (m of followUps(); track m.to) {
              <button mat-flat-button type="button" [disabled]="ctx.busy() || !!m.disabledReason" [matTooltip]="m.disabledReason ?? ''" (click)="ctx.move(m.to)">
                <mat-icon>{{ m.icon }}</mat-icon>{{ m.label }}
              </button>
            }
          }
        </div>
      }
      @if (t.lotRecord; as lr) {
        <p class="note">くじ: 第{{ lr.round }}回、{{ ctx.vendorLabel(lr.winnerVendorId) }}が当選（くじを引いた者: {{ lr.drawnBy }}{{ lr.note ? '、' + lr.note : '' }}）</p>
      }

      @for (r of rounds(); track r.round) {
        <section [attr.aria-label]="'第' + r.round + '回の開札結果'">
          <div class="tab-toolbar"><h2>第{{ r.round }}回 開札結果</h2></div>
          <table class="ky-table" [attr.aria-label]="'第' + r.round + '回の判定'">
            <thead><tr><th>業者</th><th class="num">入札金額（税抜）</th><th>くじ番号</th><th>判定</th><th>理由</th><th>低入札価格調査</th><th></th></tr></thead>
            <tbody>
              @for (b of r.bids; track b.id) {
                <tr>
                  <td>{{ ctx.vendorLabel(b.vendorId) }}</td>
                  <td class="num">{{ b.declined ? '辞退' : yen(b.amount) }}</td>
                  <td>{{ b.lotNumber ?? '' }}</td>
                  <td>
                    @if (b.verdict) {
                      <span [class]="verdictClass(b)">{{ verdictLabel(b) }}</span>
                    }
                  </td>
                  <td>{{ b.verdictReason ?? '' }}</td>
                  <td>{{ investigationText(b) }}</td>
                  <td class="actions">
                    @if (canInvestigate(b, r.round)) {
                      <button mat-stroked-button type="button" [disabled]="ctx.busy()" (click)="investigate(b)"><mat-icon>fact_check</mat-icon>調査結果</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      }
    }
  `,
  styles: [
    TABLE_STYLES,
    `
      .figures { display: flex; gap: 24px; flex-wrap: wrap; margin: 8px 0; }
      .figures dt { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
      .figures dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
      .search { width: 420px; max-width: 100%; margin-bottom: 8px; }
      .cell-input { width: 100%; min-width: 120px; box-sizing: border-box; padding: 4px 6px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; font: inherit; }
      .cell-input.num { text-align: right; min-width: 160px; }
      .cell-input.short { min-width: 70px; width: 80px; }
      .cell-error { font-size: 12px; }
      .buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 8px; }
      .outcome { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; padding: 8px 12px; margin: 12px 0; border-radius: 8px; background: #eef4ff; }
      .outcome .spacer { flex: 1; }
    `,
  ],
})
export class BidsTab {
  readonly ctx = inject(TenderContext);
  private readonly api = inject(TendersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  readonly entries = signal<EntryRow[]>([]);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly dirty = signal(false);
  readonly found = signal<VendorPick[]>([]);
  query: string | VendorPick = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly designates = computed(() => {
    const t = this.ctx.tender();
    return !!t && usesDesignation(t.method);
  });
  readonly canOpen = computed(() => this.ctx.moves().some((m) => m.to === 'opened'));
  /** 再度入札・落札決定・不調, as the server allows them after opening. */
  readonly followUps = computed(() => this.ctx.moves().filter((m) => m.to === 'awarded' || m.to === 'unsuccessful' || m.to === 'bidding'));
  readonly outcomeLabel = computed(() => label(OPENING_OUTCOME_LABELS, this.ctx.tender()?.outcome));
  /** Opened rounds, latest first (the current round only once it is opened). */
  readonly rounds = computed<RoundView[]>(() => {
    const t = this.ctx.tender();
    if (!t) return [];
    const open = t.status === 'bidding' ? t.currentRound - 1 : t.currentRound;
    const out: RoundView[] = [];
    for (let round = open; round >= 1; round--) {
      // Lowest first, as the results are read out; declined and empty bids last.
      const bids = t.bids.filter((b) => b.round === round).sort((a, b) => (a.amount ?? Infinity) - (b.amount ?? Infinity) || a.id - b.id);
      if (bids.length) out.push({ round, bids });
    }
    return out;
  });

  constructor() {
    // Each tender from the server (after any save) rebuilds the entry rows unless they are being edited.
    effect(() => {
      const t = this.ctx.tender();
      this.ctx.vendorNames();
      if (t) untracked(() => (this.dirty() ? this.relabel() : this.rebuild()));
    });
  }

  yen(v: number | null): string {
    return formatYen(v);
  }

  edited(): void {
    this.dirty.set(true);
  }

  /** The current round's rows: designated vendors (or those who have bid), filled from the saved bids. */
  rebuild(): void {
    const t = this.ctx.tender();
    this.error.set(null);
    this.dirty.set(false);
    if (!t) return;
    const saved = new Map(t.bids.filter((b) => b.round === t.currentRound).map((b) => [b.vendorId, b]));
    const ids = usesDesignation(t.method) ? t.designations.filter((d) => d.selected).map((d) => d.vendorId) : [...saved.keys()];
    for (const id of saved.keys()) if (!ids.includes(id)) ids.push(id);
    this.entries.set(
      ids.map((vendorId) => {
        const b = saved.get(vendorId);
        return {
          vendorId,
          label: this.ctx.vendorLabel(vendorId),
          amount: b?.amount ?? null,
          declined: b?.declined ?? false,
          invalidReason: b?.invalidReason ?? '',
          lotNumber: b?.lotNumber ?? '',
          fixed: usesDesignation(t.method),
          problem: null,
        };
      }),
    );
  }

  private relabel(): void {
    this.entries.set(this.entries().map((e) => ({ ...e, label: this.ctx.vendorLabel(e.vendorId) })));
  }

  search(value: string | VendorPick): void {
    clearTimeout(this.searchTimer);
    if (typeof value !== 'string' || !value.trim()) {
      this.found.set([]);
      return;
    }
    this.searchTimer = setTimeout(async () => {
      try {
        const taken = new Set(this.entries().map((e) => e.vendorId));
        this.found.set((await this.api.searchVendors(value.trim())).filter((v) => !taken.has(v.id)));
      } catch (err) {
        this.error.set(errorMessage(err));
      }
    }, 300);
  }

  add(event: MatAutocompleteSelectedEvent): void {
    const v = event.option.value as VendorPick;
    this.ctx.rememberNames([[v.id, `${v.vendorCode} ${v.name}`]]);
    this.entries.update((list) => [...list, { vendorId: v.id, label: `${v.vendorCode} ${v.name}`, amount: null, declined: false, invalidReason: '', lotNumber: '', fixed: false, problem: null }]);
    this.query = '';
    this.found.set([]);
    this.dirty.set(true);
  }

  remove(e: EntryRow): void {
    this.entries.update((list) => list.filter((x) => x !== e));
    this.dirty.set(true);
  }

  async save(): Promise<void> {
    const t = this.ctx.tender();
    if (!t) return;
    this.error.set(null);
    const rows = this.entries();
    rows.forEach((r) => (r.problem = null));
    const bad = rows.find((r) => !r.declined && r.amount !== null && !(Number.isInteger(Number(r.amount)) && Number(r.amount) >= 1));
    if (bad) {
      bad.problem = '入札金額は1円以上の整数で入力してください。';
      this.entries.set([...rows]);
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const bids: BidEntry[] = rows.map((r) => ({
      vendorId: r.vendorId,
      amount: r.declined ? null : numberOrNull(r.amount),
      declined: r.declined,
      invalidReason: textOrNull(r.invalidReason),
      lotNumber: textOrNull(r.lotNumber),
    }));
    this.busy.set(true);
    try {
      const saved = await this.api.saveBids(t.id, t.version, t.currentRound, bids);
      this.dirty.set(false);
      this.ctx.set(saved);
      this.snack.open(`第${t.currentRound}回の入札書を保存しました（${bids.length}者）。`, '閉じる', { duration: 5000 });
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict) {
        this.dirty.set(false);
        await this.ctx.load();
        this.error.set(conflictMessage(errorMessage(err)));
        return;
      }
      // bids.N.<field> names the row the server refused.
      for (const [field, message] of Object.entries(fieldErrors(err))) {
        const m = /^bids\.(\d+)/.exec(field.replace(/\[(\d+)\]/g, '.$1'));
        const row = m ? rows[Number(m[1])] : undefined;
        if (row) row.problem = message;
      }
      this.entries.set([...rows]);
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  verdictLabel(b: BidRow): string {
    return label(BID_VERDICT_LABELS, b.verdict);
  }

  verdictClass(b: BidRow): string {
    return badgeClass(b.verdict ? VERDICT_TONES[b.verdict] : 'neutral');
  }

  investigationText(b: BidRow): string {
    if (!b.investigation) return '';
    return `${INVESTIGATION_LABELS[b.investigation]}${b.investigationNote ? `（${b.investigationNote}）` : ''}`;
  }

  canInvestigate(b: BidRow, round: number): boolean {
    const t = this.ctx.tender();
    if (!t || !this.ctx.canWrite() || t.status !== 'opened' || round !== t.currentRound || t.lowBidThreshold === null) return false;
    return b.verdict === 'underInvestigation' || (b.investigation !== null && b.amount !== null && b.amount < t.lowBidThreshold);
  }

  async investigate(b: BidRow): Promise<void> {
    const t = this.ctx.tender();
    if (!t) return;
    const data: InvestigationData = { vendorLabel: this.ctx.vendorLabel(b.vendorId), amount: b.amount, threshold: t.lowBidThreshold, result: b.investigation, note: b.investigationNote };
    const res = await firstValueFrom(this.dialog.open(InvestigationDialog, { data, width: '560px' }).afterClosed());
    if (!res) return;
    const r = res as InvestigationResult;
    await this.ctx.run((x: TenderDetail) => this.api.investigation(x.id, { version: x.version, vendorId: b.vendorId, result: r.result, note: r.note }), '調査結果を記録し、判定し直しました。');
  }

  async lot(): Promise<void> {
    const t = this.ctx.tender();
    if (!t) return;
    const tied = t.bids
      .filter((b) => b.round === t.currentRound && b.verdict === 'lotPending')
      .map((b) => ({ vendorId: b.vendorId, label: `${this.ctx.vendorLabel(b.vendorId)}${b.lotNumber ? `（くじ番号 ${b.lotNumber}）` : ''}` }));
    const data: LotData = { tied };
    const res = await firstValueFrom(this.dialog.open(LotDialog, { data, width: '560px' }).afterClosed());
    if (!res) return;
    const r = res as LotResult;
    await this.ctx.run((x: TenderDetail) => this.api.lot(x.id, { version: x.version, winnerVendorId: r.winnerVendorId, drawnBy: r.drawnBy, note: r.note }), 'くじの結果を記録しました。');
  }
}
