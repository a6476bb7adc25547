import { Directive, inject, OnInit, signal } from '@angular/core';
import { AbstractControl, FormGroup } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { ERROR_CODES } from '@keiyaku/domain';
import { errorCode, errorMessage, fieldErrors } from '@keiyaku/web/ui';
import { PartRow } from '../models';
import { fieldMessage } from '../validators';
import { VendorsApi } from '../vendors-api.service';
import { PartDialogData } from './vendor-context';

/**
 * What every add/edit dialog of a vendor part does alike: POST or PATCH with the row's version,
 * the server's per-field errors beside the inputs, and on 409 the latest row loaded again.
 */
@Directive()
export abstract class PartDialog<T extends PartRow> implements OnInit {
  protected readonly api = inject(VendorsApi);
  private readonly ref = inject<MatDialogRef<unknown, T>>(MatDialogRef);
  readonly data = inject<PartDialogData<T>>(MAT_DIALOG_DATA);

  readonly editing = this.data.row !== null;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  private version = this.data.row?.version ?? 0;

  abstract readonly form: FormGroup;
  /** The request body (without version); may first do work such as uploading a file. */
  protected abstract body(): Record<string, unknown> | Promise<Record<string, unknown>>;
  protected abstract fill(row: T): void;

  ngOnInit(): void {
    if (this.data.row) this.fill(this.data.row);
  }

  msg(path: string, label = ''): string {
    return fieldMessage(this.form.get(path), label);
  }

  /** Checks the form first; a dialog may add its own checks by overriding. */
  protected validate(): boolean {
    if (this.form.valid) return true;
    this.form.markAllAsTouched();
    this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
    return false;
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (!this.validate()) return;
    const { vendorId, part, row } = this.data;
    this.busy.set(true);
    try {
      const body = await this.body();
      const saved = row
        ? await this.api.updatePart<T>(vendorId, part, row.id, { ...body, version: this.version })
        : await this.api.addPart<T>(vendorId, part, body);
      this.ref.close(saved);
    } catch (err) {
      if (row && errorCode(err) === ERROR_CODES.conflict) await this.reload(errorMessage(err));
      else {
        this.applyErrors(err);
        this.error.set(errorMessage(err));
      }
    } finally {
      this.busy.set(false);
    }
  }

  /** `scores[0].x1` from the server is the control at `scores.0.x1`. */
  private applyErrors(err: unknown): void {
    for (const [field, message] of Object.entries(fieldErrors(err))) {
      const control: AbstractControl | null = this.form.get(field.replace(/\[(\d+)\]/g, '.$1'));
      if (!control) continue;
      control.setErrors({ ...(control.errors ?? {}), server: message });
      control.markAsTouched();
    }
  }

  /** Someone else saved this row first: show their version so the edit can be redone on it. */
  private async reload(message: string): Promise<void> {
    const { vendorId, part, row } = this.data;
    if (!row) return;
    try {
      const latest = (await this.api.listPart<T>(vendorId, part)).find((r) => r.id === row.id);
      if (!latest) {
        this.error.set(`${message}（この行は既に削除されています。画面を閉じて一覧を確認してください。）`);
        return;
      }
      this.version = latest.version;
      this.fill(latest);
      this.error.set(`${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`);
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
