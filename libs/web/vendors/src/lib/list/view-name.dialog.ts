import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { fieldMessage } from '../validators';

export interface ViewNameData {
  /** Names already in use. */
  taken: string[];
}

/** Asks for the name of a new saved view. */
@Component({
  selector: 'ky-view-name-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>表示条件を保存</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="ky-dialog-form">
        <p class="hint">いまの絞り込み（地域区分・状態・業種）と、並び順・列の配置を名前を付けて保存します。</p>
        <mat-form-field appearance="outline">
          <mat-label>名前</mat-label>
          <input matInput formControlName="name" autocomplete="off" placeholder="市内・土木の有効業者" />
          <mat-error>{{ message() }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">保存</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.hint { font-size: 13px; margin-top: 0; }`,
})
export class ViewNameDialog {
  private readonly ref = inject<MatDialogRef<ViewNameDialog, string>>(MatDialogRef);
  private readonly data = inject<ViewNameData>(MAT_DIALOG_DATA);

  readonly name = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(40), (c: AbstractControl): ValidationErrors | null => (this.data.taken.includes(String(c.value).trim()) ? { format: '同じ名前の表示条件があります。' } : null)],
  });

  readonly form = new FormGroup({ name: this.name });

  message(): string {
    return fieldMessage(this.name, '名前');
  }

  save(): void {
    if (this.name.invalid) {
      this.name.markAsTouched();
      return;
    }
    this.ref.close(this.name.value.trim());
  }
}
