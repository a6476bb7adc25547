import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { controlMessage } from '@keiyaku/web/ui';

export interface LotData {
  /** The equal lowest bidders: vendor id and label (with the くじ番号 written on the bid). */
  tied: Array<{ vendorId: number; label: string }>;
}

export interface LotResult {
  winnerVendorId: number;
  drawnBy: string;
  note: string | null;
}

/** くじ: who drew it and which of the equal lowest bidders won; kept on the tender and audited. */
@Component({
  selector: 'ky-tender-lot-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>くじの結果</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p>同額の最低価格の入札が{{ data.tied.length }}者あります。くじで落札者となった業者を選んでください。</p>
        <mat-radio-group formControlName="winnerVendorId" aria-label="くじの落札者" class="radios">
          @for (v of data.tied; track v.vendorId) {
            <mat-radio-button [value]="v.vendorId">{{ v.label }}</mat-radio-button>
          }
        </mat-radio-group>
        @if (form.controls.winnerVendorId.touched && form.controls.winnerVendorId.invalid) {
          <p class="ky-error" role="alert">くじの落札者を選んでください。</p>
        }
        <mat-form-field appearance="outline" class="full">
          <mat-label>くじを引いた者</mat-label>
          <input matInput formControlName="drawnBy" autocomplete="off" placeholder="契約課職員 〇〇（立会人 〇〇）" />
          <mat-error>{{ msg() }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" class="full">
          <mat-label>備考</mat-label>
          <textarea matInput formControlName="note" rows="2"></textarea>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">記録する</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: '.full { width: 100%; } .radios { display: flex; flex-direction: column; margin-bottom: 12px; }',
})
export class LotDialog {
  readonly data = inject<LotData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<LotDialog, LotResult>>(MatDialogRef);
  readonly form = inject(NonNullableFormBuilder).group({
    winnerVendorId: new FormControl<number | null>(null, Validators.required),
    drawnBy: ['', [Validators.required, Validators.maxLength(100)]],
    note: ['', Validators.maxLength(600)],
  });

  msg(): string {
    return controlMessage(this.form.controls.drawnBy, 'くじを引いた者');
  }

  submit(): void {
    const v = this.form.getRawValue();
    if (this.form.invalid || !v.drawnBy.trim() || v.winnerVendorId === null) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close({ winnerVendorId: v.winnerVendorId, drawnBy: v.drawnBy.trim(), note: v.note.trim() || null });
  }
}
