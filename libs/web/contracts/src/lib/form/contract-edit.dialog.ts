import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { TENDER_METHODS } from '@keiyaku/domain';
import { errorMessage, saveForm } from '@keiyaku/web/ui';
import { ContractsApi } from '../contracts-api.service';
import { conflictMessage, ContractDetail, Department, TENDER_METHOD_LABELS } from '../models';
import { ContractFieldsComponent } from './contract-fields.component';
import { changedFields, contractBody, fillContract, FROZEN_FIELDS, buildContractForm } from './contract-form';

export interface ContractEditData {
  contract: ContractDetail;
  departments: Department[];
}

/** 概要の編集: sends only the changed fields with the version it was opened at. */
@Component({
  selector: 'ky-contract-edit-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, ContractFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>概要の編集</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        @if (frozen) {
          <p class="note">締結後の契約金額・工期・相手方などは「変更」タブの変更契約で変更します。</p>
        } @else if (contract.approvalStatus === 'pending' || contract.approvalStatus === 'approved') {
          <p class="note">決裁待ち・決裁済の契約案を変更すると、起案中に戻ります（もう一度起案してください）。</p>
        }
        <ky-contract-fields [form]="form" [departments]="data.departments" [methods]="methods" [vendorLabel]="vendorLabel" />
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
  styles: '.note { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin: 0 0 12px; }',
})
export class ContractEditDialog implements OnInit {
  private readonly api = inject(ContractsApi);
  private readonly ref = inject<MatDialogRef<ContractEditDialog, ContractDetail>>(MatDialogRef);
  readonly data = inject<ContractEditData>(MAT_DIALOG_DATA);
  contract = this.data.contract;
  readonly frozen = this.contract.status !== 'draft';
  readonly vendorLabel = `${this.contract.vendorCode ?? ''} ${this.contract.vendorName ?? ''}`.trim();
  readonly methods = TENDER_METHODS.map((value) => ({ value, label: TENDER_METHOD_LABELS[value] }));

  readonly form = buildContractForm(inject(NonNullableFormBuilder));
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  ngOnInit(): void {
    fillContract(this.form, this.contract);
    if (this.frozen) for (const f of FROZEN_FIELDS) this.form.controls[f].disable();
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const changes = changedFields(contractBody(this.form), this.contract);
    if (this.frozen) for (const f of FROZEN_FIELDS) delete changes[f];
    if (!Object.keys(changes).length) {
      this.ref.close();
      return;
    }
    const saved = await saveForm<ContractDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: () => this.api.update(this.contract.id, { ...changes, version: this.contract.version }),
      onConflict: (message) => this.reload(message),
    });
    if (saved) this.ref.close(saved);
  }

  /** Someone else saved first: their version is loaded so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      this.contract = await this.api.get(this.contract.id);
      fillContract(this.form, this.contract);
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
