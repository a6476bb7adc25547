import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';
import { controlMessage } from '@keiyaku/web/ui';

export interface DialogField {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'date' | 'select' | 'file';
  required?: boolean;
  initial?: string | number | null;
  options?: Array<{ value: string | number | null; label: string }>;
  hint?: string;
  /** For a file: the accept attribute (e.g. '.pdf,.jpg,.jpeg,.png'). */
  accept?: string;
}

export interface FieldsDialogData {
  title: string;
  message?: string;
  ok: string;
  fields: DialogField[];
}

export type FieldsResult = Record<string, string | number | File | null>;

/**
 * Asks the few values an action needs (差戻しの理由, 通知日, 説明請求の内容, 評定者 …) and closes
 * with them (text trimmed, '' → null; a file field gives the chosen File); undefined when cancelled.
 */
@Component({
  selector: 'ky-evaluation-fields-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        @if (data.message) {
          <p class="message">{{ data.message }}</p>
        }
        @for (f of data.fields; track f.key) {
          @if (f.type === 'file') {
            <div class="file">
              <label class="file-label" [for]="'file-' + f.key">{{ f.label }}</label>
              <input #fileInput type="file" [id]="'file-' + f.key" [attr.accept]="f.accept ?? null" (change)="pick(f, fileInput.files?.[0] ?? null)" />
              @if (f.hint) {
                <span class="hint">{{ f.hint }}</span>
              }
            </div>
          } @else {
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ f.label }}</mat-label>
            @switch (f.type) {
              @case ('date') {
                <input matInput type="date" [formControlName]="f.key" />
              }
              @case ('textarea') {
                <textarea matInput [formControlName]="f.key" rows="4"></textarea>
              }
              @case ('select') {
                <mat-select [formControlName]="f.key">
                  @for (o of f.options ?? []; track o.value) {
                    <mat-option [value]="o.value">{{ o.label }}</mat-option>
                  }
                </mat-select>
              }
              @default {
                <input matInput [formControlName]="f.key" />
              }
            }
            @if (f.hint) {
              <mat-hint>{{ f.hint }}</mat-hint>
            }
            <mat-error>{{ message(f) }}</mat-error>
          </mat-form-field>
          }
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit">{{ data.ok }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full { width: 100%; }
    .message { white-space: pre-wrap; }
    .file { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
    .file-label { font-size: 13px; color: var(--mat-sys-on-surface-variant); }
    .hint { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class FieldsDialog {
  readonly data = inject<FieldsDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<FieldsDialog, FieldsResult>>(MatDialogRef);
  readonly form = new FormGroup(
    Object.fromEntries(
      this.data.fields.filter((f) => f.type !== 'file').map((f) => [f.key, new FormControl<string | number | null>(f.initial ?? (f.type === 'select' ? null : ''), f.required ? [Validators.required, Validators.maxLength(4000)] : [Validators.maxLength(4000)])]),
    ),
  );

  private readonly files = new Map<string, File | null>();

  pick(f: DialogField, file: File | null): void {
    this.files.set(f.key, file);
  }

  message(f: DialogField): string {
    return controlMessage(this.form.get(f.key), f.label);
  }

  submit(): void {
    for (const f of this.data.fields) {
      const c = this.form.get(f.key);
      if (c && typeof c.value === 'string' && !c.value.trim()) c.setValue(f.type === 'select' ? null : '');
    }
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const out: FieldsResult = {};
    for (const f of this.data.fields) {
      if (f.type === 'file') {
        out[f.key] = this.files.get(f.key) ?? null;
        continue;
      }
      const v = this.form.get(f.key)?.value;
      out[f.key] = typeof v === 'string' ? v.trim() || null : (v ?? null);
    }
    this.ref.close(out);
  }
}

export function askFields(dialog: MatDialog, data: FieldsDialogData): Promise<FieldsResult | undefined> {
  return firstValueFrom(dialog.open(FieldsDialog, { data, width: '560px', autoFocus: 'first-tabbable' }).afterClosed());
}
