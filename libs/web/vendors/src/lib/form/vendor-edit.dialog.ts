import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { ERROR_CODES } from '@keiyaku/domain';
import { applyServerErrors, errorCode, errorMessage } from '@keiyaku/web/ui';
import { SavedVendor, VendorDetail } from '../models';
import { VendorsApi } from '../vendors-api.service';
import { VendorFieldsComponent } from './vendor-fields.component';
import { buildVendorForm, changedFields, fillVendorForm, vendorBody } from './vendor-form';

/** 基本情報の編集: sends only the changed fields with the version it was opened at. */
@Component({
  selector: 'ky-vendor-edit-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, VendorFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>基本情報の編集</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <ky-vendor-fields [form]="form" />
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
})
export class VendorEditDialog implements OnInit {
  private readonly api = inject(VendorsApi);
  private readonly ref = inject<MatDialogRef<VendorEditDialog, SavedVendor>>(MatDialogRef);
  private vendor = inject<VendorDetail>(MAT_DIALOG_DATA);

  readonly form = buildVendorForm(inject(NonNullableFormBuilder), inject(DestroyRef));
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  ngOnInit(): void {
    fillVendorForm(this.form, this.vendor);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const changes = changedFields(vendorBody(this.form), this.vendor);
    if (!Object.keys(changes).length) {
      this.ref.close();
      return;
    }
    this.busy.set(true);
    try {
      this.ref.close(await this.api.update(this.vendor.id, { ...changes, version: this.vendor.version }));
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict) await this.reload(errorMessage(err));
      else {
        applyServerErrors(this.form, err);
        this.error.set(errorMessage(err));
      }
    } finally {
      this.busy.set(false);
    }
  }

  /** Someone else saved first: their version is loaded so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      this.vendor = await this.api.get(this.vendor.id);
      fillVendorForm(this.form, this.vendor);
      this.error.set(`${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`);
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
