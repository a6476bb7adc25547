import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { errorMessage, saveForm } from '@keiyaku/web/ui';
import { conflictMessage, Department, TenderDetail } from '../models';
import { TendersApi } from '../tenders-api.service';
import { TenderFieldsComponent } from './tender-fields.component';
import { buildOverviewForm, changedFields, fillOverview, overviewBody } from './tender-form';

export interface TenderEditData {
  tender: TenderDetail;
  departments: Department[];
}

/** 概要の編集: sends only the changed fields with the version it was opened at. */
@Component({
  selector: 'ky-tender-edit-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, TenderFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>概要の編集</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <ky-tender-fields [form]="form" [departments]="data.departments" />
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>キャンセル</button>
        <button mat-flat-button type="submit" [disabled]="busy()">保存</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class TenderEditDialog implements OnInit {
  private readonly api = inject(TendersApi);
  private readonly ref = inject<MatDialogRef<TenderEditDialog, TenderDetail>>(MatDialogRef);
  readonly data = inject<TenderEditData>(MAT_DIALOG_DATA);
  private tender = this.data.tender;

  readonly form = buildOverviewForm(inject(NonNullableFormBuilder));
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  ngOnInit(): void {
    fillOverview(this.form, this.tender);
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const changes = changedFields(overviewBody(this.form), this.tender);
    if (!Object.keys(changes).length) {
      this.ref.close();
      return;
    }
    const saved = await saveForm<TenderDetail>({
      form: this.form,
      busy: this.busy,
      error: this.error,
      save: () => this.api.update(this.tender.id, { ...changes, version: this.tender.version }),
      onConflict: (message) => this.reload(message),
    });
    if (saved) this.ref.close(saved);
  }

  /** Someone else saved first: their version is loaded so the edit can be redone on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      this.tender = await this.api.get(this.tender.id);
      fillOverview(this.form, this.tender);
      this.error.set(conflictMessage(message));
    } catch (err) {
      this.error.set(`${message} ${errorMessage(err)}`);
    }
  }
}
