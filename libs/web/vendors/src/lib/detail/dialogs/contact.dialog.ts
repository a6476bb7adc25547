import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Contact } from '../../models';
import { FORM_GRID_STYLES } from '../../styles';
import { phoneValidator, textOrNull } from '../../validators';
import { PartDialog } from '../part-dialog';

/** 担当者: whom the contract section calls about applications and tenders. */
@Component({
  selector: 'ky-contact-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '担当者の編集' : '担当者の追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="grid">
          <mat-form-field appearance="outline" class="w2">
            <mat-label>担当者氏名</mat-label>
            <input matInput formControlName="name" autocomplete="off" />
            <mat-error>{{ msg('name', '担当者氏名') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>部署</mat-label>
            <input matInput formControlName="department" autocomplete="off" />
            <mat-error>{{ msg('department') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>電話番号</mat-label>
            <input matInput formControlName="phone" autocomplete="off" />
            <mat-error>{{ msg('phone') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="w2">
            <mat-label>メールアドレス</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="off" />
            <mat-error>{{ msg('email') }}</mat-error>
          </mat-form-field>
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
export class ContactDialog extends PartDialog<Contact> {
  readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(50)]],
    department: ['', Validators.maxLength(50)],
    phone: ['', phoneValidator],
    email: ['', [Validators.email, Validators.maxLength(254)]],
  });

  protected fill(c: Contact): void {
    this.form.reset({ name: c.name, department: c.department ?? '', phone: c.phone ?? '', email: c.email ?? '' });
  }

  protected body(): Record<string, unknown> {
    const v = this.form.getRawValue();
    return { name: v.name.trim(), department: textOrNull(v.department), phone: textOrNull(v.phone), email: textOrNull(v.email) };
  }
}
