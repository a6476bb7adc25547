import { ChangeDetectionStrategy, ChangeDetectorRef, Component, effect, inject, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { LOCALITY_OPTIONS, STATUS_OPTIONS } from '../models';
import { FORM_GRID_STYLES } from '../styles';
import { fieldMessage } from '../validators';
import { VendorForm } from './vendor-form';

/** The basic fields of a vendor; the parent owns the form and the saving. */
@Component({
  selector: 'ky-vendor-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="grid" [formGroup]="form()">
      <div class="choice w2">
        <span class="choice-label" id="entity-type-label">法人・個人</span>
        <mat-radio-group formControlName="entityType" aria-labelledby="entity-type-label">
          <mat-radio-button value="corporation">法人</mat-radio-button>
          <mat-radio-button value="individual">個人</mat-radio-button>
        </mat-radio-group>
      </div>
      <mat-form-field appearance="outline">
        <mat-label>地域区分</mat-label>
        <mat-select formControlName="locality">
          @for (o of localities; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('locality', '地域区分') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>状態</mat-label>
        <mat-select formControlName="status">
          @for (o of statuses; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>業者番号</mat-label>
        <input matInput formControlName="vendorCode" autocomplete="off" inputmode="numeric" [readonly]="!creating()" />
        @if (creating()) {
          <mat-hint>空欄のときは自動で採番します</mat-hint>
        }
        <mat-error>{{ msg('vendorCode') || '半角数字10桁以内で入力してください。' }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>法人番号</mat-label>
        <input matInput formControlName="corporateNumber" autocomplete="off" inputmode="numeric" maxlength="13" />
        @if (form().controls.entityType.value === 'individual') {
          <mat-hint>個人事業主は入力不要です</mat-hint>
        }
        <mat-error>{{ msg('corporateNumber', '法人番号') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>登録番号（インボイス）</mat-label>
        <input matInput formControlName="invoiceNumber" autocomplete="off" maxlength="14" placeholder="T1234567890123" />
        <mat-error>{{ msg('invoiceNumber') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>資本金（円）</mat-label>
        <input matInput type="number" formControlName="capital" min="0" step="1000" />
        <mat-error>{{ msg('capital') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" class="w2">
        <mat-label>商号又は名称</mat-label>
        <input matInput formControlName="name" autocomplete="off" />
        <mat-error>{{ msg('name', '商号又は名称') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w2">
        <mat-label>フリガナ</mat-label>
        <input matInput formControlName="nameKana" autocomplete="off" />
        <mat-hint>カタカナ（「株式会社」などは除く）</mat-hint>
        <mat-error>{{ msg('nameKana', 'フリガナ') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>代表者役職</mat-label>
        <input matInput formControlName="representativeTitle" autocomplete="off" placeholder="代表取締役" />
        <mat-error>{{ msg('representativeTitle') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>代表者氏名</mat-label>
        <input matInput formControlName="representativeName" autocomplete="off" />
        <mat-error>{{ msg('representativeName', '代表者氏名') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w2">
        <mat-label>メールアドレス</mat-label>
        <input matInput type="email" formControlName="email" autocomplete="off" />
        <mat-error>{{ msg('email') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>郵便番号</mat-label>
        <input matInput formControlName="postalCode" autocomplete="off" placeholder="747-8501" maxlength="8" />
        <mat-error>{{ msg('postalCode', '郵便番号') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w3">
        <mat-label>所在地</mat-label>
        <input matInput formControlName="address" autocomplete="off" />
        <mat-error>{{ msg('address', '所在地') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>電話番号</mat-label>
        <input matInput formControlName="phone" autocomplete="off" placeholder="0835-25-2111" />
        <mat-error>{{ msg('phone', '電話番号') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>FAX番号</mat-label>
        <input matInput formControlName="fax" autocomplete="off" />
        <mat-error>{{ msg('fax') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w2">
        <mat-label>備考</mat-label>
        <textarea matInput formControlName="notes" rows="2"></textarea>
        <mat-error>{{ msg('notes') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styles: [FORM_GRID_STYLES],
})
export class VendorFieldsComponent {
  readonly form = input.required<VendorForm>();
  /** Registration: the vendor code may be chosen; afterwards it never changes. */
  readonly creating = input(false);

  readonly localities = LOCALITY_OPTIONS;
  readonly statuses = STATUS_OPTIONS;

  constructor() {
    // The parent marks fields touched or puts the server's errors on them: show them here too.
    const cdr = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const sub = this.form().events.subscribe(() => cdr.markForCheck());
      onCleanup(() => sub.unsubscribe());
    });
  }

  msg(field: keyof VendorForm['controls'], label = ''): string {
    return fieldMessage(this.form().controls[field], label);
  }
}
