import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { badgeClass, JapaneseDatePipe, ReportPreviewService } from '@keiyaku/web/ui';
import { ContractDetail, Inspection, INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS, label, RESULT_TONES } from '../../models';
import { TABLE_STYLES } from '../../styles';
import { ApprovalBarComponent } from '../approval-bar.component';
import { ApprovalTarget, ContractContext } from '../contract-context';
import { InspectionResultDialog, ResultDialogData } from '../dialogs/inspection-result.dialog';
import { InspectionScheduleDialog, ScheduleDialogData } from '../dialogs/inspection-schedule.dialog';

const LIVE = ['concluded', 'inProgress', 'completed', 'inspected'];

/** 検査: schedule (with inspectors), record the result, submit it for 決裁; 検査調書・検査結果通知書. */
@Component({
  selector: 'ky-contract-inspections-tab',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, JapaneseDatePipe, ApprovalBarComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ctx.contract(); as c) {
      <div class="tab-toolbar">
        <h2>検査</h2>
        <span class="spacer"></span>
        @if ((ctx.canWrite() || ctx.canInspect()) && live()) {
          <button mat-stroked-button type="button" (click)="schedule(null, null)"><mat-icon>event</mat-icon>検査を予定</button>
        }
      </div>
      @if (c.status !== 'completed' && c.status !== 'inspected' && c.status !== 'paid' && live()) {
        <p class="note">完成検査は「完成」にした後に予定できます。中間検査・既済部分検査は施工中にも予定できます。</p>
      }
      @if (c.inspections.length) {
        <table class="ky-table" aria-label="検査">
          <thead>
            <tr><th>種類</th><th>検査予定日</th><th>検査員</th><th>立会者</th><th>検査日</th><th>結果</th><th>手直しの期限</th><th class="actions"></th></tr>
          </thead>
          <tbody>
            @for (x of c.inspections; track x.id) {
              <tr [attr.data-inspection]="x.id">
                <td>{{ kindLabel(x.kind) }}{{ x.reinspectionOf ? '（再検査）' : '' }}</td>
                <td>{{ x.scheduledDate | japaneseDate }}</td>
                <td>{{ x.inspectorNames.join('、') }}</td>
                <td>{{ x.attendees ?? '' }}</td>
                <td>{{ x.inspectedDate | japaneseDate }}</td>
                <td>
                  @if (x.result) {
                    <span [class]="resultBadge(x)">{{ resultLabel(x.result) }}</span>
                  } @else {
                    未実施
                  }
                </td>
                <td>{{ x.reworkDeadline | japaneseDate }}</td>
                <td class="actions">
                  @if (ctx.canInspect() && editable(x)) {
                    @if (!x.result) {
                      <button mat-button type="button" [attr.aria-label]="kindLabel(x.kind) + 'の予定を変更'" (click)="schedule(x, null)"><mat-icon>edit_calendar</mat-icon>予定を変更</button>
                    }
                    <button mat-button type="button" [attr.aria-label]="kindLabel(x.kind) + 'の結果を入力'" (click)="record(x)"><mat-icon>fact_check</mat-icon>結果を入力</button>
                  }
                  @if ((ctx.canWrite() || ctx.canInspect()) && canReinspect(x)) {
                    <button mat-button type="button" (click)="schedule(null, x)"><mat-icon>replay</mat-icon>再検査を予定</button>
                  }
                  @if (ctx.canPrint() && x.result) {
                    <button mat-button type="button" [attr.aria-label]="kindLabel(x.kind) + 'の検査調書'" (click)="print(x, 'inspection-record')"><mat-icon>print</mat-icon>検査調書</button>
                  }
                  @if (ctx.canPrint() && x.approvalStatus === 'approved') {
                    <button mat-button type="button" [attr.aria-label]="kindLabel(x.kind) + 'の検査結果通知書'" (click)="print(x, 'inspection-notice')"><mat-icon>mail</mat-icon>検査結果通知書</button>
                  }
                </td>
              </tr>
              @if (x.remarks) {
                <tr class="sub"><td colspan="8">所見: {{ x.remarks }}</td></tr>
              }
              @if (x.result || x.approvals.length) {
                <tr class="sub">
                  <td colspan="8"><ky-approval-bar [target]="target(x)" [allowSubmit]="!!x.result && !!x.inspectedDate" /></td>
                </tr>
              }
            }
          </tbody>
        </table>
      } @else {
        <p class="empty">{{ c.status === 'draft' ? '検査は締結後に予定できます。' : '検査は予定されていません。' }}</p>
      }
    }
  `,
  styles: [TABLE_STYLES, '.ky-table tr.sub td { padding-left: 32px; background: #fafbfd; }'],
})
export class InspectionsTab {
  readonly ctx = inject(ContractContext);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly preview = inject(ReportPreviewService);

  readonly live = computed(() => LIVE.includes(this.ctx.contract()?.status ?? ''));

  target(x: Inspection): ApprovalTarget {
    return { subject: 'inspection', subjectId: x.id, version: x.version, status: x.approvalStatus, approvals: x.approvals ?? [], name: `${this.kindLabel(x.kind)}の結果` };
  }

  editable(x: Inspection): boolean {
    return x.approvalStatus !== 'approved' && x.approvalStatus !== 'pending';
  }

  /** 手直し: a re-inspection once none has been scheduled for it yet. */
  canReinspect(x: Inspection): boolean {
    const c = this.ctx.contract();
    return !!c && x.result === 'rework' && x.approvalStatus === 'approved' && this.live() && !c.inspections.some((i) => i.reinspectionOf === x.id);
  }

  kindLabel(kind: string): string {
    return label(INSPECTION_KIND_LABELS, kind);
  }

  resultLabel(result: string): string {
    return label(INSPECTION_RESULT_LABELS, result);
  }

  resultBadge(x: Inspection): string {
    return badgeClass(x.result ? RESULT_TONES[x.result] : 'neutral');
  }

  schedule(inspection: Inspection | null, reinspectionOf: Inspection | null): void {
    const contract = this.ctx.contract();
    if (!contract) return;
    const data: ScheduleDialogData = { contract, inspection, reinspectionOf };
    this.dialog
      .open(InspectionScheduleDialog, { data, width: '680px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: ContractDetail | undefined) => {
        if (!saved) return;
        this.ctx.set(saved);
        this.snack.open(inspection ? '検査の予定を変更しました。' : '検査を予定しました。', '閉じる', { duration: 4000 });
      });
  }

  record(inspection: Inspection): void {
    const contract = this.ctx.contract();
    if (!contract) return;
    const data: ResultDialogData = { contract, inspection };
    this.dialog
      .open(InspectionResultDialog, { data, width: '680px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved: ContractDetail | undefined) => {
        if (!saved) return;
        this.ctx.set(saved);
        this.snack.open('検査結果を保存しました。起案して決裁を受けてください。', '閉じる', { duration: 5000 });
      });
  }

  print(x: Inspection, report: 'inspection-record' | 'inspection-notice'): void {
    this.preview.open(report, report === 'inspection-record' ? '検査調書' : '検査結果通知書', { inspectionId: x.id });
  }
}
