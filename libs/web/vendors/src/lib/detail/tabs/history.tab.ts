import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { errorMessage, JapaneseDatePipe, JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { DiffResult, HistoryEntry, HistoryVersion, LOCALITY_LABELS, STATUS_LABELS, todayInJapan } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { VendorsApi } from '../../vendors-api.service';
import { diffLines } from '../history-format';
import { VendorContext } from '../vendor-context';

/** 履歴: every saved version, the differences between any two, and the vendor as of a date. */
@Component({
  selector: 'ky-vendor-history-tab',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatIconModule, MatTooltipModule, JapaneseDateTimePipe, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="columns">
      <section class="versions" aria-label="版の一覧">
        <div class="tab-toolbar"><h2>変更履歴</h2></div>
        <table class="ky-table" aria-label="変更履歴">
          <thead>
            <tr><th class="num">版</th><th>日時</th><th>変更者</th><th>内容</th><th></th></tr>
          </thead>
          <tbody>
            @for (h of entries(); track h.versionNo) {
              <tr [class.selected]="h.versionNo === to() || h.versionNo === from()">
                <td class="num">{{ h.versionNo }}</td>
                <td class="nowrap">{{ h.changedAt | japaneseDateTime }}</td>
                <td>{{ h.changedBy }}</td>
                <td>{{ h.summary }}</td>
                <td class="actions">
                  @if (h.versionNo > 1) {
                    <button mat-icon-button type="button" matTooltip="前の版との違い" [attr.aria-label]="'第' + h.versionNo + '版と前の版の違い'" (click)="compare(h.versionNo - 1, h.versionNo)">
                      <mat-icon>compare_arrows</mat-icon>
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </section>

      <section class="diff" aria-label="版の比較">
        <div class="tab-toolbar">
          <h2>版の比較</h2>
        </div>
        <div class="pickers">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>比較元の版</mat-label>
            <mat-select [ngModel]="from()" (ngModelChange)="compare($event, to())">
              @for (h of entries(); track h.versionNo) {
                <mat-option [value]="h.versionNo">第{{ h.versionNo }}版</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-icon>arrow_forward</mat-icon>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>比較先の版</mat-label>
            <mat-select [ngModel]="to()" (ngModelChange)="compare(from(), $event)">
              @for (h of entries(); track h.versionNo) {
                <mat-option [value]="h.versionNo">第{{ h.versionNo }}版</mat-option>
              }
            </mat-select>
          </mat-form-field>
        </div>
        @if (diff(); as d) {
          <p class="caption">
            第{{ d.from.versionNo }}版（{{ d.from.changedAt | japaneseDateTime }}）→ 第{{ d.to.versionNo }}版（{{ d.to.changedAt | japaneseDateTime }}）：{{ lines().length }}件の違い
          </p>
          @if (lines().length) {
            <table class="ky-table" aria-label="差分">
              <thead>
                <tr><th>項目</th><th>種別</th><th>変更前</th><th>変更後</th></tr>
              </thead>
              <tbody>
                @for (l of lines(); track $index) {
                  <tr>
                    <td>{{ l.label }}</td>
                    <td class="nowrap">{{ l.kind }}</td>
                    <td class="before">{{ l.before }}</td>
                    <td class="after">{{ l.after }}</td>
                  </tr>
                }
              </tbody>
            </table>
          } @else {
            <p class="empty">この2つの版に違いはありません。</p>
          }
        } @else if (entries().length < 2) {
          <p class="empty">比較できる版はまだありません。</p>
        }

        <div class="tab-toolbar"><h2>指定日時点の内容</h2></div>
        <div class="pickers">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>日付</mat-label>
            <input matInput type="date" [max]="today" [(ngModel)]="asOfDate" />
          </mat-form-field>
          <button mat-stroked-button type="button" [disabled]="!asOfDate" (click)="showAsOf()"><mat-icon>history</mat-icon>この日の内容を表示</button>
        </div>
        @if (asOf(); as a) {
          <div class="as-of" role="region" aria-label="指定日時点の内容">
            <p class="caption">{{ asOfShown | japaneseDate }}時点: 第{{ a.versionNo }}版（{{ a.changedAt | japaneseDateTime }} {{ a.summary }}）</p>
            <dl>
              @for (f of asOfFacts(); track f.label) {
                <div>
                  <dt>{{ f.label }}</dt>
                  <dd>{{ f.value || '—' }}</dd>
                </div>
              }
            </dl>
          </div>
        }
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </section>
    </div>
  `,
  styles: [
    TABLE_STYLES,
    `
      .columns { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 24px; }
      .pickers { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
      .caption { font-size: 13px; margin: 8px 0; }
      .nowrap { white-space: nowrap; }
      tr.selected td { background: #e3edfb; }
      .before { color: #8c1d18; }
      .after { color: #1e4620; font-weight: 600; }
      .as-of dl { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 6px 16px; margin: 0; }
      .as-of dt { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
      .as-of dd { margin: 0; }
      @media (max-width: 1200px) { .columns { grid-template-columns: 1fr; } }
    `,
  ],
})
export class HistoryTab {
  private readonly ctx = inject(VendorContext);
  private readonly api = inject(VendorsApi);

  readonly entries = signal<HistoryEntry[]>([]);
  readonly from = signal<number | null>(null);
  readonly to = signal<number | null>(null);
  readonly diff = signal<DiffResult | null>(null);
  readonly lines = computed(() => {
    const d = this.diff();
    return d ? diffLines(d.differences, this.ctx.vendor(), (code, category) => this.ctx.tradeLabel(code, category)) : [];
  });
  readonly error = signal<string | null>(null);

  readonly today = todayInJapan();
  asOfDate = '';
  asOfShown = '';
  readonly asOf = signal<HistoryVersion | null>(null);
  readonly asOfFacts = computed(() => {
    const s = this.asOf()?.snapshot;
    if (!s) return [];
    const qualifications = (s.qualifications ?? []).map((q) => `${q.termCode} ${this.ctx.tradeLabel(q.tradeCode, q.category)} ${q.rank ?? '格付なし'}`).join('、');
    return [
      { label: '商号又は名称', value: s.name },
      { label: 'フリガナ', value: s.nameKana },
      { label: '代表者', value: [s.representativeTitle, s.representativeName].filter(Boolean).join(' ') },
      { label: '所在地', value: s.address },
      { label: '電話番号', value: s.phone },
      { label: '地域区分', value: s.locality ? LOCALITY_LABELS[s.locality] : '' },
      { label: '状態', value: s.status ? STATUS_LABELS[s.status] : '' },
      { label: '資格・格付', value: qualifications },
      { label: '建設業許可', value: `${s.permits?.length ?? 0}件` },
      { label: '措置', value: `${s.measures?.length ?? 0}件` },
    ];
  });

  constructor() {
    // Every save makes a new version: follow the vendor's updatedAt.
    effect(() => {
      const v = this.ctx.vendor();
      if (v) untracked(() => void this.loadEntries(v.id));
    });
  }

  private async loadEntries(id: number): Promise<void> {
    try {
      const list = await this.api.history(id);
      this.entries.set(list);
      this.error.set(null);
      // By default the latest change: the newest version against the one before it.
      if (list.length >= 2) await this.compare(list[1].versionNo, list[0].versionNo);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async compare(from: number | null, to: number | null): Promise<void> {
    const v = this.ctx.vendor();
    this.from.set(from);
    this.to.set(to);
    if (!v || from === null || to === null) return;
    try {
      this.diff.set(await this.api.diff(v.id, from, to));
      this.error.set(null);
    } catch (err) {
      this.diff.set(null);
      this.error.set(errorMessage(err));
    }
  }

  async showAsOf(): Promise<void> {
    const v = this.ctx.vendor();
    if (!v || !this.asOfDate) return;
    try {
      const version = await this.api.asOf(v.id, this.asOfDate);
      this.asOfShown = this.asOfDate;
      this.asOf.set(version);
      this.error.set(null);
    } catch (err) {
      this.asOf.set(null);
      this.error.set(errorMessage(err));
    }
  }
}
