import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { Attachment } from '../../models';
import { PartDialog } from '../part-dialog';

/** The documents vendors commonly hand in (registry.md); any other name may be typed. */
const COMMON_LABELS = [
  '建設業許可通知書の写し',
  '経営事項審査結果通知書の写し',
  '工事経歴書',
  '技術職員名簿',
  '納税証明書',
  '市税完納証明書',
  '営業所一覧表',
  '委任状',
  '暴力団排除に関する誓約書',
  '役員名簿',
  '社会保険加入を証明する書類',
];

const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const MAX_BYTES = 20 * 1024 * 1024;

/** 添付書類: the file is uploaded first (purpose=vendor), then attached under a document name. */
@Component({
  selector: 'ky-attachment-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ editing ? '書類名の変更' : '書類の添付' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="ky-dialog-form">
        <mat-form-field appearance="outline">
          <mat-label>書類名</mat-label>
          <input matInput formControlName="label" autocomplete="off" list="ky-attachment-labels" />
          <datalist id="ky-attachment-labels">
            @for (l of labels; track l) {
              <option [value]="l"></option>
            }
          </datalist>
          <mat-error>{{ msg('label', '書類名') }}</mat-error>
        </mat-form-field>
        @if (!editing) {
          <div class="file">
            <input #picker type="file" class="picker" [accept]="accept" aria-label="添付するファイル" (change)="onFile(picker.files)" />
            <button mat-stroked-button type="button" (click)="picker.click()"><mat-icon>attach_file</mat-icon>ファイルを選択</button>
            <span class="name">{{ file()?.name ?? '選択されていません' }}</span>
          </div>
          <p class="hint">PDF・JPEG・PNG（20MBまで）</p>
        }
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">{{ editing ? '保存' : '添付' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .file { display: flex; align-items: center; gap: 12px; }
    .picker { display: none; }
    .name { font-size: 13px; word-break: break-all; }
    .hint { font-size: 12px; color: var(--mat-sys-on-surface-variant); margin: 4px 0 0; }
  `,
})
export class AttachmentDialog extends PartDialog<Attachment> {
  readonly labels = COMMON_LABELS;
  readonly accept = ACCEPT;
  readonly file = signal<File | null>(null);
  /** An upload that succeeded while attaching failed is reused rather than sent again. */
  private uploaded: { file: File; id: number } | null = null;

  readonly form = inject(NonNullableFormBuilder).group({
    label: ['', [Validators.required, Validators.maxLength(100)]],
  });

  onFile(files: FileList | null): void {
    const file = files?.[0] ?? null;
    this.error.set(null);
    if (file && file.size > MAX_BYTES) {
      this.error.set('ファイルが大きすぎます（20MBまで）。');
      this.file.set(null);
      return;
    }
    this.file.set(file);
    // The file's name is a sensible document name when none was typed.
    if (file && !this.form.controls.label.value) this.form.controls.label.setValue(file.name.replace(/\.[^.]+$/, '').slice(0, 100));
  }

  protected override validate(): boolean {
    if (!this.editing && !this.file()) {
      this.error.set('添付するファイルを選択してください。');
      return false;
    }
    return super.validate();
  }

  protected fill(a: Attachment): void {
    this.form.reset({ label: a.label });
  }

  protected async body(): Promise<Record<string, unknown>> {
    const label = this.form.controls.label.value.trim();
    if (this.editing) return { label };
    const file = this.file();
    if (!file) throw new Error('validate() requires a file'); // unreachable: checked before saving
    if (this.uploaded?.file !== file) this.uploaded = { file, id: (await this.api.upload(file, 'vendor')).id };
    return { fileId: this.uploaded.id, label };
  }
}
