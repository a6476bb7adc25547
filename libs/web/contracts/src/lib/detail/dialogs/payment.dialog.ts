import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { PaymentKind } from '@keiyaku/domain';
import { errorMessage, saveForm } from '@keiyaku/web/ui';
import { ContractsApi } from '../../contracts-api.service';
import { fieldMessage, MAX_YEN } from '../../form/contract-form';
import { conflictMessage, ContractDetail, ContractPayment, formatYen, numberOrNull, PAYMENT_OPTIONS, textOrNull } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';

export interface PaymentDialogData {
  contract: ContractDetail;
  payment: ContractPayment | null;
}

/** 支払の登録・修正: kind, due or paid date, amount (the server checks the totals and the advance limit). */
@Component({
  selector: 'ky-contract-payment-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.payment ? '支払の修正' : '支払の登録' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <p class="note">契約金額 {{ yen(data.contract.amount) }}・支払済 {{ yen(data.contract.paidTotal) }}{{ data.contract.advanceRate ? '・前払金の限度 ' + yen(data.contract.advanceLimit ?? null) + '（' + data.contract.advanceRate + '%）' : '' }}</p>
        <div class="grid">
          <mat-form-field appearance="outline">
            <mat-label>支払の種類</mat-label>
            <mat-select formControlName="kind">
              @for (o of kinds; track o.value) {
                <mat-option [value]="o.value">{{ o.label }}</mat-option>
              }
            </mat-select>
            <mat-error>{{ msg('kind', '支払の種類') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>支払額（税込）</mat-label>
            <input matInput type="number" formControlName="amount" min="1" />
            <mat-error>{{ msg('amount', '支払額') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>支払予定日</mat-label>
            <input matInput type="date" formControlName="dueDate" />
            <mat-error>{{ msg('dueDate') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>支払日</mat-label>
            <input matInput type="date" formControlName="paidDate" />
            <mat-hint>支払った日（未払いは空欄）</mat-hint>
            <mat-error>{{ msg('paidDate') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>備考</mat-label>
            <input matInput formControlName="notes" autocomplete="off" />
            <mat-error>{{ msg('notes') }}</mat-error>
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
  styles: [FORM_GRID_STYLES, '.note { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin: 0 0 12px; } .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }'],
})
export class PaymentDialog implements OnInit {
  private readonly api = inject(ContractsApi);
  private readonly ref = inject<MatDialogRef<PaymentDialog, ContractDetail>>(MatDialogRef);
  readonly data = inject<PaymentDialogData>(MAT_DIALOG_DATA);
  readonly kinds = PAYMENT_OPTIONS;
  private version = this.data.payment?.version ?? 0;

  private readonly fb = inject(NonNullableFormBuilder);
  readonly form = this.fb.group({
    kind: this.fb.control<PaymentKind>('final', Validators.required),
    amount: new FormControl<number | null>(null, [Validators.required, Validators.min(1), Validators.max(MAX_YEN)]),
    dueDate: [''],
    paidDate: [''],
    notes: ['', Validators.maxLength(300)],
  });
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  ngOnInit(): void {
    const p = this.data.payment;
    if (p) {
      this.form.reset({ kind: p.kind, amount: p.amount, dueDate: p.dueDate ?? '', paidDate: p.paidDate ?? '', notes: p.notes ?? '' });
      // The kind of a registered payment is fixed (the API changes dates, amount and notes).
      this.form.controls.kind.disable();
    }
  }

  msg(field: keyof typeof this.form.controls, label = ''): string {
    return fieldMessage(this.form.controls[field], label);
  }

  yen(v: number | null): string {
    return formatYen(v);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const v = this.form.getRawValue();
    if (!v.dueDate && !v.paidDate) {
      this.error.set('支払予定日か支払日を入力してください。');
      return;
    }
    const body = { amount: numberOrNull(v.amount), dueDate: v.dueDate || null, paidDate: v.paidDate || null, notes: textOrNull(v.notes) };
    const { contract, payment } = this.data;
    const saved = await saveForm<ContractDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: () =>
        payment
          ? this.api.savePart(contract.id, 'payments', payment.id, { ...body, version: this.version })
          : this.api.savePart(contract.id, 'payments', null, { ...body, kind: v.kind, version: contract.version }),
      onConflict: (message) => this.reload(message),
    });
    if (saved) this.ref.close(saved);
  }

  private async reload(message: string): Promise<void> {
    try {
      const latest = await this.api.get(this.data.contract.id);
      this.data.contract = latest;
      const id = this.data.payment?.id;
      const p = id ? latest.payments.find((x) => x.id === id) : null;
      if (p) {
        this.version = p.version;
        this.form.patchValue({ amount: p.amount, dueDate: p.dueDate ?? '', paidDate: p.paidDate ?? '', notes: p.notes ?? '' });
      }
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
