import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { badgeCell, BadgeTone, KyDataGrid } from '@keiyaku/web/ui';
import { ImportTabs } from '../import-tabs.component';
import { fileContentUrl, IMPORT_MODE_LABELS, IMPORT_STATUS_LABELS, ImportRunRow, ImportRunStatus } from '../imports-api.service';

const TONES: Record<ImportRunStatus, BadgeTone> = { succeeded: 'ok', rejected: 'warn', failed: 'error' };

/** 取込履歴: every dry run and commit (who, when, which file and its SHA-256, the counts). */
@Component({
  selector: 'ky-import-history-page',
  imports: [KyDataGrid, MatIconModule, ImportTabs],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">データ取込</h1>
      <ky-import-tabs />
      <ky-data-grid endpoint="/api/imports/runs" gridId="imports.runs" searchPlaceholder="ファイル名・SHA-256で検索" [columnDefs]="columns" (rowClicked)="selected.set($event)">
        <div kyGridActions class="actions">
          @if (selected()?.errorFileId; as fileId) {
            <a class="link" [href]="errorFileUrl(fileId)" download><mat-icon>download</mat-icon>エラー行のファイル</a>
          }
        </div>
      </ky-data-grid>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .actions { display: flex; gap: 8px; align-items: center; }
    .link { display: inline-flex; align-items: center; gap: 4px; }
  `,
})
export class ImportHistoryPage {
  readonly selected = signal<ImportRunRow | null>(null);

  readonly columns: ColDef<ImportRunRow>[] = [
    { field: 'startedAt', headerName: '日時', sortable: true, sort: 'desc', filter: 'agDateColumnFilter', width: 180, valueFormatter: (p) => formatJapaneseDateTime(p.value) },
    { field: 'kind', headerName: '種類', sortable: true, width: 240, valueGetter: (p) => p.data?.kindLabel ?? '', tooltipValueGetter: (p) => p.data?.kindLabel ?? '' },
    { field: 'fileName', headerName: 'ファイル名', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 200, tooltipField: 'fileName' },
    { field: 'loginId', headerName: '実行者', sortable: true, filter: 'agTextColumnFilter', width: 120 },
    { field: 'mode', headerName: '実行方法', sortable: true, width: 160, valueGetter: (p) => (p.data ? IMPORT_MODE_LABELS[p.data.mode] ?? p.data.mode : '') },
    {
      colId: 'counts',
      headerName: '件数',
      width: 260,
      context: { export: false },
      valueGetter: (p) => (p.data ? `読込 ${p.data.rowsRead} / 追加 ${p.data.rowsCreated} / 更新 ${p.data.rowsUpdated} / 誤り ${p.data.rowsRejected}` : ''),
    },
    {
      field: 'status',
      headerName: '状態',
      sortable: true,
      width: 110,
      cellRenderer: (p: { data?: ImportRunRow }) => (p.data ? badgeCell(IMPORT_STATUS_LABELS[p.data.status] ?? p.data.status, TONES[p.data.status] ?? 'neutral') : ''),
    },
    { field: 'fileSha256', headerName: 'SHA-256', width: 120, valueFormatter: (p) => (p.value ? String(p.value).slice(0, 12) : ''), tooltipField: 'fileSha256' },
  ];

  errorFileUrl(id: number): string {
    return fileContentUrl(id);
  }
}
