import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { formatJapaneseDate } from '@keiyaku/domain';
import { ReportPreviewService } from '@keiyaku/web/ui';
import { formatRate, formatYen, label, OPENING_OUTCOME_LABELS, TENDER_STATUS_LABELS, withTax } from '../../models';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { TenderContext } from '../tender-context';
import { plannedPriceText } from './overview.tab';

const CONTRACT_STATUS_LABELS: Record<string, string> = { draft: '起案中' };
const RESULT_STATUSES = ['opened', 'awarded', 'unsuccessful'];

/** 結果: 落札者, 落札額, 落札率, the contract draft, and the 入札結果表 through the preview. */
@Component({
  selector: 'ky-tender-result-tab',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.tender(); as t) {
      @if (!hasResult()) {
        <p class="empty">開札後に結果を表示します（現在の状態: {{ statusLabel() }}）。</p>
      } @else {
        <div class="tab-toolbar">
          <h2>入札結果</h2>
          <span class="spacer"></span>
          <button mat-stroked-button type="button" (click)="previewResults()"><mat-icon>picture_as_pdf</mat-icon>入札結果表</button>
        </div>
        <dl class="facts" aria-label="入札結果">
          <div><dt>状態</dt><dd>{{ statusLabel() }}</dd></div>
          <div><dt>開札の結果</dt><dd>{{ outcomeLabel() || '—' }}</dd></div>
          <div><dt>開札日</dt><dd>{{ openingDate() || '—' }}</dd></div>
          <div><dt>入札者数</dt><dd>{{ bidderCount() }}者</dd></div>
          <div class="wide"><dt>落札者</dt><dd data-figure="awardVendorName">{{ t.awardVendorName ?? '—' }}</dd></div>
          <div><dt>落札額（税抜）</dt><dd data-figure="awardAmount">{{ yen(t.awardAmount) || '—' }}</dd></div>
          <div><dt>落札率</dt><dd data-figure="awardRate">{{ rate(t.awardRate) || '—' }}</dd></div>
          <div class="wide"><dt>予定価格（税抜）</dt><dd>{{ planned() }}</dd></div>
          <div><dt>最低制限価格</dt><dd>{{ yen(t.minimumPrice) || '—' }}</dd></div>
          <div><dt>低入札価格調査基準価格</dt><dd>{{ yen(t.lowBidThreshold) || '—' }}</dd></div>
          @if (t.contract?.amount) {
            <div class="wide"><dt>契約金額（税込・契約案）</dt><dd>{{ yen(t.contract?.amount ?? null) }}</dd></div>
          } @else if (t.awardAmount !== null && t.taxRate !== null) {
            <div class="wide"><dt>契約金額の見込み（税込）</dt><dd>{{ yen(taxIncluded()) }}（消費税率{{ t.taxRate }}%）</dd></div>
          }
        </dl>
        <div class="tab-toolbar"><h2>契約</h2></div>
        @if (t.contract; as c) {
          <p>
            落札決定により契約案を作成しました:
            <a [routerLink]="['/contracts', c.id]" data-link="contract">契約案（契約ID {{ c.id }}・{{ contractStatus(c.status) }}）</a>
          </p>
        } @else if (t.status === 'awarded') {
          <p class="empty">契約案はまだありません。</p>
        } @else {
          <p class="empty">落札決定をすると、落札者との契約案（起案中）を作成します。</p>
        }
      }
    }
  `,
  styles: [TABLE_STYLES, FACTS_STYLES],
})
export class ResultTab {
  readonly ctx = inject(TenderContext);
  private readonly preview = inject(ReportPreviewService);

  readonly hasResult = computed(() => RESULT_STATUSES.includes(this.ctx.tender()?.status ?? '') || !!this.ctx.tender()?.outcome);
  readonly statusLabel = computed(() => label(TENDER_STATUS_LABELS, this.ctx.tender()?.status));
  readonly outcomeLabel = computed(() => label(OPENING_OUTCOME_LABELS, this.ctx.tender()?.outcome));
  readonly openingDate = computed(() => formatJapaneseDate(this.ctx.tender()?.openingDate));
  readonly planned = computed(() => {
    const t = this.ctx.tender();
    return t ? plannedPriceText(t) || '—' : '';
  });
  readonly bidderCount = computed(() => {
    const t = this.ctx.tender();
    return t ? new Set(t.bids.filter((b) => b.round === t.currentRound).map((b) => b.vendorId)).size : 0;
  });
  readonly taxIncluded = computed(() => {
    const t = this.ctx.tender();
    return t && t.awardAmount !== null && t.taxRate !== null ? withTax(t.awardAmount, t.taxRate) : null;
  });

  yen(v: number | null): string {
    return formatYen(v);
  }

  rate(v: number | null): string {
    return formatRate(v);
  }

  contractStatus(status: string): string {
    return label(CONTRACT_STATUS_LABELS, status);
  }

  previewResults(): void {
    const t = this.ctx.tender();
    if (t) this.preview.open('tender-results', '入札結果表', { tenderId: t.id });
  }
}
