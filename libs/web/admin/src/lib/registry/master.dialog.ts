import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { CATEGORIES, CategoryCode } from '@keiyaku/domain';
import { errorMessage, JapaneseDatePipe, saveForm } from '@keiyaku/web/ui';
import { MasterField, MasterSpec } from './master-specs';
import { RegistryApi } from './registry-api';
import { fieldMessage, integerValidator } from './field-messages';
import { SimpleMasterRow } from './registry.models';

export interface MasterDialogData {
  spec: MasterSpec;
  category: CategoryCode;
  row: SimpleMasterRow | null;
  /** Suggested 表示順 for a new row (after the last one). */
  nextSortOrder: number;
}

function validatorsOf(f: MasterField): ValidatorFn[] {
  const v: ValidatorFn[] = [];
  if (f.required) v.push(Validators.required);
  if (f.maxLength) v.push(Validators.maxLength(f.maxLength));
  if (f.pattern) v.push(Validators.pattern(f.pattern));
  if (f.kind === 'integer') v.push(integerValidator);
  if (f.min !== undefined) v.push(Validators.min(f.min));
  if (f.max !== undefined) v.push(Validators.max(f.max));
  return v;
}

const emptyOf = (f: MasterField): unknown => f.initial ?? (f.kind === 'integer' ? null : '');

/** Adds or edits one row of 業種, 有効期間 or 主観点項目, as described by its MasterSpec. */
@Component({
  selector: 'ky-master-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSlideToggleModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ spec.label }}の{{ editing ? '編集' : '追加' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ky-dialog-form">
        <p class="category">部門: {{ categoryName }}</p>
        <div class="fields">
          @for (f of fields; track f.name) {
            @switch (f.kind) {
              @case ('toggle') {
                <mat-slide-toggle class="full" [formControlName]="f.name">{{ f.label }}</mat-slide-toggle>
              }
              @default {
                <mat-form-field appearance="outline" [class.full]="!f.half">
                  <mat-label>{{ f.label }}</mat-label>
                  <input
                    matInput
                    [type]="f.kind === 'integer' ? 'number' : f.kind === 'date' ? 'date' : 'text'"
                    [formControlName]="f.name"
                    [readonly]="editing && f.naturalKey"
                    autocomplete="off"
                  />
                  @if (editing && f.naturalKey) {
                    <mat-hint>{{ f.label }}は変更できません。</mat-hint>
                  } @else if (f.kind === 'date') {
                    <mat-hint>{{ dateOf(f.name) | japaneseDate }}</mat-hint>
                  } @else if (f.hint) {
                    <mat-hint>{{ f.hint }}</mat-hint>
                  }
                  <mat-error>{{ msg(f) }}</mat-error>
                </mat-form-field>
              }
            }
          }
        </div>
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ editing ? '保存' : '登録' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .category { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); }
    .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 12px; align-items: start; }
    .full { grid-column: 1 / -1; }
    mat-slide-toggle { margin: 4px 0 12px; }
  `,
})
export class MasterDialog implements OnInit {
  private readonly api = inject(RegistryApi);
  private readonly ref = inject<MatDialogRef<MasterDialog, SimpleMasterRow>>(MatDialogRef);
  private readonly data = inject<MasterDialogData>(MAT_DIALOG_DATA);

  readonly spec = this.data.spec;
  readonly editing = this.data.row !== null;
  /** The edited row's id (0 when adding). */
  private readonly id = this.data.row?.id ?? 0;
  readonly fields = this.spec.fields.filter((f) => this.editing || !f.editOnly);
  readonly categoryName = CATEGORIES.find((c) => c.code === this.data.category)?.name ?? '';
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  private version = this.data.row?.version ?? 0;

  readonly form = new FormGroup<Record<string, FormControl<unknown>>>(
    Object.fromEntries(this.fields.map((f) => [f.name, new FormControl<unknown>(emptyOf(f), validatorsOf(f))])),
  );
  /** Read by the 和暦 shown under date inputs. */
  private readonly values = toSignal(this.form.valueChanges);

  ngOnInit(): void {
    if (this.data.row) this.fill(this.data.row);
    else if (this.form.controls['sortOrder']) this.form.controls['sortOrder'].setValue(this.data.nextSortOrder);
  }

  private fill(row: SimpleMasterRow): void {
    this.version = row.version;
    const r = row as unknown as Record<string, unknown>;
    this.form.patchValue(Object.fromEntries(this.fields.map((f) => [f.name, r[f.name] ?? emptyOf(f)])));
  }

  dateOf(name: string): string {
    const v = this.values()?.[name];
    return typeof v === 'string' ? v : '';
  }

  msg(f: MasterField): string {
    return fieldMessage(this.form.controls[f.name], f.label, f.patternMessage);
  }

  /** The values as the API takes them: text trimmed, an empty optional number left out. */
  private body(): Record<string, unknown> {
    const raw = this.form.getRawValue();
    const body: Record<string, unknown> = {};
    for (const f of this.fields) {
      const v = raw[f.name];
      if (f.kind === 'text') body[f.name] = String(v ?? '').trim();
      else if (f.kind === 'integer') {
        if (v !== null && v !== '') body[f.name] = Number(v);
        else if (f.nullable) body[f.name] = null;
      } else body[f.name] = v;
    }
    return body;
  }

  async save(): Promise<void> {
    this.error.set(null);
    // Drop the last attempt's server and cross-field errors; the checks below set them again.
    Object.values(this.form.controls).forEach((c) => c.updateValueAndValidity({ emitEvent: false }));
    const problem = this.spec.check?.(this.form.getRawValue());
    if (problem) {
      const control = this.form.controls[problem.field];
      control.setErrors({ ...(control.errors ?? {}), check: problem.message });
      control.markAsTouched();
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const body = this.body();
    const saved = await saveForm<SimpleMasterRow>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: () => {
        if (!this.editing) return this.api.create<SimpleMasterRow>(this.spec.master, { category: this.data.category, ...body });
        // The natural key cannot change: only the other fields are sent.
        const changes = Object.fromEntries(Object.entries(body).filter(([k]) => !this.fields.find((f) => f.name === k)?.naturalKey));
        return this.api.update<SimpleMasterRow>(this.spec.master, this.id, changes, this.version);
      },
      onConflict: this.editing ? (message) => this.reload(message) : undefined,
    });
    if (saved) this.ref.close(saved);
  }

  /** Someone else saved first: show their version so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      const latest = await this.api.reload<SimpleMasterRow>(this.spec.master, this.data.category, this.id);
      if (latest) this.fill(latest);
      this.error.set(`${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`);
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
