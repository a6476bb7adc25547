import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { BUDGET_LEVEL_LABELS, fiscalYearOf, formatJapaneseDate, todayInJapan } from '@keiyaku/domain';
import { JapaneseDateTimePipe, ReportPreviewService } from '@keiyaku/web/ui';
import { ContractsApi } from '../../contracts-api.service';
import { ContractEditData, ContractEditDialog } from '../../form/contract-edit.dialog';
import { BOND_KIND_LABELS, BudgetLineStatus, CATEGORY_LABELS, ContractDetail, formatYen, label, SMALL_KIND_LABELS, TENDER_METHOD_LABELS } from '../../models';
import { FACTS_STYLES, TABLE_STYLES } from '../../styles';
import { ContractContext } from '../contract-context';

const FINAL = ['paid', 'cancelled'];

/** 概要: what the contract is; the fields are edited in a dialog; 契約書/請書 through the preview. */
@Component({
  selector: 'ky-contract-overview-tab',
  imports: [MatButtonModule, MatIconModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.contract(); as c) {
      <div class="tab-toolbar">
        <h2>概要</h2>
        <span class="spacer"></span>
        @if (ctx.canPrint()) {
          <button mat-stroked-button type="button" (click)="printDocument()"><mat-icon>print</mat-icon>契約書/請書</button>
        }
        @if (ctx.canWrite() && editable()) {
          <button mat-stroked-button type="button" (click)="edit()"><mat-icon>edit</mat-icon>概要を編集</button>
        }
      </div>
      <dl class="facts" aria-label="概要">
        @for (f of facts(); track f.label) {
          <div [class.wide]="f.wide">
            <dt>{{ f.label }}</dt>
            <dd [attr.data-figure]="f.key ?? null" [class.warn]="f.warn">{{ f.value || '—' }}</dd>
          </div>
        }
        <div>
          <dt>登録日時</dt>
          <dd>{{ c.createdAt | japaneseDateTime }}</dd>
        </div>
        <div>
          <dt>更新日時</dt>
          <dd>{{ c.updatedAt | japaneseDateTime }}</dd>
        </div>
      </dl>
    }
  `,
  styles: [TABLE_STYLES, FACTS_STYLES, 'dd.warn { color: #b3261e; font-weight: 500; }'],
})
export class OverviewTab {
  readonly ctx = inject(ContractContext);
  private readonly api = inject(ContractsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly preview = inject(ReportPreviewService);

  /** The contract's budget line and its commitments (null: no code, or the line is not imported). */
  readonly budget = signal<BudgetLineStatus | null | undefined>(undefined);

  constructor() {
    effect(() => {
      const c = this.ctx.contract();
      untracked(() => void this.loadBudget(c));
    });
  }

  readonly editable = computed(() => !FINAL.includes(this.ctx.contract()?.status ?? 'draft'));

  readonly facts = computed(() => {
    const c = this.ctx.contract();
    if (!c) return [];
    const d = formatJapaneseDate;
    const period = c.periodFrom || c.periodTo ? `${d(c.periodFrom)} 〜 ${d(c.periodTo)}` : '';
    const facts: Array<{ label: string; value: string | null; wide?: boolean; key?: string; warn?: boolean }> = [
      { label: '契約番号', value: c.contractNumber ?? '（締結時に付番）' },
      { label: '年度', value: c.fiscalYear ? `${c.fiscalYear}年度` : '' },
      { label: '部門', value: label(CATEGORY_LABELS, c.category) },
      { label: c.category === 'construction' ? '業種' : '業務の種類', value: c.tradeCode ? `${c.tradeCode} ${c.tradeName ?? ''}`.trim() : '' },
      { label: '件名', value: c.title, wide: true },
      { label: '場所', value: c.location, wide: true },
      { label: '契約の相手方', value: `${c.vendorCode ?? ''} ${c.vendorName ?? ''}`.trim(), wide: true, key: 'vendorName' },
      { label: '契約方法', value: label(TENDER_METHOD_LABELS, c.method) },
      { label: '担当課', value: c.departmentName },
      { label: '契約金額（税込）', value: `${formatYen(c.amount)}（うち消費税 ${formatYen(c.taxAmount)}・${c.taxRate}%）`, wide: true, key: 'amount' },
      { label: '当初契約金額', value: formatYen(c.originalAmount) },
      { label: '予算科目', value: c.budgetLineCode },
      ...this.budgetFacts(c),
      { label: '契約日', value: d(c.contractDate), key: 'contractDate' },
      { label: '工期（履行期間）', value: period, wide: true, key: 'period' },
      { label: '当初の工期（至）', value: d(c.originalPeriodTo) },
      { label: '契約保証', value: label(BOND_KIND_LABELS, c.bondKind) + (c.bondAmount ? `（${formatYen(c.bondAmount)}）` : '') },
      { label: '前払金の割合', value: c.advanceRate !== null ? `${c.advanceRate}%` : '' },
      { label: '監督員', value: c.supervisorName },
      { label: '完成日', value: d(c.completedOn) },
      { label: '検査日（検査済）', value: d(c.inspectedOn) },
      { label: '支払完了日', value: d(c.paidOn) },
    ];
    if (c.method === 'negotiated' || c.method === 'quotation') {
      facts.push({ label: '少額随意契約の区分', value: c.smallContractKind ? label(SMALL_KIND_LABELS, c.smallContractKind) : '該当しない' });
      facts.push({ label: '少額随意契約の限度額', value: c.smallContractLimit !== null ? formatYen(c.smallContractLimit) : '', key: 'smallContractLimit' });
    }
    if (c.method === 'negotiated') facts.push({ label: '随意契約の理由', value: c.negotiatedReason, wide: true });
    if (c.status === 'cancelled') facts.push({ label: '解除日', value: d(c.cancelledOn) }, { label: '解除の理由', value: c.cancelReason, wide: true });
    facts.push({ label: '備考', value: c.notes, wide: true });
    return facts;
  });

  private budgetFacts(c: ContractDetail) {
    const b = this.budget();
    if (!c.budgetLineCode || b === undefined) return [];
    if (b === null) return [{ label: '予算の執行状況', value: 'この年度の予算科目は取り込まれていません', wide: true, key: 'budget', warn: true }];
    // A draft is not yet committed: show where it would take the line.
    const pending = c.status === 'draft' ? c.amount : 0;
    const after = b.remaining - pending;
    const text =
      `${b.budgetName}：予算 ${formatYen(b.amount)}・契約済 ${formatYen(b.committed)}（${b.contracts}件${b.percent !== null ? `・${b.percent}%` : ''}）・残 ${formatYen(b.remaining)}` +
      (pending ? `・この契約の締結後の残 ${formatYen(after)}` : '') +
      (b.level !== 'ok' || after < 0 ? `【${after < 0 ? BUDGET_LEVEL_LABELS.over : BUDGET_LEVEL_LABELS[b.level]}】` : '');
    return [{ label: '予算の執行状況', value: text, wide: true, key: 'budget', warn: b.level !== 'ok' || after < 0 }];
  }

  private async loadBudget(c: ContractDetail | null): Promise<void> {
    if (!c?.budgetLineCode) return this.budget.set(undefined);
    const fy = c.fiscalYear ?? fiscalYearOf(c.contractDate || todayInJapan()) ?? (fiscalYearOf(todayInJapan()) as number);
    try {
      this.budget.set(await this.api.budgetLine(c.budgetLineCode, fy));
    } catch {
      this.budget.set(undefined);
    }
  }

  async edit(): Promise<void> {
    const contract = this.ctx.contract();
    if (!contract) return;
    const departments = await this.api.departments().catch(() => []);
    const data: ContractEditData = { contract, departments };
    this.dialog
      .open(ContractEditDialog, { data, width: '1000px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: ContractDetail | undefined) => {
        if (!saved) return;
        this.ctx.set(saved);
        this.snack.open('概要を更新しました。', '閉じる', { duration: 4000 });
      });
  }

  printDocument(): void {
    const c = this.ctx.contract();
    if (c) this.preview.open('contract-document', '契約書', { contractId: c.id });
  }
}
