import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { firstValueFrom } from 'rxjs';
import { ListResult, Role, ROLE_LABELS, ROLES } from '@keiyaku/domain';
import { controlMessage, errorMessage, passwordPolicyValidator, saveForm } from '@keiyaku/web/ui';
import { DepartmentRow, UserRow } from '../models';

export interface UserDialogData {
  user: UserRow | null;
}

@Component({
  selector: 'ky-user-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatCheckboxModule, MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? 'ユーザーの編集' : 'ユーザーの新規登録' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ky-dialog-form">
        <mat-form-field appearance="outline">
          <mat-label>ログインID</mat-label>
          <input matInput formControlName="loginId" autocomplete="off" [readonly]="editing" />
          <mat-error>{{ msg('loginId', 'ログインID') }}</mat-error>
        </mat-form-field>
        <div class="row">
          <mat-form-field appearance="outline">
            <mat-label>氏名</mat-label>
            <input matInput formControlName="name" autocomplete="off" />
            <mat-error>{{ msg('name', '氏名') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>フリガナ</mat-label>
            <input matInput formControlName="nameKana" autocomplete="off" />
            <mat-error>{{ msg('nameKana') }}</mat-error>
          </mat-form-field>
        </div>
        <mat-form-field appearance="outline">
          <mat-label>メールアドレス</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="off" />
          <mat-error>{{ msg('email') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>所属部署</mat-label>
          <mat-select formControlName="departmentId">
            @for (d of departments(); track d.id) {
              <mat-option [value]="d.id">{{ d.code }} {{ d.name }}</mat-option>
            }
          </mat-select>
          <mat-error>{{ msg('departmentId', '所属部署') }}</mat-error>
        </mat-form-field>
        <fieldset class="roles">
          <legend>役割</legend>
          @for (role of roles; track role) {
            <mat-checkbox [checked]="hasRole(role)" (change)="toggleRole(role, $event.checked)">{{ roleLabels[role] }}</mat-checkbox>
          }
          @if (form.controls.roles.touched && msg('roles', '役割')) {
            <div class="ky-error field-error">{{ form.controls.roles.errors?.['server'] ?? '役割を1つ以上選んでください。' }}</div>
          }
        </fieldset>
        @if (editing) {
          <mat-slide-toggle formControlName="active">有効（オフにするとログインできなくなります）</mat-slide-toggle>
        } @else {
          <mat-form-field appearance="outline">
            <mat-label>初期パスワード</mat-label>
            <input matInput type="password" formControlName="password" autocomplete="new-password" />
            <mat-hint>初回ログイン時に本人が変更します。</mat-hint>
            <mat-error>{{ msg('password', '初期パスワード') }}</mat-error>
          </mat-form-field>
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
  styles: `
    .row { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
    .roles { border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; margin: 0 0 16px; display: grid; grid-template-columns: 1fr 1fr; }
    .field-error { grid-column: 1 / -1; font-size: 12px; padding: 4px; }
  `,
})
export class UserDialog implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly ref = inject<MatDialogRef<UserDialog, UserRow>>(MatDialogRef);
  private readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);

  readonly editing = this.data.user !== null;
  readonly roles = ROLES;
  readonly roleLabels = ROLE_LABELS;
  readonly departments = signal<DepartmentRow[]>([]);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  private version = this.data.user?.version ?? 0;

  readonly form = inject(NonNullableFormBuilder).group({
    loginId: ['', [Validators.required, Validators.maxLength(60), Validators.pattern(/^[A-Za-z0-9._-]+$/)]],
    name: ['', [Validators.required, Validators.maxLength(50)]],
    nameKana: ['', Validators.maxLength(50)],
    email: ['', [Validators.email, Validators.maxLength(254)]],
    departmentId: new FormControl<number | null>(null, Validators.required),
    roles: [[] as Role[], Validators.required],
    active: [true],
    password: ['', this.editing ? [] : [Validators.required, passwordPolicyValidator((): string => this.form?.controls.loginId.value ?? '')]],
  });

  ngOnInit(): void {
    if (this.data.user) this.fill(this.data.user);
    void this.loadDepartments();
  }

  private fill(user: UserRow): void {
    this.version = user.version;
    this.form.patchValue({
      loginId: user.loginId,
      name: user.name,
      nameKana: user.nameKana ?? '',
      email: user.email ?? '',
      departmentId: user.department?.id ?? null,
      roles: [...user.roles],
      active: user.active,
    });
  }

  private async loadDepartments(): Promise<void> {
    try {
      const res = await firstValueFrom(this.http.get<ListResult<DepartmentRow>>('/api/departments', { params: { limit: 1000 } }));
      const list = res.rows;
      // A user may still belong to a department that has since been made inactive.
      const current = this.data.user?.department;
      if (current && !list.some((d) => d.id === current.id)) list.push({ ...current, sortOrder: 0, active: false, version: 0, updatedAt: '' });
      this.departments.set(list);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  hasRole(role: Role): boolean {
    return this.form.controls.roles.value.includes(role);
  }

  toggleRole(role: Role, checked: boolean): void {
    const current = this.form.controls.roles.value.filter((r) => r !== role);
    // Keep the catalogue's order so the saved list reads the same everywhere.
    const next = checked ? ROLES.filter((r) => r === role || current.includes(r)) : current;
    this.form.controls.roles.setValue(next.length ? next : []);
    this.form.controls.roles.markAsTouched();
  }

  msg(field: keyof typeof this.form.controls, label = ''): string {
    return controlMessage(this.form.controls[field], label);
  }

  async save(): Promise<void> {
    this.error.set(null);
    const roles = this.form.controls.roles;
    if (!roles.value.length) roles.setErrors({ required: true });
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body = {
      name: v.name.trim(),
      nameKana: v.nameKana.trim() || null,
      email: v.email.trim() || null,
      departmentId: v.departmentId,
      roles: v.roles,
    };
    const saved = await saveForm<UserRow>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: async () =>
        this.editing
        ? await firstValueFrom(this.http.patch<UserRow>(`/api/users/${this.data.user!.id}`, { ...body, active: v.active, version: this.version }))
        : await firstValueFrom(this.http.post<UserRow>('/api/users', { ...body, loginId: v.loginId.trim(), password: v.password })),
      onConflict: this.editing ? (message) => this.reload(message) : undefined,
    });
    if (saved) this.ref.close(saved);
  }

  /** Someone else saved first: show their version so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      const latest = await firstValueFrom(this.http.get<UserRow>(`/api/users/${this.data.user!.id}`));
      this.fill(latest);
      this.error.set(`${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`);
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
