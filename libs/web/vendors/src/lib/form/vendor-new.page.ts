import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { merge } from 'rxjs';
import { applyServerErrors, errorMessage } from '@keiyaku/web/ui';
import { DuplicateCandidate } from '../models';
import { VendorsApi } from '../vendors-api.service';
import { DuplicateListComponent } from './duplicate-list.component';
import { VendorFieldsComponent } from './vendor-fields.component';
import { buildVendorForm, vendorBody } from './vendor-form';

/** Registration of a new vendor: possible duplicates are shown before anything is saved. */
@Component({
  selector: 'ky-vendor-new-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, RouterLink, VendorFieldsComponent, DuplicateListComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/vendors">業者</a> ＞ 新規登録</nav>
      <h1 class="ky-page-title">業者の新規登録</h1>
      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <ky-vendor-fields [form]="form" [creating]="true" />
        @if (candidates().length) {
          <ky-duplicate-list [candidates]="candidates()" [title]="blocked() ? '法人番号が同じ業者が既に登録されています。登録済みの業者を確認してください。' : '同じ業者が既に登録されている可能性があります。別の業者であることを確認してから登録してください。'" />
        }
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <a mat-button routerLink="/vendors">キャンセル</a>
          <button mat-flat-button type="submit" [disabled]="busy() || blocked()">
            <mat-icon>save</mat-icon>{{ candidates().length ? '確認のうえ登録' : '登録' }}
          </button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .page { max-width: 1100px; }
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 8px; }
  `,
})
export class VendorNewPage {
  private readonly api = inject(VendorsApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);

  readonly form = buildVendorForm(inject(NonNullableFormBuilder), this.destroyRef);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  /** null: not checked since the identifying fields last changed. */
  private readonly checked = signal<DuplicateCandidate[] | null>(null);
  readonly candidates = computed(() => this.checked() ?? []);
  /** The same 法人番号 is one company: the server refuses it, so the form does too. */
  readonly blocked = computed(() => this.candidates().some((c) => c.reason.startsWith('法人番号')));

  constructor() {
    const c = this.form.controls;
    merge(c.corporateNumber.valueChanges, c.name.valueChanges, c.address.valueChanges, c.entityType.valueChanges)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.checked.set(null));
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const body = vendorBody(this.form);
    this.busy.set(true);
    try {
      if (this.checked() === null) {
        const found = await this.api.checkDuplicates({ corporateNumber: body['corporateNumber'] as string | null, name: body['name'] as string, address: body['address'] as string });
        this.checked.set(found);
        // Shown first; a second 「確認のうえ登録」 saves.
        if (found.length) return;
      }
      const code = this.form.controls.vendorCode.value.trim();
      const saved = await this.api.create({ ...body, vendorCode: code || null });
      this.snack.open(`${saved.name}（業者番号 ${saved.vendorCode}）を登録しました。`, '閉じる', { duration: 5000 });
      await this.router.navigate(['/vendors', saved.id], { state: { warnings: saved.warnings ?? [] } });
    } catch (err) {
      // Field errors go beside their inputs; the summary stays above the buttons.
      applyServerErrors(this.form, err);
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
