import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal, Type } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AuthService } from '@keiyaku/web/auth';
import { confirmDialog, errorMessage } from '@keiyaku/web/ui';
import { CATEGORIES } from '@keiyaku/domain';
import { DuplicateCandidate, PART_LABELS, PartName, PartRow, Trade, VendorDetail } from '../models';
import { VendorsApi } from '../vendors-api.service';

export interface PartDialogData<T extends PartRow = PartRow> {
  vendorId: number;
  part: PartName;
  row: T | null;
  /** The whole vendor, for dialogs that look at other parts (e.g. permits beside 経審). */
  vendor: VendorDetail;
}

/**
 * The vendor the page shows, shared by its tabs: each tab reads it and asks for a reload after
 * a change, so every tab (and the version used for the next edit) stays current.
 */
@Injectable()
export class VendorContext {
  private readonly api = inject(VendorsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  readonly vendor = signal<VendorDetail | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** Possible duplicates the server reported with the last save. */
  readonly warnings = signal<DuplicateCandidate[]>([]);
  readonly canWrite = computed(() => !!this.auth.user() && this.auth.can('vendors.write'));
  /** Trades of every category by `category:code`, for names in the tabs. */
  private readonly trades = signal(new Map<string, Trade>());
  private id = 0;

  async load(id = this.id): Promise<void> {
    this.id = id;
    if (!this.trades().size) void this.loadTrades();
    this.loading.set(true);
    try {
      this.vendor.set(await this.api.get(id));
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof HttpErrorResponse && err.status === 404 ? 'この業者は登録されていません。' : errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  private async loadTrades(): Promise<void> {
    try {
      const lists = await Promise.all(CATEGORIES.map((c) => this.api.trades(c.code)));
      this.trades.set(new Map(lists.flat().map((t) => [`${t.category}:${t.code}`, t])));
    } catch {
      // Names only: the codes are still shown.
    }
  }

  /** 「010 土木」; the code alone until the masters have loaded. */
  tradeLabel(code: string, category = 'construction'): string {
    const t = this.trades().get(`${category}:${code}`);
    return t ? `${code} ${t.shortName}` : code;
  }

  /** Opens a part's add/edit dialog; a saved row reloads the vendor. */
  openPart<T extends PartRow>(component: Type<unknown>, part: PartName, row: T | null, width = '640px'): void {
    const vendor = this.vendor();
    if (!vendor) return;
    const data: PartDialogData<T> = { vendorId: vendor.id, part, row, vendor };
    this.dialog
      .open(component, { data, width, maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: unknown) => {
        if (!saved) return;
        this.snack.open(`${PART_LABELS[part]}を${row ? '更新' : '追加'}しました。`, '閉じる', { duration: 4000 });
        void this.load();
      });
  }

  async removePart(part: PartName, row: PartRow, description: string): Promise<void> {
    const vendor = this.vendor();
    if (!vendor) return;
    const what = PART_LABELS[part];
    const ok = await confirmDialog(this.dialog, { title: `${what}の削除`, message: `${description} を削除しますか？ 削除した内容は履歴から確認できます。`, ok: '削除' });
    if (!ok) return;
    try {
      await this.api.removePart(vendor.id, part, row.id);
      this.snack.open(`${what}を削除しました。`, '閉じる', { duration: 4000 });
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    }
    await this.load();
  }
}
