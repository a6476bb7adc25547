import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { CellParser, DEFAULT_IMPORT_PROFILES, ERROR_CODES, IMPORT_KIND_LABELS, IMPORT_KINDS, ImportKind, ImportProfileDefinition, profileProblems, ProfileColumn } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { errorCode, errorMessage, fieldErrors } from '@keiyaku/web/ui';
import { ImportTabs } from '../import-tabs.component';
import { ImportEncoding, ImportProfileRow, ImportsApi } from '../imports-api.service';

const PARSERS: Array<{ value: CellParser; label: string }> = [
  { value: 'text', label: '文字列' },
  { value: 'integer', label: '整数' },
  { value: 'decimal', label: '小数' },
  { value: 'date', label: '日付' },
  { value: 'code', label: 'コード変換' },
];
const ENCODINGS: Array<{ value: ImportEncoding; label: string }> = [
  { value: 'auto', label: '自動判定' },
  { value: 'utf8', label: 'UTF-8' },
  { value: 'cp932', label: 'Shift_JIS' },
];

/** The profile being edited: a stored one (id) or a copy not saved yet (id null). */
interface Draft {
  id: number | null;
  kind: ImportKind;
  code: string;
  name: string;
  shipped: boolean;
  version: number;
  definition: ImportProfileDefinition;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const draftOf = (p: ImportProfileRow): Draft => ({ id: p.id, kind: p.kind, code: p.code, name: p.name, shipped: p.shipped, version: p.version, definition: clone(p.definition) });

/**
 * 取込定義: the mapping profiles per kind. The shipped default is read-only and can be copied;
 * administrators (admin.settings) edit the copies: name, the columns (見出し → 項目, 読み方,
 * 必須) and the lines before the header. Everyone else with imports.run sees them read-only.
 */
@Component({
  selector: 'ky-import-profiles-page',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatTooltipModule, ImportTabs],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">データ取込</h1>
      <ky-import-tabs />
      <p class="lead">
        取込ファイルの列見出しと項目の対応（取込定義）を種類ごとに管理します。標準の取込定義は変更できません。「コピーして新規作成」で複製してから変更してください。
        @if (!admin) {
          <br />取込定義の変更には「設定の管理」の権限が必要です（閲覧のみ）。
        }
      </p>
      <mat-form-field appearance="outline" class="kind">
        <mat-label>取込の種類</mat-label>
        <mat-select [value]="kind()" (selectionChange)="chooseKind($event.value)">
          @for (k of kinds; track k) {
            <mat-option [value]="k">{{ kindLabels[k] }}</mat-option>
          }
        </mat-select>
      </mat-form-field>

      <div class="layout">
        <nav class="list" aria-label="取込定義の一覧">
          @for (p of profiles(); track p.id) {
            <button type="button" class="item" [class.selected]="draft()?.id === p.id" [attr.aria-pressed]="draft()?.id === p.id" (click)="open(p)">
              <span class="name">{{ p.name }}</span>
              <span class="code">{{ p.code }}{{ p.shipped ? '（標準）' : '' }}</span>
            </button>
          } @empty {
            <p class="empty">取込定義がありません。</p>
          }
        </nav>

        @if (draft(); as d) {
          <form class="editor" aria-label="取込定義の編集" (ngSubmit)="save()">
            <div class="editor-head">
              <h2>{{ d.id === null ? '新しい取込定義' : d.name }}</h2>
              @if (admin && d.id !== null) {
                <button mat-stroked-button type="button" (click)="copy()"><mat-icon>content_copy</mat-icon>コピーして新規作成</button>
              }
            </div>
            @if (d.shipped) {
              <p class="note">標準の取込定義です（変更できません）。</p>
            }
            <div class="row">
              <mat-form-field appearance="outline" class="code-field">
                <mat-label>取込定義コード</mat-label>
                <input matInput name="code" [(ngModel)]="d.code" [disabled]="d.id !== null" required maxlength="40" />
                @if (fields()['code']) {
                  <mat-hint class="field-error">{{ fields()['code'] }}</mat-hint>
                } @else if (d.id === null) {
                  <mat-hint>半角英数字と _ . - （例: BUDGET-2026）</mat-hint>
                }
              </mat-form-field>
              <mat-form-field appearance="outline" class="name-field">
                <mat-label>名称</mat-label>
                <input matInput name="name" [(ngModel)]="d.name" [disabled]="!editable()" required maxlength="200" />
              </mat-form-field>
            </div>
            <div class="row">
              <mat-form-field appearance="outline" class="small">
                <mat-label>文字コード</mat-label>
                <mat-select name="encoding" [(ngModel)]="d.definition.encoding" [disabled]="!editable()">
                  @for (e of encodings; track e.value) {
                    <mat-option [value]="e.value">{{ e.label }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <mat-form-field appearance="outline" class="small">
                <mat-label>見出しの前の行数</mat-label>
                <input matInput type="number" name="skipLines" min="0" max="20" [(ngModel)]="d.definition.skipLines" [disabled]="!editable()" />
              </mat-form-field>
              <mat-checkbox name="skipTotalRows" [(ngModel)]="d.definition.skipTotalRows" [disabled]="!editable()">合計行を読み飛ばす</mat-checkbox>
            </div>

            <table class="columns" aria-label="列の対応">
              <thead>
                <tr><th scope="col">#</th><th scope="col">列見出し</th><th scope="col">項目</th><th scope="col">読み方</th><th scope="col">必須</th><th scope="col"><span class="sr-only">操作</span></th></tr>
              </thead>
              <tbody>
                @for (c of d.definition.columns; track $index; let i = $index) {
                  <tr>
                    <td class="num">{{ i + 1 }}</td>
                    <td>
                      <input class="cell" [name]="'header' + i" [(ngModel)]="c.header" [disabled]="!editable()" [attr.aria-label]="i + 1 + '行目の列見出し'" />
                    </td>
                    <td>
                      <select class="cell" [name]="'field' + i" [ngModel]="c.field" (ngModelChange)="setField(c, $event)" [disabled]="!editable()" [attr.aria-label]="i + 1 + '行目の項目'">
                        @for (f of fieldOptions(); track f.field) {
                          <option [value]="f.field">{{ f.label }}</option>
                        }
                      </select>
                    </td>
                    <td>
                      <select class="cell" [name]="'parser' + i" [(ngModel)]="c.parser" [disabled]="!editable()" [attr.aria-label]="i + 1 + '行目の読み方'">
                        @for (p of parsers; track p.value) {
                          <option [value]="p.value">{{ p.label }}</option>
                        }
                      </select>
                    </td>
                    <td class="center">
                      <input type="checkbox" [name]="'required' + i" [(ngModel)]="c.required" [disabled]="!editable()" [attr.aria-label]="i + 1 + '行目を必須にする'" />
                    </td>
                    <td>
                      @if (editable()) {
                        <button mat-icon-button type="button" matTooltip="この列を削除" [attr.aria-label]="i + 1 + '行目の列を削除'" (click)="removeColumn(i)"><mat-icon>delete</mat-icon></button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
            @if (editable()) {
              <button mat-button type="button" class="add" (click)="addColumn()"><mat-icon>add</mat-icon>列を追加</button>
            }

            @if (editable() && problems().length) {
              <ul class="problems" aria-label="取込定義の誤り">
                @for (p of problems(); track $index) {
                  <li>{{ p }}</li>
                }
              </ul>
            }
            @if (error()) {
              <p class="ky-error" role="alert">{{ error() }}</p>
            }
            @if (editable()) {
              <div class="actions">
                <button mat-button type="button" (click)="cancel()">取り消し</button>
                <button mat-flat-button type="submit" [disabled]="busy()"><mat-icon>save</mat-icon>保存</button>
              </div>
            }
          </form>
        }
      </div>
    </section>
  `,
  styles: `
    .page { max-width: 1280px; }
    .lead { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); }
    .kind { width: 420px; max-width: 100%; }
    .layout { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
    .list { display: flex; flex-direction: column; gap: 4px; width: 300px; }
    .item { display: flex; flex-direction: column; align-items: flex-start; text-align: left; padding: 8px 12px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; background: var(--mat-sys-surface); cursor: pointer; font: inherit; }
    .item.selected { border-color: var(--mat-sys-primary); background: var(--mat-sys-secondary-container); }
    .item .code { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .editor { flex: 1; min-width: 560px; display: flex; flex-direction: column; gap: 4px; }
    .editor-head { display: flex; align-items: center; gap: 12px; }
    .editor-head h2 { margin: 0; font-size: 18px; flex: 1; }
    .note { margin: 0 0 8px; color: var(--mat-sys-on-surface-variant); }
    .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .code-field { width: 240px; }
    .name-field { flex: 1; min-width: 280px; }
    .small { width: 180px; }
    .columns { border-collapse: collapse; width: 100%; }
    .columns th, .columns td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 2px 6px; text-align: left; }
    .columns th { font-size: 13px; font-weight: 600; }
    .num { width: 2em; text-align: right; color: var(--mat-sys-on-surface-variant); }
    .center { text-align: center; }
    .cell { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; background: var(--mat-sys-surface); }
    .add { align-self: flex-start; }
    .problems { color: var(--mat-sys-error); margin: 4px 0; }
    .field-error { color: var(--mat-sys-error); }
    .actions { display: flex; gap: 8px; justify-content: flex-end; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `,
})
export class ImportProfilesPage {
  private readonly api = inject(ImportsApi);
  private readonly snack = inject(MatSnackBar);

  readonly admin = inject(AuthService).can('admin.settings');
  readonly kinds = IMPORT_KINDS;
  readonly kindLabels = IMPORT_KIND_LABELS;
  readonly parsers = PARSERS;
  readonly encodings = ENCODINGS;

  readonly kind = signal<ImportKind>('budgetLines');
  readonly profiles = signal<ImportProfileRow[]>([]);
  readonly draft = signal<Draft | null>(null);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly fields = signal<Record<string, string>>({});

  readonly editable = computed(() => {
    const d = this.draft();
    return this.admin && !!d && !d.shipped;
  });

  /** The fields of the kind, named by the default profile's header. */
  readonly fieldOptions = computed(() =>
    (DEFAULT_IMPORT_PROFILES.find((p) => p.kind === this.kind())?.definition.columns ?? []).map((c) => ({ field: c.field, label: `${c.header}（${c.field}）`, column: c })),
  );

  constructor() {
    void this.load();
  }

  async chooseKind(kind: ImportKind): Promise<void> {
    this.kind.set(kind);
    this.draft.set(null);
    await this.load();
  }

  open(p: ImportProfileRow): void {
    this.draft.set(draftOf(p));
    this.error.set(null);
    this.fields.set({});
  }

  /** 「コピーして新規作成」: a copy of the shown profile, saved with a new code. */
  copy(): void {
    const d = this.draft();
    if (!d) return;
    this.draft.set({ id: null, kind: d.kind, code: '', name: `${d.name}（コピー）`, shipped: false, version: 0, definition: clone(d.definition) });
    this.error.set(null);
    this.fields.set({});
  }

  cancel(): void {
    const d = this.draft();
    const stored = this.profiles().find((p) => p.id === d?.id) ?? this.profiles()[0];
    if (stored) this.open(stored);
    else this.draft.set(null);
  }

  addColumn(): void {
    this.mutate((d) => {
      const used = new Set(d.definition.columns.map((c) => c.field));
      const next = this.fieldOptions().find((f) => !used.has(f.field))?.column ?? this.fieldOptions()[0]?.column;
      d.definition.columns.push(next ? { ...clone(next), required: !!next.required } : { header: '', field: '', parser: 'text' });
    });
  }

  removeColumn(i: number): void {
    this.mutate((d) => d.definition.columns.splice(i, 1));
  }

  /** A new field brings the default's checks with it (length, code table). */
  setField(c: ProfileColumn, field: string): void {
    const base = this.fieldOptions().find((f) => f.field === field)?.column;
    c.field = field;
    c.maxLength = base?.maxLength;
    c.codes = base?.codes ? { ...base.codes } : undefined;
    c.checkOnly = base?.checkOnly;
    if (base) c.parser = base.parser;
    this.mutate(() => undefined);
  }

  problems(): string[] {
    const d = this.draft();
    if (!d) return [];
    return profileProblems(d.kind, this.definitionOf(d)).map((p) => p.message);
  }

  async save(): Promise<void> {
    const d = this.draft();
    if (!d || !this.editable()) return;
    this.error.set(null);
    this.fields.set({});
    if (!d.name.trim()) {
      this.error.set('名称を入力してください。');
      return;
    }
    if (d.id === null && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(d.code)) {
      this.error.set('取込定義コードは半角英数字と _ . - で入力してください。');
      return;
    }
    const problems = this.problems();
    if (problems.length) {
      this.error.set(problems.join(' '));
      return;
    }
    this.busy.set(true);
    try {
      const definition = this.definitionOf(d);
      const saved =
        d.id === null
          ? await this.api.createProfile({ kind: d.kind, code: d.code.trim(), name: d.name.trim(), definition })
          : await this.api.updateProfile(d.id, { name: d.name.trim(), definition, version: d.version });
      await this.load(saved.id);
      this.snack.open(`取込定義「${saved.name}」を保存しました。`, '閉じる', { duration: 4000 });
    } catch (err) {
      // The entries stay as typed: a conflict or a refusal is fixed here, not retyped.
      const message = errorMessage(err);
      this.error.set(errorCode(err) === ERROR_CODES.conflict ? `${message}（入力した内容は残っています。「取り消し」で最新の内容を表示できます。）` : message);
      this.fields.set(fieldErrors(err));
    } finally {
      this.busy.set(false);
    }
  }

  private definitionOf(d: Draft): ImportProfileDefinition {
    return {
      encoding: d.definition.encoding,
      skipLines: Number(d.definition.skipLines) || 0,
      skipTotalRows: !!d.definition.skipTotalRows,
      columns: d.definition.columns.map((c) => {
        const col: ProfileColumn = { header: c.header.trim(), field: c.field, parser: c.parser };
        if (c.required) col.required = true;
        if (c.maxLength) col.maxLength = c.maxLength;
        if (c.codes) col.codes = c.codes;
        if (c.checkOnly) col.checkOnly = true;
        return col;
      }),
    };
  }

  /** Changes the draft in place and hands the signal a new object so the view follows. */
  private mutate(change: (d: Draft) => void): void {
    const d = this.draft();
    if (!d) return;
    change(d);
    this.draft.set({ ...d, definition: { ...d.definition, columns: [...d.definition.columns] } });
  }

  private async load(selectId?: number): Promise<void> {
    const kind = this.kind();
    try {
      const rows = await this.api.profiles(kind);
      if (this.kind() !== kind) return;
      const sorted = [...rows].sort((a, b) => Number(b.shipped) - Number(a.shipped) || a.id - b.id);
      this.profiles.set(sorted);
      const selected = sorted.find((p) => p.id === selectId) ?? (selectId === undefined && !this.draft() ? sorted[0] : undefined);
      if (selected) this.open(selected);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
