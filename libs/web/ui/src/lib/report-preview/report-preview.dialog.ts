import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, OnInit, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import { firstValueFrom } from 'rxjs';
import { blobErrorMessage } from '../api-error';
import { filenameFromDisposition, saveBlob, startDownload, urlWithParams } from '../download';
import { ReportInfo, ReportParams } from './report-info';

export interface ReportPreviewData {
  name: string;
  title: string;
  params: ReportParams;
  /** What GET /api/reports says about the report (null: unknown, so no Excel button). */
  info: Promise<ReportInfo | null>;
}

/**
 * Shows a server-rendered report as the PDF it will be, before anything is saved or printed:
 * the PDF is fetched once, shown from a blob: URL in the browser's own viewer, and the same
 * bytes are what 「PDF保存」 saves and 「印刷」 prints.
 */
@Component({
  selector: 'ky-report-preview',
  imports: [MatDialogModule, MatButtonModule, MatIconModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title class="title">
      <mat-icon>picture_as_pdf</mat-icon>
      <span>{{ data.title }}（プレビュー）</span>
    </h2>
    <div class="viewer">
      @if (loading()) {
        <div class="state" role="status">
          <mat-spinner diameter="36" />
          <span>帳票を作成しています…</span>
        </div>
      } @else if (error(); as message) {
        <div class="state error" role="alert">
          <mat-icon>error_outline</mat-icon>
          <p>帳票を作成できませんでした。</p>
          <p>{{ message }}</p>
          <button mat-stroked-button type="button" (click)="load()"><mat-icon>refresh</mat-icon>再試行</button>
        </div>
      } @else if (frameUrl(); as url) {
        <iframe #frame class="frame" [src]="url" [title]="data.title + 'のプレビュー'"></iframe>
      }
    </div>
    @if (notice(); as n) {
      <p class="notice" [class.ky-error]="n.error" role="status">{{ n.text }}</p>
    }
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" [disabled]="!pdf()" (click)="savePdf()"><mat-icon>save_alt</mat-icon>PDF保存</button>
      @if (hasXlsx()) {
        <button mat-stroked-button type="button" [disabled]="loading()" (click)="exportXlsx()"><mat-icon>table_view</mat-icon>Excel出力</button>
      }
      <button mat-stroked-button type="button" [disabled]="!pdf()" (click)="print()"><mat-icon>print</mat-icon>印刷</button>
      <button mat-button type="button" mat-dialog-close>閉じる</button>
    </mat-dialog-actions>
  `,
  styles: `
    :host { display: flex; flex-direction: column; height: 100%; }
    .title { display: flex; align-items: center; gap: 8px; }
    .viewer { flex: 1; min-height: 0; margin: 0 24px; border: 1px solid var(--mat-sys-outline-variant); background: #525659; display: flex; }
    .frame { flex: 1; border: 0; width: 100%; height: 100%; background: #fff; }
    .state { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 12px; background: var(--mat-sys-surface-container-low); color: var(--mat-sys-on-surface); }
    .state p { margin: 0; max-width: 640px; text-align: center; }
    .state.error mat-icon { color: var(--mat-sys-error); font-size: 36px; width: 36px; height: 36px; }
    .notice { margin: 8px 24px 0; font-size: 13px; }
  `,
})
export class KyReportPreview implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly sanitizer = inject(DomSanitizer);
  readonly data = inject<ReportPreviewData>(MAT_DIALOG_DATA);
  private readonly frame = viewChild<ElementRef<HTMLIFrameElement>>('frame');

  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly pdf = signal<{ blob: Blob; filename: string } | null>(null);
  readonly info = signal<ReportInfo | null>(null);
  readonly notice = signal<{ text: string; error: boolean } | null>(null);
  readonly hasXlsx = computed(() => this.info()?.formats.includes('xlsx') ?? false);

  private objectUrl: string | null = null;
  readonly frameUrl = signal<SafeResourceUrl | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.releaseUrl());
  }

  ngOnInit(): void {
    void this.data.info.then((info) => this.info.set(info));
    void this.load();
  }

  private url(format: 'pdf' | 'xlsx', extra: Record<string, string> = {}): string {
    return urlWithParams(`/api/reports/${encodeURIComponent(this.data.name)}`, { ...this.data.params, format, ...extra });
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.notice.set(null);
    this.pdf.set(null);
    this.releaseUrl();
    try {
      const res = await firstValueFrom(this.http.get(this.url('pdf'), { observe: 'response', responseType: 'blob' }));
      const blob = res.body ?? new Blob([], { type: 'application/pdf' });
      const filename = filenameFromDisposition(res.headers.get('Content-Disposition'), `${this.data.title}.pdf`);
      this.pdf.set({ blob, filename });
      // The browser's PDF viewer needs the type on the blob to render rather than download it.
      const typed = blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' });
      this.objectUrl = URL.createObjectURL(typed);
      this.frameUrl.set(this.sanitizer.bypassSecurityTrustResourceUrl(this.objectUrl));
    } catch (err) {
      this.error.set(await blobErrorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  /** The bytes already previewed: no second rendering, so what is saved is what was seen. */
  savePdf(): void {
    const pdf = this.pdf();
    if (!pdf) return;
    saveBlob(pdf.blob, pdf.filename);
    this.notice.set({ text: `「${pdf.filename}」を保存しました。`, error: false });
  }

  exportXlsx(): void {
    this.notice.set({ text: 'Excelファイルを作成しています。ダウンロードが始まるまでお待ちください。', error: false });
    startDownload(this.url('xlsx'), (message) => this.notice.set({ text: message, error: true }));
  }

  print(): void {
    const win = this.frame()?.nativeElement.contentWindow;
    if (!win) return;
    try {
      win.focus();
      win.print();
    } catch {
      this.notice.set({ text: '印刷を開始できませんでした。「PDF保存」で保存してから印刷してください。', error: true });
    }
  }

  private releaseUrl(): void {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    this.frameUrl.set(null);
  }
}
