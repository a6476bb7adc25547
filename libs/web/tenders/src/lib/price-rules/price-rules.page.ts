import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { errorMessage, JapaneseDatePipe } from '@keiyaku/web/ui';
import { CATEGORY_LABELS, label, PriceRuleSetRow, SERVICE_KIND_LABELS } from '../models';
import { TABLE_STYLES } from '../styles';
import { TendersApi } from '../tenders-api.service';
import { PriceRuleDialog, PriceRuleDialogData } from './price-rule.dialog';

interface RuleGroup {
  key: string;
  title: string;
  rows: PriceRuleSetRow[];
}

/** 価格算定基準: every version by category (newest first); edit, or copy to a new version. */
@Component({
  selector: 'ky-price-rules-page',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <div class="tab-toolbar">
        <h1 class="ky-page-title">価格算定基準</h1>
        <span class="spacer"></span>
        <button mat-flat-button type="button" (click)="open(null, null)"><mat-icon>add</mat-icon>新規作成</button>
      </div>
      <p class="note">最低制限価格・低入札価格調査基準価格の算定式です。案件は公告日（なければ指名通知日）に適用中の版で算定します。版は削除できません。改正のときは「新しい版」で複製し、適用開始日を設定してください。</p>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @for (g of groups(); track g.key) {
        <div class="tab-toolbar"><h2>{{ g.title }}</h2></div>
        <table class="ky-table" [attr.aria-label]="g.title">
          <thead>
            <tr><th>コード</th><th>名称</th><th>適用開始日</th><th>算定項目</th><th class="num">下限</th><th class="num">上限</th><th>オプション</th><th>状態</th><th></th></tr>
          </thead>
          <tbody>
            @for (r of g.rows; track r.id) {
              <tr [class.dim]="!r.active">
                <td class="nowrap">{{ r.code }}</td>
                <td>{{ r.name }}</td>
                <td class="nowrap">{{ r.effectiveFrom | japaneseDate }}</td>
                <td>{{ componentsText(r) }}</td>
                <td class="num">{{ r.definition.lower }}</td>
                <td class="num">{{ r.definition.upper }}</td>
                <td>{{ optionsText(r) }}</td>
                <td>{{ r.active ? '有効' : '無効' }}</td>
                <td class="actions">
                  <button mat-icon-button type="button" matTooltip="編集" [attr.aria-label]="r.code + 'を編集'" (click)="open(r, null)"><mat-icon>edit</mat-icon></button>
                  <button mat-icon-button type="button" matTooltip="新しい版としてコピー" [attr.aria-label]="r.code + 'をコピーして新しい版を作成'" (click)="open(null, r)"><mat-icon>content_copy</mat-icon></button>
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
  styles: [TABLE_STYLES, '.nowrap { white-space: nowrap; } .ky-page-title { margin: 0; }'],
})
export class PriceRulesPage implements OnInit {
  private readonly api = inject(TendersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);

  readonly rows = signal<PriceRuleSetRow[]>([]);
  readonly error = signal<string | null>(null);
  readonly groups = computed<RuleGroup[]>(() => {
    const map = new Map<string, RuleGroup>();
    for (const r of this.rows()) {
      const key = `${r.category}:${r.serviceKind ?? ''}`;
      const title = `${label(CATEGORY_LABELS, r.category)}${r.serviceKind ? `（${r.serviceKind} ${label(SERVICE_KIND_LABELS, r.serviceKind)}）` : ''}`;
      const group = map.get(key) ?? { key, title, rows: [] };
      group.rows.push(r);
      map.set(key, group);
    }
    for (const g of map.values()) g.rows.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
    return [...map.values()].sort((a, b) => a.key.localeCompare(b.key));
  });

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.rows.set(await this.api.priceRules(true));
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  componentsText(r: PriceRuleSetRow): string {
    return r.definition.components.map((c) => `${c.label}×${c.ratio}`).join(' + ');
  }

  optionsText(r: PriceRuleSetRow): string {
    const d = r.definition;
    return [
      d.termRounding || d.resultRounding ? '端数処理' : '',
      d.disqualification ? '失格判断基準' : '',
      d.buildingAdjustment ? '建築工事の補正' : '',
      d.fixedRateTrades.length ? `固定率${d.fixedRateTrades.length}業種` : '',
      d.randomCoefficient ? `ランダム係数${d.randomCoefficient.min}〜${d.randomCoefficient.max}` : '',
    ]
      .filter(Boolean)
      .join('・');
  }

  open(row: PriceRuleSetRow | null, copyOf: PriceRuleSetRow | null): void {
    const data: PriceRuleDialogData = { row, copyOf };
    this.dialog
      .open(PriceRuleDialog, { data, width: '1200px', maxWidth: '96vw', maxHeight: '94vh', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: PriceRuleSetRow | undefined) => {
        if (!saved) return;
        this.snack.open(`価格算定基準「${saved.code}」を${row ? '更新' : '登録'}しました。`, '閉じる', { duration: 4000 });
        void this.load();
      });
  }
}
