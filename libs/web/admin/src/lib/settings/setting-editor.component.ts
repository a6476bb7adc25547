import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, linkedSignal, signal, untracked } from '@angular/core';
import { AbstractControl, FormArray, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { firstValueFrom } from 'rxjs';
import { ERROR_CODES, SettingDefinition, settingDefinition, settingValueProblems, TaxRate } from '@keiyaku/domain';
import { controlMessage, errorCode, errorMessage, fieldErrors, JapaneseDateTimePipe } from '@keiyaku/web/ui';
import { SettingRow } from '../models';

type TaxRow = FormGroup<{ from: FormControl<string>; rate: FormControl<number | null> }>;

const taxRow = (r: Partial<TaxRate> = {}): TaxRow =>
  new FormGroup({ from: new FormControl(r.from ?? '', { nonNullable: true }), rate: new FormControl<number | null>(r.rate ?? null) });

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One setting: the input its type calls for, checked by the same rules as the server
 * (settingValueProblems), saved on its own with the version it was read at.
 */
@Component({
  selector: 'ky-setting-editor',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatIconModule, MatSlideToggleModule, JapaneseDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = row();
    <section class="setting" role="group" [attr.aria-label]="s.label" [attr.data-key]="s.key">
      <div class="field">
        @switch (s.type) {
          @case ('taxTable') {
            <div class="tax">
              <table>
                <caption class="legend">{{ s.label }}</caption>
                <thead>
                  <tr>
                    <th scope="col">適用開始日</th>
                    <th scope="col">税率（%）</th>
                    <th scope="col"><span class="cdk-visually-hidden">削除</span></th>
                  </tr>
                </thead>
                <tbody>
                  @for (r of rows.controls; track r; let i = $index) {
                    <tr [formGroup]="r">
                      <td><input type="date" formControlName="from" [attr.aria-label]="i + 1 + '行目の適用開始日'" /></td>
                      <td><input type="number" min="0" max="100" step="0.1" formControlName="rate" [attr.aria-label]="i + 1 + '行目の税率'" /></td>
                      <td>
                        <button mat-icon-button type="button" [attr.aria-label]="i + 1 + '行目を削除'" [disabled]="rows.length <= 1" (click)="removeRow(i)">
                          <mat-icon>delete</mat-icon>
                        </button>
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
              <button mat-button type="button" (click)="addRow()"><mat-icon>add</mat-icon>行を追加</button>
              @if (s.description) {
                <p class="hint">{{ s.description }}</p>
              }
            </div>
            @if (message()) {
              <p class="ky-error problem" role="alert">{{ message() }}</p>
            }
          }
          @case ('boolean') {
            <mat-slide-toggle [formControl]="control">{{ s.label }}</mat-slide-toggle>
            @if (s.description) {
              <p class="hint">{{ s.description }}</p>
            }
            @if (message()) {
              <p class="ky-error problem" role="alert">{{ message() }}</p>
            }
          }
          @default {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="input">
              <mat-label>{{ s.label }}</mat-label>
              <input matInput [type]="s.type === 'string' ? 'text' : 'number'" [formControl]="control" autocomplete="off" />
              @if (s.description) {
                <mat-hint>{{ s.description }}</mat-hint>
              }
              <mat-error>{{ fieldMessage() }}</mat-error>
            </mat-form-field>
          }
        }
        <p class="meta">
          @if (s.isDefault) {
            既定値のまま
          } @else {
            最終更新: {{ s.updatedAt | japaneseDateTime }}{{ s.updatedBy ? '（' + s.updatedBy + '）' : '' }}
          }
        </p>
        @if (notice(); as n) {
          <p class="notice" [class.ky-error]="n.error" [attr.role]="n.error ? 'alert' : 'status'">{{ n.text }}</p>
        }
      </div>
      <div class="actions">
        <button mat-flat-button type="button" [disabled]="!dirty() || busy()" (click)="save()">保存</button>
        <button mat-button type="button" [disabled]="!dirty() || busy()" (click)="revert()">元に戻す</button>
      </div>
    </section>
  `,
  styles: `
    :host(:last-of-type) .setting { border-bottom: 0; }
    .setting { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 8px 16px; padding: 12px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .input { width: 100%; max-width: 560px; }
    .actions { display: flex; gap: 4px; align-items: flex-start; padding-top: 8px; }
    .meta { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .hint { margin: 4px 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .notice { margin: 4px 0 0; font-size: 13px; }
    .problem { margin: 4px 0 0; font-size: 13px; }
    .tax { border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; padding: 8px 12px; margin: 0; max-width: 560px; }
    .legend { text-align: left; padding: 0 0 4px; color: var(--mat-sys-on-surface-variant); }
    table { border-collapse: collapse; }
    th { text-align: left; font-weight: 500; font-size: 12px; padding: 2px 8px 2px 0; color: var(--mat-sys-on-surface-variant); }
    td { padding: 2px 8px 2px 0; }
    td input { font: inherit; padding: 4px 6px; border: 1px solid var(--mat-sys-outline); border-radius: 4px; background: var(--mat-sys-surface); }
    td input[type='number'] { width: 6em; text-align: right; }
  `,
})
export class SettingEditor {
  private readonly http = inject(HttpClient);

  readonly setting = input.required<SettingRow>();
  /** The row as last read or saved here (a save or a reload replaces it). */
  readonly row = linkedSignal(() => this.setting());

  readonly busy = signal(false);
  readonly notice = signal<{ text: string; error: boolean } | null>(null);
  /** The server's word on the last attempt (cleared by the next edit). */
  private readonly serverError = signal<string | null>(null);
  private readonly edits = signal(0);
  private readonly tried = signal(false);

  readonly control = new FormControl<unknown>(null);
  readonly rows = new FormArray<TaxRow>([]);

  private readonly def = computed<SettingDefinition>(() => {
    const s = this.row();
    return settingDefinition(s.key) ?? { key: s.key, label: s.label, group: s.group, type: s.type, default: null };
  });

  readonly dirty = computed(() => {
    this.edits();
    return !same(this.value(), this.row().value);
  });

  /** Table and switch settings: the server's message, else the catalogue's rules once edited. */
  readonly message = computed(() => {
    this.edits();
    const server = this.serverError();
    if (server) return server;
    if (!this.tried() && !this.dirty()) return '';
    return settingValueProblems(this.def(), this.value()).join(' ');
  });

  constructor() {
    // Added here, not at construction: the rules need the setting input, which arrives later.
    this.control.setValidators((c) => this.validate(c));
    // A new row (first render, saved, reloaded after a conflict) resets the inputs to its value.
    effect(() => {
      const row = this.row();
      untracked(() => this.reset(row));
    });
    const subs = [this.control.valueChanges, this.rows.valueChanges].map((changes) =>
      changes.subscribe(() => {
        this.edits.update((n) => n + 1);
        if (this.serverError()) {
          this.serverError.set(null);
          this.control.updateValueAndValidity({ emitEvent: false });
        }
      }),
    );
    inject(DestroyRef).onDestroy(() => subs.forEach((s) => s.unsubscribe()));
  }

  /** Text and number settings: shown by mat-error once the input is touched. */
  fieldMessage(): string {
    return controlMessage(this.control, this.row().label);
  }

  private validate(c: AbstractControl): ValidationErrors | null {
    if (this.serverError()) return { server: this.serverError() };
    if (this.row().type === 'taxTable' || this.row().type === 'boolean') return null;
    const problems = settingValueProblems(this.def(), this.scalar(c.value));
    return problems.length ? { policy: problems.join(' ') } : null;
  }

  private scalar(raw: unknown): unknown {
    switch (this.row().type) {
      case 'string':
        return typeof raw === 'string' ? raw.trim() : raw;
      case 'integer':
      case 'number':
        return raw === null || raw === '' ? null : Number(raw);
      default:
        return raw;
    }
  }

  /** What would be saved. */
  value(): unknown {
    if (this.row().type !== 'taxTable') return this.scalar(this.control.value);
    return this.rows.getRawValue().map((r) => ({ from: r.from, rate: r.rate === null ? null : Number(r.rate) }));
  }

  private reset(row: SettingRow): void {
    this.tried.set(false);
    if (row.type === 'taxTable') {
      this.rows.clear({ emitEvent: false });
      for (const r of (row.value as TaxRate[]) ?? []) this.rows.push(taxRow(r), { emitEvent: false });
      this.rows.markAsUntouched();
    } else {
      this.control.reset(row.value, { emitEvent: false });
    }
    this.edits.update((n) => n + 1);
  }

  addRow(): void {
    const last = this.rows.at(this.rows.length - 1)?.getRawValue();
    this.rows.push(taxRow({ from: '', rate: last?.rate ?? undefined }));
    this.rows.markAsTouched();
  }

  removeRow(index: number): void {
    this.rows.removeAt(index);
    this.rows.markAsTouched();
  }

  revert(): void {
    this.serverError.set(null);
    this.notice.set(null);
    this.reset(this.row());
  }

  async save(): Promise<void> {
    this.notice.set(null);
    this.tried.set(true);
    this.control.markAsTouched();
    this.rows.markAllAsTouched();
    const value = this.value();
    if (settingValueProblems(this.def(), value).length) {
      this.control.updateValueAndValidity();
      return;
    }
    const row = this.row();
    this.busy.set(true);
    try {
      const saved = await firstValueFrom(this.http.put<SettingRow>(`/api/settings/${encodeURIComponent(row.key)}`, { value, version: row.version }));
      this.row.set(saved);
      this.notice.set({ text: `「${saved.label}」を保存しました。`, error: false });
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict) {
        await this.reload(errorMessage(err));
      } else {
        this.serverError.set(fieldErrors(err)['value'] ?? errorMessage(err));
        this.control.updateValueAndValidity();
        this.control.markAsTouched();
      }
    } finally {
      this.busy.set(false);
    }
  }

  /** Someone else saved first: show their value so the change can be made again on top of it. */
  private async reload(message: string): Promise<void> {
    try {
      const all = await firstValueFrom(this.http.get<SettingRow[]>('/api/settings'));
      const latest = all.find((s) => s.key === this.row().key);
      if (latest) this.row.set(latest);
      this.notice.set({ text: `${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`, error: true });
    } catch (err) {
      this.notice.set({ text: `${message} ${errorMessage(err)}`, error: true });
    }
  }
}
