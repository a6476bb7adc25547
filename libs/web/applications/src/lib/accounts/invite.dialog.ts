import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { isValidCorporateNumber } from '@keiyaku/domain';
import { errorMessage, fieldErrors } from '@keiyaku/web/ui';
import { ApplicationsApi } from '../applications-api.service';
import { AccountRow } from '../models';

/** 招待: a vendor account created by staff; the vendor sets its password from the mailed link. */
@Component({
  selector: 'ky-invite-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>事業者の招待</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="fields">
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
        <mat-form-field appearance="outline">
          <mat-label>商号又は名称</mat-label>
          <input matInput formControlName="companyName" maxlength="100" cdkFocusInitial />
          @if (errors()['companyName']) { <mat-error>{{ errors()['companyName'] }}</mat-error> }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>メールアドレス</mat-label>
          <input matInput type="email" formControlName="email" maxlength="254" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>法人・個人</mat-label>
          <mat-select formControlName="entityType">
            <mat-option value="corporation">法人</mat-option>
            <mat-option value="individual">個人</mat-option>
          </mat-select>
        </mat-form-field>
        @if (form.controls.entityType.value === 'corporation') {
          <mat-form-field appearance="outline">
            <mat-label>法人番号（13桁）</mat-label>
            <input matInput formControlName="corporateNumber" maxlength="13" inputmode="numeric" />
          </mat-form-field>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">招待メールを送る</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.fields { display: flex; flex-direction: column; min-width: 420px; } .ky-error { color: #b3261e; }`,
})
export class InviteDialog {
  private readonly api = inject(ApplicationsApi);
  private readonly ref = inject(MatDialogRef<InviteDialog, AccountRow>);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly errors = signal<Record<string, string>>({});
  readonly form = inject(NonNullableFormBuilder).group({
    companyName: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email]],
    entityType: ['corporation'],
    corporateNumber: [''],
  });

  async submit(): Promise<void> {
    const v = this.form.getRawValue();
    if (!v.companyName.trim()) return this.fail('商号又は名称を入力してください。');
    if (this.form.controls.email.invalid) return this.fail('メールアドレスを正しく入力してください。');
    if (v.entityType === 'corporation' && !isValidCorporateNumber(v.corporateNumber)) return this.fail('法人番号は13桁の正しい番号を入力してください。');
    this.busy.set(true);
    try {
      this.ref.close(await this.api.invite({ email: v.email.trim(), companyName: v.companyName.trim(), entityType: v.entityType, corporateNumber: v.entityType === 'corporation' ? v.corporateNumber : null }));
    } catch (e) {
      this.errors.set(fieldErrors(e));
      this.error.set(errorMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  private fail(message: string): void {
    this.error.set(message);
  }
}
