import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { ERROR_CODES, TenderStatus } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { confirmDialog, errorCode, errorMessage } from '@keiyaku/web/ui';
import { conflictMessage, PriceRuleSetRow, TENDER_STATUS_LABELS, TenderDetail } from '../models';
import { TendersApi } from '../tenders-api.service';
import { CancelDialog } from './dialogs/cancel.dialog';

/** A button for a status the tender may move to, and the call behind it. */
export interface TenderMove {
  to: TenderStatus;
  label: string;
  icon: string;
  /** Why the button is disabled (e.g. 落札決定 before the opening found a winner). */
  disabledReason: string | null;
  primary: boolean;
}

const NOT_FOUND = 'この入札案件は登録されていないか、閲覧できません。';

/**
 * The tender the page shows, shared by its tabs. Every write answers with the whole tender,
 * which replaces it here, so the version used for the next write is always the latest.
 */
@Injectable()
export class TenderContext {
  private readonly api = inject(TendersApi);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);

  readonly tender = signal<TenderDetail | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  /** The last failed action's message, shown above the tabs. */
  readonly actionError = signal<string | null>(null);
  readonly canWrite = computed(() => !!this.auth.user() && this.auth.can('tenders.write'));
  readonly rules = signal<PriceRuleSetRow[]>([]);
  /** Vendor names by id, for rows the server sends without one. */
  readonly vendorNames = signal(new Map<number, string>());
  private id = 0;

  async load(id = this.id): Promise<void> {
    this.id = id;
    if (!this.rules().length) void this.loadRules();
    this.loading.set(true);
    try {
      this.set(await this.api.get(id));
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof HttpErrorResponse && err.status === 404 ? NOT_FOUND : errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  set(t: TenderDetail): void {
    this.tender.set(t);
    const names = new Map(this.vendorNames());
    let missing = false;
    for (const row of [...(t.designations ?? []), ...(t.bids ?? [])]) {
      if (row.vendorName) names.set(row.vendorId, row.vendorCode ? `${row.vendorCode} ${row.vendorName}` : row.vendorName);
      else if (!names.has(row.vendorId)) missing = true;
    }
    if (t.awardVendorId && t.awardVendorName && !names.has(t.awardVendorId)) names.set(t.awardVendorId, t.awardVendorName);
    this.vendorNames.set(names);
    if (missing) void this.loadNames(t);
  }

  /** Names the caller already knows (e.g. the designation candidates). */
  rememberNames(entries: Array<[number, string]>): void {
    const names = new Map(this.vendorNames());
    for (const [id, name] of entries) names.set(id, name);
    this.vendorNames.set(names);
  }

  vendorLabel(vendorId: number): string {
    return this.vendorNames().get(vendorId) ?? `業者ID ${vendorId}`;
  }

  private async loadNames(t: TenderDetail): Promise<void> {
    const ids = [...new Set([...(t.designations ?? []), ...(t.bids ?? [])].map((r) => r.vendorId))].filter((id) => !this.vendorNames().has(id));
    const found = await Promise.all(ids.map((id) => this.api.vendor(id).then((v) => [id, `${v.vendorCode} ${v.name}`] as [number, string], () => null)));
    this.rememberNames(found.filter((x): x is [number, string] => x !== null));
  }

  private async loadRules(): Promise<void> {
    try {
      this.rules.set(await this.api.priceRules());
    } catch {
      // The price tab then says no rule applies; the server still computes on save.
    }
  }

  /**
   * One write on the tender (transition, open, award …): busy meanwhile, the answer replaces the
   * tender, success in a snack bar. A version conflict shows the server's message and loads the
   * latest tender; other errors are returned for the caller's dialog (or shown when it has none).
   */
  async run(work: (t: TenderDetail) => Promise<TenderDetail>, success: string, options: { showErrors?: boolean } = {}): Promise<{ ok: boolean; error: unknown }> {
    const t = this.tender();
    if (!t) return { ok: false, error: null };
    this.busy.set(true);
    this.actionError.set(null);
    try {
      this.set(await work(t));
      this.snack.open(success, '閉じる', { duration: 5000 });
      return { ok: true, error: null };
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict) {
        await this.load();
        this.actionError.set(conflictMessage(errorMessage(err)));
      } else if (options.showErrors !== false) {
        this.actionError.set(errorMessage(err));
      }
      return { ok: false, error: err };
    } finally {
      this.busy.set(false);
    }
  }

  /** The buttons of the allowed transitions (from the server's allowedTransitions, never more). */
  readonly moves = computed<TenderMove[]>(() => {
    const t = this.tender();
    if (!t || !this.canWrite()) return [];
    return t.allowedTransitions.map((to) => moveOf(t, to));
  });

  /** Performs a move: 中止 asks the reason; 開札・落札決定・不調 are confirmed first. */
  async move(to: TenderStatus): Promise<boolean> {
    const t = this.tender();
    if (!t) return false;
    if (to === 'cancelled') {
      const reason = await firstValueFrom(this.dialog.open(CancelDialog, { data: { title: t.title }, width: '520px', autoFocus: 'first-tabbable' }).afterClosed());
      if (!reason) return false;
      return (await this.run((x) => this.api.transition(x.id, 'cancelled', x.version, reason), '入札案件を中止しました。')).ok;
    }
    if (to === 'opened') {
      const ok = await confirmDialog(this.dialog, {
        title: '開札',
        message: `第${t.currentRound}回の入札を開札します。開札後は入札内容と価格を変更できません。`,
        ok: '開札する',
      });
      if (!ok) return false;
      return (await this.run((x) => this.api.act(x.id, 'open', x.version), '開札しました。判定結果を確認してください。')).ok;
    }
    if (to === 'awarded') {
      const ok = await confirmDialog(this.dialog, { title: '落札決定', message: `${t.awardVendorName ?? '落札候補者'}を落札者に決定し、契約案を作成します。`, ok: '落札決定' });
      if (!ok) return false;
      return (await this.run((x) => this.api.act(x.id, 'award', x.version), '落札者を決定し、契約案を作成しました。')).ok;
    }
    if (to === 'bidding' && t.status === 'opened') {
      const ok = await confirmDialog(this.dialog, { title: '再度入札', message: `第${t.currentRound + 1}回の入札（再度入札）を行います。`, ok: '再度入札' });
      if (!ok) return false;
      return (await this.run((x) => this.api.act(x.id, 'next-round', x.version), `第${t.currentRound + 1}回の入札を受け付けます。`)).ok;
    }
    if (to === 'unsuccessful') {
      const ok = await confirmDialog(this.dialog, { title: '不調', message: 'この入札案件を不調とします。元に戻せません。', ok: '不調とする' });
      if (!ok) return false;
    }
    return (await this.run((x) => this.api.transition(x.id, to, x.version), `「${TENDER_STATUS_LABELS[to]}」にしました。`)).ok;
  }
}

