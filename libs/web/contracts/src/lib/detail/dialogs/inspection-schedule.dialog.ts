import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { InspectionKind } from '@keiyaku/domain';
import { errorMessage, saveForm } from '@keiyaku/web/ui';
import { ContractsApi } from '../../contracts-api.service';
import { applyErrors, fieldMessage } from '../../form/contract-form';
import { conflictMessage, ContractDetail, Inspection, INSPECTION_KIND_OPTIONS, InspectorCandidate, textOrNull } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';

export interface ScheduleDialogData {
  contract: ContractDetail;
  inspection: Inspection | null;
  /** A re-inspection of an inspection whose result was 手直し. */
  reinspectionOf: Inspection | null;
}

/** 検査の予定: kind, date, inspectors (users with the inspector role) and attendees. */
@Component({
  selector: 'ky-contract-inspection-schedule-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.inspection ? '検査の予定の変更' : data.reinspectionOf ? '再検査の予定' : '検査の予定' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        @if (data.reinspectionOf; as r) {
          <p class="note">{{ r.kindLabel ?? '' }}（{{ r.inspectedDate }}・手直し）の再検査です。手直しの期限: {{ r.reworkDeadline ?? '—' }}</p>
        }
        <div class="grid">
          <mat-form-field appearance="outline">
            <mat-label>検査の種類</mat-label>
            <mat-select formControlName="kind">
              @for (o of kinds; track o.value) {
                <mat-option [value]="o.value">{{ o.label }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ msg('kind', '検査の種類') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>検査予定日</mat-label>
            <input matInput type="date" formControlName="scheduledDate" />
            <mat-error>{{ msg('scheduledDate', '検査予定日') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>検査員</mat-label>
            <mat-select formControlName="inspectorIds" multiple>
              @for (u of candidates(); track u.id) {
                <mat-option [value]="u.id">{{ u.name }}{{ u.departmentName ? '（' + u.departmentName + '）' : '' }}</mat-option>
              }
            </mat-select>
            @if (!candidates().length && !loadError()) {
              <mat-hint>検査員の役割を持つユーザーがいません（管理 → ユーザー）。</mat-hint>
            }
            <mat-error>{{ msg('inspectorIds', '検査員') || '検査員を1人以上選んでください。' }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>立会者</mat-label>
            <input matInput formControlName="attendees" autocomplete="off" placeholder="現場代理人 〇〇、監督員 〇〇" />
            <mat-error>{{ msg('attendees') }}</mat-error>
          </mat-form-field>
        </div>
        @if (loadError()) {
          <p class="ky-error" role="alert">検査員の候補を読み込めませんでした。{{ loadError() }}</p>
        }
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">保存</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: [FORM_GRID_STYLES, '.note { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin: 0 0 12px; } .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }'],
})
export class InspectionScheduleDialog implements OnInit {
  private readonly api = inject(ContractsApi);
  private readonly ref = inject<MatDialogRef<InspectionScheduleDialog, ContractDetail>>(MatDialogRef);
  readonly data = inject<ScheduleDialogData>(MAT_DIALOG_DATA);
  readonly kinds = INSPECTION_KIND_OPTIONS;
  private readonly fb = inject(NonNullableFormBuilder);
  private version = this.data.inspection?.version ?? 0;

  readonly form = this.fb.group({
    kind: this.fb.control<InspectionKind>(this.data.contract.status === 'completed' ? 'completion' : 'interim', Validators.required),
    scheduledDate: ['', Validators.required],
    inspectorIds: new FormControl<number[]>([], { nonNullable: true, validators: Validators.required }),
    attendees: ['', Validators.maxLength(600)],
  });
  readonly candidates = signal<InspectorCandidate[]>([]);
  readonly loadError = signal<string | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    const x = this.data.inspection ?? this.data.reinspectionOf;
    if (x) this.form.reset({ kind: x.kind, scheduledDate: this.data.inspection?.scheduledDate ?? '', inspectorIds: [...x.inspectorIds], attendees: x.attendees ?? '' });
    if (this.data.inspection || this.data.reinspectionOf) this.form.controls.kind.disable();
    try {
      this.candidates.set(await this.api.inspectorCandidates());
    } catch (err) {
      this.loadError.set(errorMessage(err));
    }
  }

  msg(field: keyof typeof this.form.controls, label = ''): string {
    return fieldMessage(this.form.controls[field], label);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const v = this.form.getRawValue();
    const body = { scheduledDate: v.scheduledDate, inspectorIds: v.inspectorIds, attendees: textOrNull(v.attendees) };
    const { contract, inspection, reinspectionOf } = this.data;
    const saved = await saveForm<ContractDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: async () => {
        try {
          return inspection
            ? await this.api.savePart(contract.id, 'inspections', inspection.id, { ...body, version: this.version })
            : await this.api.savePart(contract.id, 'inspections', null, { ...body, kind: v.kind, version: contract.version, ...(reinspectionOf ? { reinspectionOf: reinspectionOf.id } : {}) });
        } catch (err) {
          // `inspectorIds.1` names the second inspector: shown on the inspectors' list.
          applyErrors(this.form, err, { inspectorIds: 'inspectorIds' });
          throw err;
        }
      },
      onConflict: (message) => this.reload(message),
    });
    if (saved) this.ref.close(saved);
  }

  private async reload(message: string): Promise<void> {
    try {
      const latest = await this.api.get(this.data.contract.id);
      this.data.contract = latest;
      const id = this.data.inspection?.id;
      const x = id ? latest.inspections.find((i) => i.id === id) : null;
      if (x) {
        this.version = x.version;
        this.form.patchValue({ scheduledDate: x.scheduledDate, inspectorIds: [...x.inspectorIds], attendees: x.attendees ?? '' });
      }
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
