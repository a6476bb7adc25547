import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { formatJapaneseDate } from '@keiyaku/domain';
import { JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { TenderEditDialog, TenderEditData } from '../../form/tender-edit.dialog';
import { BUILDING_LABELS, CATEGORY_LABELS, formatYen, label, PRICE_CONTROL_LABELS, PUBLICATION_LABELS, TENDER_METHOD_LABELS, TenderDetail } from '../../models';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { TendersApi } from '../../tenders-api.service';
import { TenderContext } from '../tender-context';

const FINAL = ['awarded', 'unsuccessful', 'cancelled'];

/** 予定価格 tax-excluded with the tax-included amount beside it. */
export function plannedPriceText(t: TenderDetail): string {
  if (t.pricesHidden) return '事後公表（開札後に公表）';
  if (t.plannedPrice === null) return '';
  const inc = t.plannedPriceTaxIncluded !== null ? `（税込 ${formatYen(t.plannedPriceTaxIncluded)}${t.taxRate !== null ? `・消費税率${t.taxRate}%` : ''}）` : '';
  return `${formatYen(t.plannedPrice)}${inc}`;
}

/** 概要: what the tender is; the 概要 fields are edited in a dialog. */
@Component({
  selector: 'ky-tender-overview-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.tender(); as t) {
      <div class="tab-toolbar">
        <h2>概要</h2>
        <span class="spacer"></span>
        @if (ctx.canWrite() && editable()) {
          <button mat-stroked-button type="button" (click)="edit()"><mat-icon>edit</mat-icon>概要を編集</button>
        }
      </div>
      <dl class="facts" aria-label="概要">
        @for (f of facts(); track f.label) {
          <div [class.wide]="f.wide">
            <dt>{{ f.label }}</dt>
            <dd>{{ f.value || '—' }}</dd>
          </div>
        }
        <div>
          <dt>登録日時</dt>
          <dd>{{ t.createdAt | japaneseDateTime }}</dd>
        </div>
        <div>
          <dt>更新日時</dt>
          <dd>{{ t.updatedAt | japaneseDateTime }}</dd>
        </div>
      </dl>
    }
  `,
  styles: [TABLE_STYLES, FACTS_STYLES],
})
export class OverviewTab {
  readonly ctx = inject(TenderContext);
  private readonly api = inject(TendersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  readonly editable = computed(() => !FINAL.includes(this.ctx.tender()?.status ?? 'draft'));

  readonly facts = computed(() => {
    const t = this.ctx.tender();
    if (!t) return [];
    const d = formatJapaneseDate;
    return [
      { label: '案件番号', value: t.tenderNumber },
      { label: '年度', value: `${t.fiscalYear}年度` },
      { label: '部門', value: label(CATEGORY_LABELS, t.category) },
      { label: t.category === 'construction' ? '業種' : '業務の種類', value: `${t.tradeCode} ${t.tradeName ?? ''}`.trim() },
      { label: '件名', value: t.title, wide: true },
      { label: '場所', value: t.location, wide: true },
      { label: '入札方法', value: label(TENDER_METHOD_LABELS, t.method) + (t.comprehensiveEval ? '（総合評価）' : '') },
      { label: '担当課', value: t.departmentName },
      { label: '予算科目', value: t.budgetLineCode },
      { label: '予定価格の公表', value: label(PUBLICATION_LABELS, t.pricePublication) },
      { label: '予定価格（税抜）', value: plannedPriceText(t), wide: true },
      { label: '最低制限価格等', value: label(PRICE_CONTROL_LABELS, t.priceControl) },
      { label: '建築工事の区分', value: t.category === 'construction' ? label(BUILDING_LABELS, t.buildingKind) : '' },
      ...(t.method === 'negotiated' ? [{ label: '随意契約の理由', value: t.negotiatedReason, wide: true }] : []),
      { label: '公告日', value: d(t.announcementDate) },
      { label: '指名通知日', value: d(t.designationDate) },
      { label: '質問期限', value: d(t.questionDeadline) },
      { label: '入札締切日', value: d(t.bidDeadline) },
      { label: '開札日', value: d(t.openingDate) },
      { label: '入札回', value: `第${t.currentRound}回` },
      { label: '備考', value: t.notes, wide: true },
    ];
  });

  async edit(): Promise<void> {
    const tender = this.ctx.tender();
    if (!tender) return;
    const departments = await this.api.departments().catch(() => []);
    const data: TenderEditData = { tender, departments };
    this.dialog
      .open(TenderEditDialog, { data, width: '1000px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: TenderDetail | undefined) => {
        if (!saved) return;
        this.ctx.set(saved);
        this.snack.open('概要を更新しました。', '閉じる', { duration: 4000 });
      });
  }
}
