import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { ImportKind } from '@keiyaku/domain';
import { confirmDialog, errorMessage, JobRow, KyJobProgress } from '@keiyaku/web/ui';
import { ImportTabs } from '../import-tabs.component';
import { fileContentUrl, ImportCommitMode, ImportEncoding, ImportKindInfo, ImportProfileRow, ImportReport, ImportsApi, UploadedFile } from '../imports-api.service';
import { ProblemsGrid } from './problems-grid.component';
import { ReportCounts } from './report-counts.component';

const ENCODINGS: Array<{ value: ImportEncoding; label: string }> = [
  { value: 'auto', label: '自動判定' },
  { value: 'utf8', label: 'UTF-8' },
  { value: 'cp932', label: 'Shift_JIS' },
];

/**
 * 取込: choose the kind, the profile and the encoding, upload a CSV, check it (ドライラン: every
 * row error with its line number), then commit it as a job, all or nothing or the good rows only.
 */
@Component({
  selector: 'ky-import-run-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressBarModule, MatRadioModule, MatSelectModule, ImportTabs, KyJobProgress, ProblemsGrid, ReportCounts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">データ取込</h1>
      <ky-import-tabs />
      <p class="lead">他のシステムから出力したCSVファイルを取り込みます。まず「確認（ドライラン）」で内容を確認し、エラーがないことを確かめてから取り込んでください。</p>

      <div class="form">
        <mat-form-field appearance="outline" class="kind">
          <mat-label>取込の種類</mat-label>
          <mat-select [value]="kind()" (selectionChange)="chooseKind($event.value)" [disabled]="committing()">
            @for (k of kinds(); track k.kind) {
              <mat-option [value]="k.kind">{{ k.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" class="profile">
          <mat-label>取込定義</mat-label>
          <mat-select [value]="profileId()" (selectionChange)="chooseProfile($event.value)" [disabled]="committing() || !profiles().length">
            @for (p of profiles(); track p.id) {
              <mat-option [value]="p.id">{{ p.name }}{{ p.shipped ? '' : '（' + p.code + '）' }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" class="encoding">
          <mat-label>文字コード</mat-label>
          <mat-select [value]="encoding()" (selectionChange)="chooseEncoding($event.value)" [disabled]="committing()">
            @for (e of encodings; track e.value) {
              <mat-option [value]="e.value">{{ e.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>

      @if (kindInfo(); as k) {
        <p class="headers">
          列見出し: @for (h of k.headers; track h.header) {<span class="header" [class.required]="h.required">{{ h.header }}{{ h.required ? '（必須）' : '' }}</span>}
        </p>
      }

      <div class="file-row">
        <input #fileInput class="file-input" type="file" accept=".csv,.txt" aria-label="取込ファイル" [disabled]="committing()" (change)="chooseFile(fileInput.files?.[0] ?? null)" />
        <button mat-stroked-button type="button" [disabled]="committing()" (click)="fileInput.value = ''; fileInput.click()"><mat-icon>upload_file</mat-icon>ファイルを選択</button>
        <span class="file-name" aria-live="polite">{{ file()?.name ?? 'ファイルが選択されていません' }}</span>
        <button mat-flat-button type="button" [disabled]="!file() || !kind() || busy() || committing()" (click)="dryRun()">
          <mat-icon>fact_check</mat-icon>確認（ドライラン）
        </button>
      </div>
      @if (busy()) {
        <mat-progress-bar mode="indeterminate" aria-label="確認中" />
      }
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }

      @if (report(); as r) {
        <section class="report" aria-labelledby="report-title">
          <h2 id="report-title">確認結果（{{ file()?.name }}）</h2>
          <p role="status" [class.bad]="r.errors.length > 0">{{ r.message }}</p>
          <ky-report-counts [report]="r" label="確認結果の件数" />
          @if (r.errors.length) {
            <h3>エラー（{{ r.errors.length }}件）</h3>
            <ky-problems-grid [rows]="r.errors" label="エラーの一覧" />
          }
          @if (r.warnings.length) {
            <h3>警告（{{ r.warnings.length }}件）</h3>
            <ky-problems-grid [rows]="r.warnings" label="警告の一覧" />
          }

          @if (!jobId()) {
            <div class="commit">
              <mat-radio-group aria-label="取込の方法" [value]="mode()" (change)="mode.set($event.value)">
                <mat-radio-button value="allOrNothing">すべて取り込むか、すべて取り込まない</mat-radio-button>
                <mat-radio-button value="goodRows">正しい行だけ取り込む</mat-radio-button>
              </mat-radio-group>
              @if (mode() === 'allOrNothing' && r.counts.rejected > 0) {
                <p class="hint">エラーのある行があるため、すべてを取り込むことはできません。ファイルを直して確認し直すか、「正しい行だけ取り込む」を選んでください。</p>
              }
              <button mat-flat-button type="button" [disabled]="!canCommit()" (click)="commit()"><mat-icon>input</mat-icon>取り込む</button>
            </div>
          }
        </section>
      }

      @if (jobId(); as id) {
        <section class="result" aria-labelledby="result-title">
          <h2 id="result-title">取込の状況</h2>
          <ky-job-progress [jobId]="id" (finished)="finished($event)" />
          @if (result(); as res) {
            <h3>取込結果</h3>
            <p role="status" [class.bad]="res.status !== 'succeeded'">{{ res.message }}</p>
            <ky-report-counts [report]="res" label="取込結果の件数" />
            @if (res.errorFileId) {
              <a mat-stroked-button class="error-file" [href]="errorFileUrl(res.errorFileId)" download><mat-icon>download</mat-icon>エラー行のファイル</a>
            }
            @if (res.errors.length) {
              <ky-problems-grid [rows]="res.errors" label="取込結果のエラーの一覧" />
            }
          }
          @if (jobDone()) {
            <button mat-button type="button" (click)="startOver()"><mat-icon>restart_alt</mat-icon>別のファイルを取り込む</button>
          }
        </section>
      }
    </section>
  `,
  styles: `
    .page { max-width: 1200px; display: flex; flex-direction: column; gap: 8px; }
    .lead { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .form { display: flex; flex-wrap: wrap; gap: 12px; }
    .kind, .profile { width: 360px; max-width: 100%; }
    .encoding { width: 160px; }
    .headers { margin: 0; font-size: 13px; color: var(--mat-sys-on-surface-variant); display: flex; flex-wrap: wrap; gap: 4px 10px; }
    .header.required { font-weight: 600; }
    .file-row { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .file-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
    .file-name { min-width: 200px; }
    .report, .result { display: flex; flex-direction: column; gap: 8px; border-top: 1px solid var(--mat-sys-outline-variant); padding-top: 8px; }
    h2 { margin: 0; font-size: 18px; }
    h3 { margin: 8px 0 0; font-size: 15px; }
    p { margin: 0; }
    .bad { color: var(--mat-sys-error); }
    .commit { display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
    mat-radio-group { display: flex; flex-wrap: wrap; gap: 8px 24px; }
    .hint { font-size: 13px; color: #b45f06; }
    .error-file { align-self: flex-start; }
  `,
})
export class ImportRunPage {
  private readonly api = inject(ImportsApi);
  private readonly dialog = inject(MatDialog);

  readonly encodings = ENCODINGS;
  readonly kinds = signal<ImportKindInfo[]>([]);
  readonly kind = signal<ImportKind | null>(null);
  readonly profiles = signal<ImportProfileRow[]>([]);
  readonly profileId = signal<number | null>(null);
  readonly encoding = signal<ImportEncoding>('auto');
  readonly file = signal<File | null>(null);
  readonly mode = signal<ImportCommitMode>('allOrNothing');
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly report = signal<ImportReport | null>(null);
  readonly jobId = signal<number | null>(null);
  readonly jobDone = signal(false);
  readonly result = signal<ImportReport | null>(null);

  /** The upload of the chosen file (uploaded once, at its first dry run). */
  private uploaded: { file: File; stored: UploadedFile } | null = null;

  readonly kindInfo = computed(() => this.kinds().find((k) => k.kind === this.kind()) ?? null);
  readonly committing = computed(() => this.jobId() !== null && !this.jobDone());
  readonly canCommit = computed(() => {
    const r = this.report();
    if (!r || this.busy() || this.jobId() !== null) return false;
    const good = r.counts.read - r.counts.rejected;
    return this.mode() === 'allOrNothing' ? r.counts.rejected === 0 && r.counts.read > 0 : good > 0;
  });

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const kinds = await this.api.kinds();
      this.kinds.set(kinds);
      if (kinds.length) await this.chooseKind(kinds[0].kind);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async chooseKind(kind: ImportKind): Promise<void> {
    this.kind.set(kind);
    this.profiles.set([]);
    this.profileId.set(null);
    this.clearReport();
    try {
      const profiles = await this.api.profiles(kind);
      if (this.kind() !== kind) return;
      // The shipped default first, then the copies.
      const sorted = [...profiles].sort((a, b) => Number(b.shipped) - Number(a.shipped) || a.id - b.id);
      this.profiles.set(sorted);
      this.profileId.set(sorted[0]?.id ?? null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  chooseProfile(id: number): void {
    this.profileId.set(id);
    this.clearReport();
  }

  chooseEncoding(encoding: ImportEncoding): void {
    this.encoding.set(encoding);
    this.clearReport();
  }

  chooseFile(file: File | null): void {
    if (!file) return;
    this.file.set(file);
    this.clearReport();
  }

  async dryRun(): Promise<void> {
    const file = this.file();
    const kind = this.kind();
    if (!file || !kind) return;
    this.busy.set(true);
    this.clearReport();
    try {
      const stored = await this.upload(file);
      this.report.set(await this.api.dryRun({ fileId: stored.id, kind, profileId: this.profileId(), encoding: this.encoding() }));
      this.mode.set('allOrNothing');
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  async commit(): Promise<void> {
    const report = this.report();
    const kind = this.kind();
    if (!report || !kind || !this.uploaded || !this.canCommit()) return;
    const mode = this.mode();
    const count = mode === 'goodRows' ? report.counts.read - report.counts.rejected : report.counts.read;
    const ok = await confirmDialog(this.dialog, {
      title: '取込の確認',
      message: `「${this.uploaded.file.name}」の${count.toLocaleString('ja-JP')}行を${this.kindInfo()?.label ?? ''}として取り込みます。よろしいですか？`,
      ok: '取り込む',
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const job = await this.api.commit({ fileId: this.uploaded.stored.id, kind, profileId: this.profileId(), encoding: this.encoding(), mode });
      this.jobDone.set(false);
      this.result.set(null);
      this.jobId.set(job.id);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  finished(job: JobRow): void {
    this.jobDone.set(true);
    const result = job.result as ImportReport | null;
    if (result && typeof result === 'object' && 'counts' in result) this.result.set(result);
  }

  startOver(): void {
    this.file.set(null);
    this.uploaded = null;
    this.clearReport();
  }

  errorFileUrl(id: number): string {
    return fileContentUrl(id);
  }

  private clearReport(): void {
    if (this.committing()) return;
    this.report.set(null);
    this.error.set(null);
    this.jobId.set(null);
    this.jobDone.set(false);
    this.result.set(null);
  }

  private async upload(file: File): Promise<UploadedFile> {
    if (this.uploaded?.file === file) return this.uploaded.stored;
    const stored = await this.api.upload(file);
    this.uploaded = { file, stored };
    return stored;
  }
}
