import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '@keiyaku/web/auth';
import { errorMessage } from '@keiyaku/web/ui';
import { ContractsApi } from '../contracts-api.service';
import { Department, DIRECT_METHOD_OPTIONS } from '../models';
import { ContractFieldsComponent } from './contract-fields.component';
import { applyErrors, buildContractForm, contractBody } from './contract-form';

/** 契約の新規登録: a 随意契約 (or 見積合せ) entered directly, checked against the 少額随意契約 limit. */
@Component({
  selector: 'ky-contract-new-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, RouterLink, ContractFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/contracts">契約</a> ＞ 新規登録</nav>
      <h1 class="ky-page-title">契約の新規登録</h1>
      <p class="note">入札を経ない随意契約・見積合せの契約を登録します（入札案件の契約は、落札決定で契約案が作成されます）。登録後、起案して決裁を受けてから締結します。</p>
      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <ky-contract-fields [form]="form" [departments]="departments()" [methods]="methods" />
        @if (error()) {
          <p class="ky-error" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <a mat-button routerLink="/contracts">キャンセル</a>
          <button mat-flat-button type="submit" [disabled]="busy()"><mat-icon>save</mat-icon>登録</button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .page { max-width: 1200px; }
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .note { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin: 0 0 12px; }
    .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 8px; }
  `,
})
export class ContractNewPage implements OnInit {
  private readonly api = inject(ContractsApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  readonly form = buildContractForm(inject(NonNullableFormBuilder));
  readonly methods = DIRECT_METHOD_OPTIONS;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly departments = signal<Department[]>([]);

  ngOnInit(): void {
    // The user's own department by default (a works-department user may register only for it).
    this.form.controls.departmentId.setValue(this.auth.user()?.department?.id ?? null);
    this.api.departments().then(
      (list) => this.departments.set(list),
      () => undefined, // 担当課 then offers （指定なし） only
    );
  }

  async save(): Promise<void> {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('入力内容に誤りがあります。赤く表示された項目を確認してください。');
      return;
    }
    const body = Object.fromEntries(Object.entries(contractBody(this.form)).filter(([, v]) => v !== null));
    this.busy.set(true);
    try {
      const saved = await this.api.create(body);
      this.snack.open(`契約「${saved.title}」を登録しました（起案中）。`, '閉じる', { duration: 5000 });
      await this.router.navigate(['/contracts', saved.id]);
    } catch (err) {
      applyErrors(this.form, err);
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
