import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { CategoryCode, formatJapaneseDate } from '@keiyaku/domain';
import { badgeClass, BadgeTone, errorMessage, JapaneseDatePipe } from '@keiyaku/web/ui';
import { RankingRuleDialog, RankingRuleDialogData } from './ranking-rule.dialog';
import { RegistryApi } from './registry-api';
import { RankingRuleRow, todayInJapan, TradeRow, yen } from './registry.models';

type VersionState = 'current' | 'future' | 'past';
const STATE: Record<VersionState, { label: string; tone: BadgeTone }> = {
  current: { label: '適用中', tone: 'ok' },
  future: { label: '適用予定', tone: 'info' },
  past: { label: '過去の版', tone: 'neutral' },
};

/** 格付基準: per trade, its dated versions (newest first), each editable or copied into a new one. */
@Component({
  selector: 'ky-ranking-rules',
  imports: [DecimalPipe, MatButtonModule, MatIconModule, MatProgressSpinnerModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (loading() && !trades().length) {
      <div class="state" role="status"><mat-spinner diameter="24" /><span>読み込み中…</span></div>
    } @else if (error()) {
      <p class="ky-error" role="alert">{{ error() }}</p>
      <button mat-stroked-button type="button" (click)="load()"><mat-icon>refresh</mat-icon>再読み込み</button>
    } @else {
      <div class="layout">
        <nav class="trades" aria-label="業種">
          @for (t of trades(); track t.id) {
            <button type="button" class="trade" [class.selected]="t.code === selected()?.code" [attr.aria-current]="t.code === selected()?.code ? 'true' : null" (click)="selectedCode.set(t.code)">
              <span class="code">{{ t.code }}</span>
              <span class="name">{{ t.shortName }}</span>
              <span class="count">{{ counts().get(t.code) ? counts().get(t.code) + '版' : '' }}</span>
            </button>
          }
        </nav>
        <div class="versions">
          @if (selected(); as t) {
            <div class="head">
              <h2>{{ t.code }} {{ t.name }}</h2>
              @if (!t.ranked) {
                <span [class]="badge('neutral')">格付対象外</span>
              }
              <span class="spacer"></span>
              @if (!versions().length) {
                <button mat-flat-button type="button" (click)="open(null, null)"><mat-icon>add</mat-icon>格付基準を作成</button>
              }
            </div>
            @if (!versions().length) {
              <p class="empty">この業種の格付基準はありません。{{ t.ranked ? '' : '格付対象外の業種は等級なしで登録されます。' }}</p>
            }
            @for (r of versions(); track r.id) {
              @let st = STATE[stateOf(r)];
              <section class="version" role="group" [attr.aria-label]="(r.effectiveFrom | japaneseDate) + 'から適用'">
                <div class="version-head">
                  <h3>{{ r.effectiveFrom | japaneseDate }}から適用</h3>
                  <span [class]="badge(st.tone)">{{ st.label }}</span>
                  <span class="spacer"></span>
                  <button mat-stroked-button type="button" (click)="open(r, null)"><mat-icon>edit</mat-icon>編集</button>
                  <button mat-stroked-button type="button" (click)="open(null, r)"><mat-icon>content_copy</mat-icon>この版をコピーして新しい版</button>
                </div>
                <div class="tables">
                  <table class="view">
                    <caption>等級の基準</caption>
                    <thead>
                      <tr><th scope="col">等級</th><th scope="col" class="num">総合点数の下限</th><th scope="col" class="num">P点の下限</th><th scope="col" class="num">平均完成工事高の下限</th></tr>
                    </thead>
                    <tbody>
                      @for (x of r.thresholds; track $index; let last = $last) {
                        <tr>
                          <td>{{ x.rank }}{{ last ? '（最下位）' : '' }}</td>
                          <td class="num">{{ x.minTotal | number }}</td>
                          <td class="num">{{ x.minP ?? '—' }}</td>
                          <td class="num">{{ yen(x.minTurnover) || '—' }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                  @if (r.priceBands) {
                    <table class="view">
                      <caption>発注標準金額</caption>
                      <thead>
                        <tr><th scope="col">等級</th><th scope="col" class="num">予定価格の下限</th></tr>
                      </thead>
                      <tbody>
                        @for (b of r.priceBands; track $index) {
                          <tr><td>{{ b.rank }}</td><td class="num">{{ yen(b.minPrice) }}</td></tr>
                        }
                      </tbody>
                    </table>
                  } @else {
                    <p class="empty">発注標準金額は定めていません。</p>
                  }
                </div>
                <dl class="facts">
                  <dt>1期の昇格上限</dt>
                  <dd>{{ r.maxStepUp ? r.maxStepUp + '段階' : '上限なし' }}</dd>
                  <dt>市内業者のみ格付</dt>
                  <dd>{{ r.localOnly ? 'はい' : 'いいえ' }}</dd>
                  <dt>新規申請は最下位から</dt>
                  <dd>{{ r.newApplicantsStartLowest ? 'はい' : 'いいえ' }}</dd>
                </dl>
              </section>
            }
          }
        </div>
      </div>
    }
  `,
  styles: `
    .state { display: flex; align-items: center; gap: 12px; margin: 16px 0; }
    .layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 16px; margin-top: 12px; align-items: start; }
    .trades { display: flex; flex-direction: column; max-height: calc(100vh - 260px); overflow: auto; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; }
    .trade { display: grid; grid-template-columns: 3.2em 1fr auto; gap: 4px; align-items: center; text-align: left; font: inherit; padding: 6px 10px; border: 0; border-bottom: 1px solid var(--mat-sys-outline-variant); background: none; cursor: pointer; color: inherit; }
    .trade:hover { background: var(--mat-sys-surface-container); }
    .trade.selected { background: var(--mat-sys-secondary-container); font-weight: 600; }
    .code { color: var(--mat-sys-on-surface-variant); font-variant-numeric: tabular-nums; }
    .count { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .head, .version-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .head h2 { font-size: 17px; margin: 0; }
    .spacer { flex: 1; }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .version { border: 1px solid var(--mat-sys-outline-variant); border-radius: 6px; padding: 8px 16px 12px; margin: 12px 0; }
    .version-head h3 { font-size: 15px; margin: 4px 0; }
    .tables { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; margin: 8px 0; }
    caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
    .view { border-collapse: collapse; font-size: 13px; }
    .view th, .view td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 12px 4px 0; text-align: left; }
    .view th { font-weight: 500; color: var(--mat-sys-on-surface-variant); }
    .num { text-align: right !important; font-variant-numeric: tabular-nums; }
    .facts { display: grid; grid-template-columns: auto 1fr auto 1fr auto 1fr; gap: 4px 8px; margin: 8px 0 0; font-size: 13px; max-width: 720px; }
    .facts dt { color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 0; }
  `,
})
export class RankingRules {
  private readonly api = inject(RegistryApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  readonly category = input.required<CategoryCode>();

  readonly STATE = STATE;
  readonly yen = yen;
  readonly trades = signal<TradeRow[]>([]);
  readonly rules = signal<RankingRuleRow[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly selectedCode = signal<string | null>(null);
  private readonly today = todayInJapan();
  private loads = 0;

  readonly counts = computed(() => {
    const counts = new Map<string, number>();
    for (const r of this.rules()) counts.set(r.tradeCode, (counts.get(r.tradeCode) ?? 0) + 1);
    return counts;
  });

  /** The chosen trade; at first the first one that has rules. */
  readonly selected = computed(() => {
    const trades = this.trades();
    const code = this.selectedCode() ?? trades.find((t) => this.counts().has(t.code))?.code ?? trades[0]?.code;
    return trades.find((t) => t.code === code) ?? null;
  });

  /** The selected trade's versions, newest first. */
  readonly versions = computed(() => {
    const code = this.selected()?.code;
    return this.rules()
      .filter((r) => r.tradeCode === code)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  });

  /** The version in force today: the newest that has started. */
  private readonly current = computed(() => this.versions().find((r) => r.effectiveFrom <= this.today)?.id ?? null);

  constructor() {
    effect(() => {
      this.category();
      untracked(() => {
        // Another category: nothing of the last one stays on screen while it loads.
        this.selectedCode.set(null);
        this.trades.set([]);
        this.rules.set([]);
        void this.load();
      });
    });
  }

  async load(): Promise<void> {
    const ticket = ++this.loads;
    const category = this.category();
    this.loading.set(true);
    this.error.set(null);
    try {
      const [trades, rules] = await Promise.all([
        this.api.list<TradeRow>('trades', category),
        this.api.list<RankingRuleRow>('ranking-rules', category),
      ]);
      if (ticket !== this.loads) return;
      this.trades.set(trades);
      this.rules.set(rules);
    } catch (err) {
      if (ticket === this.loads) this.error.set(errorMessage(err));
    } finally {
      if (ticket === this.loads) this.loading.set(false);
    }
  }

  stateOf(rule: RankingRuleRow): VersionState {
    if (rule.id === this.current()) return 'current';
    return rule.effectiveFrom > this.today ? 'future' : 'past';
  }

  badge(tone: BadgeTone): string {
    return badgeClass(tone);
  }

  /** Edits `rule`, or starts a new version (copying `source` when given). */
  open(rule: RankingRuleRow | null, source: RankingRuleRow | null): void {
    const trade = this.selected();
    if (!trade) return;
    const data: RankingRuleDialogData = { category: this.category(), trade, rule, source };
    this.dialog
      .open(RankingRuleDialog, { data, width: '860px', maxWidth: '95vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: RankingRuleRow | undefined) => {
        if (!saved) return;
        const when = `${formatJapaneseDate(saved.effectiveFrom)}から適用`;
        this.snack.open(`${trade.shortName}の格付基準（${when}）を${rule ? '更新' : '登録'}しました。`, '閉じる', { duration: 4000 });
        void this.load();
      });
  }
}
