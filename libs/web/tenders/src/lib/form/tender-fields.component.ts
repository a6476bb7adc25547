import { ChangeDetectionStrategy, ChangeDetectorRef, Component, effect, inject, input, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { startWith } from 'rxjs';
import { CATEGORY_OPTIONS, Department, METHOD_OPTIONS, TenderCategory, Trade } from '../models';
import { FORM_GRID_STYLES } from '../styles';
import { TendersApi } from '../tenders-api.service';
import { fieldMessage, OverviewForm } from './tender-form';

/** The 概要 fields of a tender; the parent owns the form and the saving. */
@Component({
  selector: 'ky-tender-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatCheckboxModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="grid" [formGroup]="form()">
      <mat-form-field appearance="outline" class="w4">
        <mat-label>件名</mat-label>
        <input matInput formControlName="title" autocomplete="off" />
        <mat-error>{{ msg('title', '件名') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>部門</mat-label>
        <mat-select formControlName="category">
          @for (o of categories; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ form().controls.category.value === 'construction' ? '業種' : '業務の種類' }}</mat-label>
        <mat-select formControlName="tradeCode">
          @for (t of trades(); track t.code) {
            <mat-option [value]="t.code">{{ t.code }} {{ t.name }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('tradeCode', '業種') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>入札方法</mat-label>
        <mat-select formControlName="method">
          @for (o of methods; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('method', '入札方法') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>担当課</mat-label>
        <mat-select formControlName="departmentId">
          <mat-option [value]="null">（指定なし）</mat-option>
          @for (d of departments(); track d.id) {
            <mat-option [value]="d.id">{{ d.name }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('departmentId') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" class="w2">
        <mat-label>場所</mat-label>
        <input matInput formControlName="location" autocomplete="off" placeholder="防府市大字台道 地内" />
        <mat-error>{{ msg('location') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>予算科目</mat-label>
        <input matInput formControlName="budgetLineCode" autocomplete="off" />
        <mat-error>{{ msg('budgetLineCode') }}</mat-error>
      </mat-form-field>
      <div class="choice">
        <mat-checkbox formControlName="comprehensiveEval">総合評価落札方式</mat-checkbox>
      </div>

      @if (form().controls.method.value === 'negotiated') {
        <mat-form-field appearance="outline" class="w4">
          <mat-label>随意契約の理由</mat-label>
          <textarea matInput formControlName="negotiatedReason" rows="2"></textarea>
          <mat-hint>地方自治法施行令第167条の2第1項の該当号と理由</mat-hint>
          <mat-error>{{ msg('negotiatedReason', '随意契約の理由') }}</mat-error>
        </mat-form-field>
      }

      <mat-form-field appearance="outline">
        <mat-label>公告日</mat-label>
        <input matInput type="date" formControlName="announcementDate" />
        <mat-error>{{ msg('announcementDate') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>指名通知日</mat-label>
        <input matInput type="date" formControlName="designationDate" />
        <mat-error>{{ msg('designationDate') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>質問期限</mat-label>
        <input matInput type="date" formControlName="questionDeadline" />
        <mat-error>{{ msg('questionDeadline') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>入札締切日</mat-label>
        <input matInput type="date" formControlName="bidDeadline" />
        <mat-error>{{ msg('bidDeadline') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>開札日</mat-label>
        <input matInput type="date" formControlName="openingDate" />
        <mat-error>{{ msg('openingDate') }}</mat-error>
      </mat-form-field>
      @if (form().errors?.['dateOrder']; as order) {
        <p class="ky-error w3" role="alert">{{ order }}</p>
      }

      <mat-form-field appearance="outline" class="w4">
        <mat-label>備考</mat-label>
        <textarea matInput formControlName="notes" rows="2"></textarea>
        <mat-error>{{ msg('notes') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styles: [FORM_GRID_STYLES, '.grid p.ky-error { margin: 16px 0 0; font-size: 13px; }'],
})
export class TenderFieldsComponent {
  private readonly api = inject(TendersApi);
  readonly form = input.required<OverviewForm>();
  readonly departments = input<Department[]>([]);

  readonly categories = CATEGORY_OPTIONS;
  readonly methods = METHOD_OPTIONS;
  readonly trades = signal<Trade[]>([]);

  constructor() {
    const cdr = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const form = this.form();
      // The parent marks fields touched or puts the server's errors on them: show them here too.
      const events = form.events.subscribe(() => cdr.markForCheck());
      // The trade list follows the category; a trade of another category is cleared.
      const category = form.controls.category.valueChanges.pipe(startWith(form.controls.category.value)).subscribe((c) => void this.loadTrades(c));
      onCleanup(() => {
        events.unsubscribe();
        category.unsubscribe();
      });
    });
  }

  private async loadTrades(category: TenderCategory): Promise<void> {
    const list = await this.api.trades(category);
    if (this.form().controls.category.value !== category) return;
    this.trades.set(list);
    const trade = this.form().controls.tradeCode;
    if (trade.value && !list.some((t) => t.code === trade.value)) trade.setValue('');
  }

  msg(field: keyof OverviewForm['controls'], label = ''): string {
    return fieldMessage(this.form().controls[field], label);
  }
}
