import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { firstValueFrom } from 'rxjs';
import { controlMessage, errorMessage, saveForm } from '@keiyaku/web/ui';
import { DepartmentRow } from '../models';

@Component({
  selector: 'ky-department-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '部署の編集' : '部署の新規登録' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ky-dialog-form">
        <mat-form-field appearance="outline">
          <mat-label>部署コード</mat-label>
          <input matInput formControlName="code" autocomplete="off" [readonly]="editing" />
          @if (editing) {
            <mat-hint>部署コードは変更できません。</mat-hint>
          }
          <mat-error>{{ msg('code', '部署コード') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>部署名</mat-label>
          <input matInput formControlName="name" autocomplete="off" />
          <mat-error>{{ msg('name', '部署名') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>表示順</mat-label>
          <input matInput type="number" min="0" formControlName="sortOrder" />
          <mat-error>{{ msg('sortOrder', '表示順') }}</mat-error>
        </mat-form-field>
        @if (editing) {
          <mat-slide-toggle formControlName="active">有効（オフにすると選択肢に表示されなくなります）</mat-slide-toggle>
        }
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
})
export class DepartmentDialog implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly ref = inject<MatDialogRef<DepartmentDialog, DepartmentRow>>(MatDialogRef);
  private readonly department = inject<DepartmentRow | null>(MAT_DIALOG_DATA);

  readonly editing = this.department !== null;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  private version = this.department?.version ?? 0;

  readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, Validators.maxLength(20), Validators.pattern(/^[A-Za-z0-9_-]+$/)]],
    name: ['', [Validators.required, Validators.maxLength(50)]],
    sortOrder: new FormControl<number | null>(null, Validators.min(0)),
    active: [true],
  });

  ngOnInit(): void {
    if (this.department) this.fill(this.department);
  }

  private fill(d: DepartmentRow): void {
    this.version = d.version;
    this.form.patchValue({ code: d.code, name: d.name, sortOrder: d.sortOrder, active: d.active });
  }

  msg(field: 'code' | 'name' | 'sortOrder', label: string): string {
    return controlMessage(this.form.controls[field], label);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const sortOrder = v.sortOrder === null || (v.sortOrder as unknown) === '' ? undefined : Number(v.sortOrder);
    const saved = await saveForm<DepartmentRow>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: async () =>
        this.editing
        ? await firstValueFrom(
            this.http.patch<DepartmentRow>(`/api/departments/${this.department!.id}`, { name: v.name.trim(), sortOrder, active: v.active, version: this.version }),
          )
        : await firstValueFrom(this.http.post<DepartmentRow>('/api/departments', { code: v.code.trim(), name: v.name.trim(), sortOrder })),
      onConflict: this.editing ? (message) => this.reload(message) : undefined,
    });
    if (saved) this.ref.close(saved);
  }

  /** Someone else saved first: show the current row so the edit is redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      this.fill(await firstValueFrom(this.http.get<DepartmentRow>(`/api/departments/${this.department!.id}`)));
      this.error.set(`${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`);
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
