import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { changeRatePercent, todayInJapan } from '@keiyaku/domain';
import { errorMessage, saveForm } from '@keiyaku/web/ui';
import { ContractsApi } from '../../contracts-api.service';
import { fieldMessage, MAX_YEN } from '../../form/contract-form';
import { conflictMessage, ContractChange, ContractDetail, formatChangeRate, formatYen, numberOrNull } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';

export interface ChangeDialogData {
  contract: ContractDetail;
  change: ContractChange | null;
}

/** 変更契約の登録・修正: new amount and end of the period, the reason; the change rate as typed. */
@Component({
  selector: 'ky-contract-change-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.change ? '第' + data.change.changeNo + '回変更契約の修正' : '変更契約の登録' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <p class="note">現在の契約金額 {{ yen(data.contract.amount) }}・工期（至） {{ data.contract.periodTo ?? '—' }}（当初 {{ yen(base) }}）</p>
        <div class="grid">
          <mat-form-field appearance="outline">
            <mat-label>変更契約日</mat-label>
            <input matInput type="date" formControlName="changeDate" />
            <mat-error>{{ msg('changeDate', '変更契約日') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>変更後の契約金額（税込）</mat-label>
            <input matInput type="number" formControlName="amount" min="1" />
            <mat-error>{{ msg('amount', '変更後の契約金額') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>変更後の工期（至）</mat-label>
            <input matInput type="date" formControlName="periodTo" />
            <mat-hint>変更しない場合は空欄</mat-hint>
            <mat-error>{{ msg('periodTo') }}</mat-error>
          </mat-form-field>
          <div class="rate">
            <span class="choice-label">当初からの変更率</span>
            <span data-figure="changeRate">{{ rateText() || '—' }}</span>
          </div>
          <mat-form-field appearance="outline" class="w4">
            <mat-label>変更の理由</mat-label>
            <textarea matInput formControlName="reason" rows="3"></textarea>
            <mat-error>{{ msg('reason', '変更の理由') }}</mat-error>
          </mat-form-field>
        </div>
        @if (warning()) {
          <p class="ky-warning" role="alert">変更率が{{ warningPercent }}%を超えます（{{ rateText() }}）。変更の範囲が当初契約の同一性を損なわないか確認してください。</p>
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
  styles: [
    FORM_GRID_STYLES,
    `.note { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin: 0 0 12px; }
     .rate { display: flex; flex-direction: column; gap: 4px; padding-top: 8px; }
     .ky-warning { color: #7a4f01; background: #fff4d6; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }`,
  ],
})
export class ChangeDialog implements OnInit {
  private readonly api = inject(ContractsApi);
  private readonly ref = inject<MatDialogRef<ChangeDialog, ContractDetail>>(MatDialogRef);
  readonly data = inject<ChangeDialogData>(MAT_DIALOG_DATA);
  /** The change rate is against the amount at conclusion. */
  readonly base = this.data.contract.originalAmount ?? this.data.contract.amount;
  readonly warningPercent = this.data.contract.changeWarningPercent ?? 30;
  private version = this.data.change?.version ?? 0;

  readonly form = inject(NonNullableFormBuilder).group({
    changeDate: [todayInJapan(), Validators.required],
    amount: new FormControl<number | null>(this.data.contract.amount, [Validators.required, Validators.min(1), Validators.max(MAX_YEN)]),
    periodTo: [''],
    reason: ['', [Validators.required, Validators.maxLength(600)]],
  });
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  private readonly amount = toSignal(this.form.controls.amount.valueChanges, { initialValue: this.form.controls.amount.value });
  readonly rate = computed(() => {
    const amount = numberOrNull(this.amount());
    return amount === null ? null : changeRatePercent(this.base, amount);
  });
  readonly rateText = computed(() => formatChangeRate(this.rate()));
  readonly warning = computed(() => {
    const r = this.rate();
    return r !== null && Math.abs(r) > this.warningPercent;
  });

  ngOnInit(): void {
    const x = this.data.change;
    if (x) this.form.reset({ changeDate: x.changeDate, amount: x.amount, periodTo: x.periodTo ?? '', reason: x.reason });
  }

  msg(field: keyof typeof this.form.controls, label = ''): string {
    return fieldMessage(this.form.controls[field], label);
  }

  yen(v: number | null): string {
    return formatYen(v);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid || !this.form.controls.reason.value.trim()) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const v = this.form.getRawValue();
    const body = { changeDate: v.changeDate, amount: numberOrNull(v.amount), periodTo: v.periodTo || null, reason: v.reason.trim() };
    const { contract, change } = this.data;
    const saved = await saveForm<ContractDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: () =>
        change
          ? this.api.savePart(contract.id, 'changes', change.id, { ...body, version: this.version })
          : this.api.savePart(contract.id, 'changes', null, { ...body, version: contract.version }),
      onConflict: (message) => this.reload(message),
    });
    if (saved) this.ref.close(saved);
  }

  /** Someone else saved first: the latest is loaded so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      const latest = await this.api.get(this.data.contract.id);
      this.data.contract = latest;
      const id = this.data.change?.id;
      const x = id ? latest.changes.find((c) => c.id === id) : null;
      if (x) {
        this.version = x.version;
        this.form.reset({ changeDate: x.changeDate, amount: x.amount, periodTo: x.periodTo ?? '', reason: x.reason });
      }
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
