import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../api-error';
import { badgeClass } from '../badge';
import { startDownload } from '../download';
import { isJobActive, JOB_STATUS_TONES, jobDownloadUrl, JobRow, jobStatusLabel } from './job';

/** The server writes progress at most twice a second; once a second is live enough. */
const POLL_MS = 1000;
const RETRY_MS = 3000;

/**
 * Follows one server job (GET /api/jobs/:id) until it ends: progress, the server's message and,
 * when the job produced a file, 「ダウンロード」. The job lives on the server, so the same
 * component picks it up again after a page reload.
 */
@Component({
  selector: 'ky-job-progress',
  imports: [MatProgressBarModule, MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="job" role="group" [attr.aria-label]="'処理状況: ' + (job()?.title ?? '')">
      @if (job(); as j) {
        <div class="head">
          <span class="title">{{ j.title }}</span>
          <span [class]="badge()">{{ statusLabel() }}</span>
          <span class="percent" aria-label="進捗">{{ percent() }}%</span>
        </div>
        <mat-progress-bar
          [mode]="j.status === 'queued' ? 'query' : 'determinate'"
          [value]="percent()"
          [attr.aria-label]="j.title + 'の進捗'"
        />
        @if (j.message) {
          <p class="message" [class.failed]="j.status === 'failed'" role="status">{{ j.message }}</p>
        }
        @if (j.resultFileId && j.status === 'succeeded') {
          <button mat-stroked-button type="button" (click)="download()"><mat-icon>download</mat-icon>ダウンロード</button>
        }
      } @else if (!error()) {
        <p class="message" role="status">処理の状況を確認しています…</p>
      }
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
    </div>
  `,
  styles: `
    .job { border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; padding: 8px 12px; display: flex; flex-direction: column; gap: 6px; background: var(--mat-sys-surface); }
    .head { display: flex; align-items: center; gap: 8px; }
    .title { font-weight: 600; }
    .percent { margin-left: auto; font-variant-numeric: tabular-nums; }
    .message { margin: 0; font-size: 13px; }
    .message.failed { color: var(--mat-sys-error); }
    button { align-self: flex-start; }
  `,
})
export class KyJobProgress {
  private readonly http = inject(HttpClient);

  readonly jobId = input.required<number>();
  /** Emitted once, when the job has succeeded or failed. */
  readonly finished = output<JobRow>();

  readonly job = signal<JobRow | null>(null);
  readonly error = signal<string | null>(null);
  readonly percent = computed(() => Math.max(0, Math.min(100, Math.floor(this.job()?.progress ?? 0))));
  readonly statusLabel = computed(() => jobStatusLabel(this.job()?.status));
  readonly badge = computed(() => {
    const status = this.job()?.status;
    return badgeClass(status ? JOB_STATUS_TONES[status] : 'neutral');
  });

  constructor() {
    // A new job id starts a new poll; the old one stops (also when the component goes away).
    effect((onCleanup) => {
      const id = this.jobId();
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      this.job.set(null);
      this.error.set(null);
      const poll = async () => {
        let delay = POLL_MS;
        try {
          const job = await firstValueFrom(this.http.get<JobRow>(`/api/jobs/${id}`));
          if (stopped) return;
          this.job.set(job);
          this.error.set(null);
          if (!isJobActive(job)) {
            this.finished.emit(job);
            return;
          }
        } catch (err) {
          if (stopped) return;
          this.error.set(errorMessage(err));
          if (err instanceof HttpErrorResponse && (err.status === 404 || err.status === 401 || err.status === 403)) return;
          delay = RETRY_MS; // the server may be restarting: keep asking, a little slower
        }
        timer = setTimeout(() => void poll(), delay);
      };
      void poll();
      onCleanup(() => {
        stopped = true;
        clearTimeout(timer);
      });
    });
  }

  download(): void {
    const job = this.job();
    if (job) startDownload(jobDownloadUrl(job.id), (message) => this.error.set(message));
  }
}
