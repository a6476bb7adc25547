import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { ReportInfo, ReportParams } from './report-info';
import { KyReportPreview, ReportPreviewData } from './report-preview.dialog';

/**
 * The one way a screen prints: every report opens in the preview first, and is saved, exported
 * to Excel or printed from there.
 */
@Injectable({ providedIn: 'root' })
export class ReportPreviewService {
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialog);

  /** Opens `GET /api/reports/<name>?format=pdf&…params` in the preview dialog. */
  open(name: string, title: string, params: ReportParams = {}): MatDialogRef<KyReportPreview> {
    const data: ReportPreviewData = { name, title, params, info: this.info(name) };
    return this.dialog.open(KyReportPreview, {
      data,
      width: '1100px',
      maxWidth: '96vw',
      height: '92vh',
      autoFocus: 'dialog',
      ariaLabel: `${title}のプレビュー`,
    });
  }

  /** The reports the signed-in user may output (asked each time: another user may sign in without a reload). */
  reports(): Promise<ReportInfo[]> {
    return firstValueFrom(this.http.get<ReportInfo[]>('/api/reports'));
  }

  private async info(name: string): Promise<ReportInfo | null> {
    try {
      return (await this.reports()).find((r) => r.name === name) ?? null;
    } catch {
      return null;
    }
  }
}