function moveOf(t: TenderDetail, to: TenderStatus): TenderMove {
  const base = { to, disabledReason: null as string | null, primary: false };
  switch (to) {
    case 'announced':
      return { ...base, label: '公告する', icon: 'campaign', primary: true };
    case 'designated':
      return {
        ...base,
        label: '指名を確定',
        icon: 'how_to_reg',
        primary: true,
        disabledReason: t.designations.some((d) => d.selected) ? null : '指名する業者を「指名」タブで選んで保存してください。',
      };
    case 'bidding':
      return t.status === 'opened'
        ? { ...base, label: '再度入札', icon: 'replay', primary: t.outcome === 'nextRound', disabledReason: t.outcome === 'nextRound' ? null : '再度入札は、すべての入札が予定価格を超えた場合に行えます。' }
        : { ...base, label: '入札受付を開始', icon: 'inbox', primary: true };
    case 'opened':
      return { ...base, label: '開札', icon: 'lock_open', primary: true };
    case 'awarded':
      return { ...base, label: '落札決定', icon: 'emoji_events', primary: true, disabledReason: t.outcome === 'awarded' ? null : '落札者が決まっていません（調査結果・くじの入力が必要な場合があります）。' };
    case 'unsuccessful':
      return { ...base, label: '不調とする', icon: 'block', disabledReason: t.outcome === 'awarded' ? '落札者が決まっている案件は不調にできません。' : null };
    case 'cancelled':
      return { ...base, label: '中止', icon: 'cancel' };
    default:
      return { ...base, label: TENDER_STATUS_LABELS[to], icon: 'arrow_forward' };
  }
}
