import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { InspectionResult, todayInJapan } from '@keiyaku/domain';
import { errorMessage, saveForm } from '@keiyaku/web/ui';
import { ContractsApi } from '../../contracts-api.service';
import { fieldMessage } from '../../form/contract-form';
import { conflictMessage, ContractDetail, Inspection, INSPECTION_RESULT_OPTIONS, label, INSPECTION_KIND_LABELS, textOrNull } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';

export interface ResultDialogData {
  contract: ContractDetail;
  inspection: Inspection;
}

/** 検査結果の入力: the day held, 合格・手直し・不合格, the rework deadline and the remarks. */
@Component({
  selector: 'ky-contract-inspection-result-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>検査結果の入力</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <p class="note">{{ kindLabel }}（予定日 {{ data.inspection.scheduledDate }}・検査員 {{ data.inspection.inspectorNames.join('、') }}）</p>
        <div class="grid">
          <mat-form-field appearance="outline">
            <mat-label>検査日</mat-label>
            <input matInput type="date" formControlName="inspectedDate" />
            <mat-error>{{ msg('inspectedDate', '検査日') }}</mat-error>
          </mat-form-field>
          <div class="choice">
            <span class="choice-label" id="result-label">検査結果</span>
            <mat-radio-group formControlName="result" aria-labelledby="result-label">
              @for (o of results; track o.value) {
                <mat-radio-button [value]="o.value">{{ o.label }}</mat-radio-button>
              }
            </mat-radio-group>
          </div>
          @if (form.controls.result.touched && form.controls.result.invalid) {
            <p class="ky-error w4" role="alert">{{ msg('result') || '検査結果を選んでください。' }}</p>
          }
          @if (result() === 'rework') {
            <mat-form-field appearance="outline">
              <mat-label>手直しの期限</mat-label>
              <input matInput type="date" formControlName="reworkDeadline" />
              <mat-error>{{ msg('reworkDeadline', '手直しの期限') }}</mat-error>
            </mat-form-field>
            <div></div>
          }
          <mat-form-field appearance="outline" class="w4">
            <mat-label>所見</mat-label>
            <textarea matInput formControlName="remarks" rows="4"></textarea>
            <mat-error>{{ msg('remarks') }}</mat-error>
          </mat-form-field>
        </div>
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
  styles: [FORM_GRID_STYLES, '.note { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin: 0 0 12px; } .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } mat-radio-group { display: flex; gap: 8px; }'],
})
export class InspectionResultDialog implements OnInit {
  private readonly api = inject(ContractsApi);
  private readonly ref = inject<MatDialogRef<InspectionResultDialog, ContractDetail>>(MatDialogRef);
  readonly data = inject<ResultDialogData>(MAT_DIALOG_DATA);
  readonly results = INSPECTION_RESULT_OPTIONS;
  readonly kindLabel = label(INSPECTION_KIND_LABELS, this.data.inspection.kind);
  private readonly fb = inject(NonNullableFormBuilder);
  private version = this.data.inspection.version;

  readonly form = this.fb.group({
    inspectedDate: [todayInJapan(), Validators.required],
    result: new FormControl<InspectionResult | null>(null, Validators.required),
    reworkDeadline: [''],
    remarks: ['', Validators.maxLength(2000)],
  });
  readonly result = toSignal(this.form.controls.result.valueChanges, { initialValue: this.form.controls.result.value });
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.fill(this.data.inspection);
  }

  private fill(x: Inspection): void {
    this.form.reset({ inspectedDate: x.inspectedDate ?? (x.scheduledDate <= todayInJapan() ? x.scheduledDate : todayInJapan()), result: x.result, reworkDeadline: x.reworkDeadline ?? '', remarks: x.remarks ?? '' });
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
    const body = {
      inspectedDate: v.inspectedDate,
      result: v.result,
      reworkDeadline: v.result === 'rework' ? v.reworkDeadline || null : null,
      remarks: textOrNull(v.remarks),
      version: this.version,
    };
    const { contract, inspection } = this.data;
    const saved = await saveForm<ContractDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: () => this.api.savePart(contract.id, 'inspections', inspection.id, body),
      onConflict: (message) => this.reload(message),
    });
    if (saved) this.ref.close(saved);
  }

  private async reload(message: string): Promise<void> {
    try {
      const latest = await this.api.get(this.data.contract.id);
      this.data.contract = latest;
      const x = latest.inspections.find((i) => i.id === this.data.inspection.id);
      if (x) {
        this.version = x.version;
        this.fill(x);
      }
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
