import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Office } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';
import { phoneValidator, postalCodeValidator, textOrNull } from '../../validators';
import { PartDialog } from '../part-dialog';

/** 営業所, and whether it is the 受任者 (a branch bidding for the head office). */
@Component({
  selector: 'ky-office-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatCheckboxModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '営業所の編集' : '営業所の追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <mat-form-field appearance="outline" class="w4">
            <mat-label>営業所名</mat-label>
            <input matInput formControlName="name" autocomplete="off" />
            <mat-error>{{ msg('name', '営業所名') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>郵便番号</mat-label>
            <input matInput formControlName="postalCode" autocomplete="off" maxlength="8" />
            <mat-error>{{ msg('postalCode') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w3">
            <mat-label>所在地</mat-label>
            <input matInput formControlName="address" autocomplete="off" />
            <mat-error>{{ msg('address') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>電話番号</mat-label>
            <input matInput formControlName="phone" autocomplete="off" />
            <mat-error>{{ msg('phone') }}</mat-error>
          </mat-form-field>
          <div class="choice w2"><mat-checkbox formControlName="isDelegate">受任者（本店から委任を受けて入札する営業所）</mat-checkbox></div>
          @if (form.controls.isDelegate.value) {
            <mat-form-field appearance="outline" class="w2">
              <mat-label>受任者役職</mat-label>
              <input matInput formControlName="delegateTitle" autocomplete="off" placeholder="所長" />
              <mat-error>{{ msg('delegateTitle') }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline" class="w2">
              <mat-label>受任者氏名</mat-label>
              <input matInput formControlName="delegateName" autocomplete="off" />
              <mat-error>{{ msg('delegateName') }}</mat-error>
            </mat-form-field>
          }
        </div>
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ editing ? '保存' : '追加' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: [FORM_GRID_STYLES],
})
export class OfficeDialog extends PartDialog<Office> {
  readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    postalCode: ['', postalCodeValidator],
    address: ['', Validators.maxLength(200)],
    phone: ['', phoneValidator],
    isDelegate: [false],
    delegateTitle: ['', Validators.maxLength(30)],
    delegateName: ['', Validators.maxLength(50)],
  });

  protected fill(o: Office): void {
    this.form.reset({
      name: o.name,
      postalCode: o.postalCode ?? '',
      address: o.address ?? '',
      phone: o.phone ?? '',
      isDelegate: o.isDelegate,
      delegateTitle: o.delegateTitle ?? '',
      delegateName: o.delegateName ?? '',
    });
  }

  protected body(): Record<string, unknown> {
    const v = this.form.getRawValue();
    return {
      name: v.name.trim(),
      postalCode: textOrNull(v.postalCode),
      address: textOrNull(v.address),
      phone: textOrNull(v.phone),
      isDelegate: v.isDelegate,
      delegateTitle: v.isDelegate ? textOrNull(v.delegateTitle) : null,
      delegateName: v.isDelegate ? textOrNull(v.delegateName) : null,
    };
  }
}
