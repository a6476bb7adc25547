import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { errorMessage, KyDataGrid } from '@keiyaku/web/ui';
import { ApplicationsApi } from '../applications-api.service';
import { ImportResult, PackageRow } from '../models';

/**
 * 承認パッケージ (split deployment): on the portal, the signed approvals to hand over; on the
 * contract system, 取込 of such a file (the server checks the signature and refuses a replay).
 */
@Component({
  selector: 'ky-packages-page',
  imports: [KyDataGrid, RouterLink, MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/qualification">資格審査</a> ＞ 承認パッケージ</nav>
      <h1 class="ky-page-title">承認パッケージ</h1>
      <p class="lead">
        ポータルを単独で運用する構成では、認定した申請が署名付きの承認パッケージ（JSONファイル）になります。ファイルを出力し、契約システムのこの画面で取り込むと業者台帳と格付に反映されます。
      </p>
      <div class="import">
        <label class="file">
          <input #file type="file" accept=".json,application/json" aria-label="取り込む承認パッケージ" (change)="choose(file)" />
        </label>
        <button mat-flat-button type="button" [disabled]="busy() || !chosen()" (click)="import()"><mat-icon>upload_file</mat-icon>取込</button>
        @if (publicKey(); as k) {
          <span class="note">このシステムの署名鍵ID: {{ k }}</span>
        }
      </div>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @if (result(); as r) {
        <p class="notice" role="status">取り込みました（受付番号 {{ r.receiptNumber }}）。業者番号 {{ r.vendorCode }}{{ ranks(r) }} <a [routerLink]="['/vendors', r.vendorId]">業者台帳を開く</a></p>
      }
      <h2>作成した承認パッケージ</h2>
      <ky-data-grid
        class="grid"
        endpoint="/api/qualification/packages"
        gridId="qualification.packages"
        searchPlaceholder="受付番号・パッケージIDで検索"
        [columnDefs]="columns"
        (rowClicked)="selected.set($event)"
      >
        <div kyGridActions class="actions">
          <a mat-stroked-button [class.disabled]="!selected()" [attr.href]="selected() ? url(selected()!) : null" download><mat-icon>download</mat-icon>出力</a>
        </div>
      </ky-data-grid>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .crumbs { font-size: 13px; }
    .lead { font-size: 13px; max-width: 900px; }
    .import { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
    h2 { font-size: 15px; margin: 12px 0 4px; }
    .grid { flex: 1; min-height: 0; }
    .note { font-size: 12px; color: #555; }
    .notice { color: #1b5e20; background: #e8f5e9; padding: 6px 10px; }
    .ky-error { color: #b3261e; background: #fdecea; padding: 6px 10px; }
    .disabled { pointer-events: none; opacity: 0.5; }
  `,
})
export class PackagesPage {
  private readonly api = inject(ApplicationsApi);
  private readonly grid = viewChild(KyDataGrid);

  readonly chosen = signal<File | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly result = signal<ImportResult | null>(null);
  readonly selected = signal<PackageRow | null>(null);
  readonly publicKey = signal<string | null>(null);

  readonly columns: ColDef<PackageRow>[] = [
    { field: 'receiptNumber', headerName: '受付番号', sortable: true, width: 150 },
    { field: 'companyName', headerName: '商号又は名称', flex: 1, minWidth: 200 },
    { field: 'packageId', headerName: 'パッケージID', sortable: true, width: 300 },
    { field: 'createdAt', headerName: '作成日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 190 },
    { field: 'downloadedAt', headerName: '出力日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 190 },
    { field: 'downloadCount', headerName: '出力回数', type: 'rightAligned', width: 100 },
  ];

  constructor() {
    this.api.publicKey().then((k) => this.publicKey.set(k.keyId), () => this.publicKey.set(null));
  }

  url(row: PackageRow): string {
    return this.api.packageUrl(row.id);
  }

  choose(input: HTMLInputElement): void {
    this.chosen.set(input.files?.[0] ?? null);
    this.error.set(null);
    this.result.set(null);
  }

  ranks(r: ImportResult): string {
    const text = r.qualifications.map((q) => `${q.tradeCode}: ${q.rank ?? '格付なし'}`).join('、');
    return text ? `（${text}）` : '';
  }

  async import(): Promise<void> {
    const file = this.chosen();
    if (!file) return;
    this.busy.set(true);
    this.error.set(null);
    this.result.set(null);
    try {
      let content: unknown;
      try {
        content = JSON.parse(await file.text());
      } catch {
        throw new Error('承認パッケージの形式ではありません（JSONとして読めません）。ポータルから出力したファイルを選択してください。');
      }
      this.result.set(await this.api.importPackage(content));
      this.grid()?.refresh();
    } catch (e) {
      this.error.set(e instanceof Error && !('status' in e) ? e.message : errorMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
