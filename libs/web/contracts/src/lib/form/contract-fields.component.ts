import { ChangeDetectionStrategy, ChangeDetectorRef, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { startWith } from 'rxjs';
import { fiscalYearOf, smallContractLimit, TenderMethod, todayInJapan } from '@keiyaku/domain';
import { errorMessage } from '@keiyaku/web/ui';
import { ContractsApi } from '../contracts-api.service';
import { BOND_OPTIONS, BudgetLineStatus, CATEGORY_OPTIONS, ContractCategory, Department, formatYen, InspectorCandidate, numberOrNull, SMALL_KIND_OPTIONS, Trade, VendorPick } from '../models';
import { FORM_GRID_STYLES } from '../styles';
import { ContractForm, fieldMessage } from './contract-form';

/** The 概要 fields of a contract; the parent owns the form and the saving. */
@Component({
  selector: 'ky-contract-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatAutocompleteModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="grid" [formGroup]="form()">
      <mat-form-field appearance="outline" class="w4">
        <mat-label>件名</mat-label>
        <input matInput formControlName="title" autocomplete="off" />
        <mat-error>{{ msg('title', '件名') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline" class="w2">
        <mat-label>契約の相手方（業者番号・名称で検索）</mat-label>
        <input matInput [formControl]="vendorSearch" [matAutocomplete]="auto" autocomplete="off" (input)="search()" />
        <mat-autocomplete #auto="matAutocomplete" [displayWith]="vendorText" (optionSelected)="pick($event)">
          @for (v of found(); track v.id) {
            <mat-option [value]="v">{{ v.vendorCode }} {{ v.name }}</mat-option>
          }
        </mat-autocomplete>
        <mat-error>{{ vendorMessage() }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>部門</mat-label>
        <mat-select formControlName="category">
          @for (o of categories; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('category') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ form().controls.category.value === 'construction' ? '業種' : '業務の種類' }}</mat-label>
        <mat-select formControlName="tradeCode">
          <mat-option value="">（指定なし）</mat-option>
          @for (t of trades(); track t.code) {
            <mat-option [value]="t.code">{{ t.code }} {{ t.name }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('tradeCode') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>契約方法</mat-label>
        <mat-select formControlName="method">
          @for (o of methods(); track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('method') }}</mat-error>
      </mat-form-field>
      @if (direct()) {
        <mat-form-field appearance="outline">
          <mat-label>少額随意契約の区分</mat-label>
          <mat-select formControlName="smallContractKind">
            <mat-option value="">（少額随意契約ではない）</mat-option>
            @for (o of smallKinds; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
          @if (limitText(); as text) {
            <mat-hint data-figure="smallContractLimit">{{ text }}</mat-hint>
          }
          <mat-error>{{ msg('smallContractKind') }}</mat-error>
        </mat-form-field>
      } @else {
        <div></div>
      }
      <mat-form-field appearance="outline">
        <mat-label>担当課</mat-label>
        <mat-select formControlName="departmentId">
          <mat-option [value]="null">（指定なし）</mat-option>
          @for (d of departments(); track d.id) {
            <mat-option [value]="d.id">{{ d.name }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('departmentId') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>予算科目</mat-label>
        <input matInput formControlName="budgetLineCode" autocomplete="off" [matAutocomplete]="budgetAuto" (input)="searchBudget()" (focus)="searchBudget()" />
        <mat-autocomplete #budgetAuto="matAutocomplete">
          @for (b of budgetLines(); track b.id) {
            <mat-option [value]="b.budgetCode">{{ b.budgetCode }} {{ b.budgetName }}（残 {{ yen(b.remaining) }}）</mat-option>
          }
        </mat-autocomplete>
        <mat-hint>{{ budgetHint() }}</mat-hint>
        <mat-error>{{ msg('budgetLineCode') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>監督員</mat-label>
        <mat-select formControlName="supervisorId">
          <mat-option [value]="null">（未定）</mat-option>
          @for (u of supervisors(); track u.id) {
            <mat-option [value]="u.id">{{ u.name }}{{ u.departmentName ? '（' + u.departmentName + '）' : '' }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('supervisorId') }}</mat-error>
      </mat-form-field>

      @if (form().controls.method.value === 'negotiated') {
        <mat-form-field appearance="outline" class="w4">
          <mat-label>随意契約の理由</mat-label>
          <textarea matInput formControlName="negotiatedReason" rows="2"></textarea>
          <mat-hint>地方自治法施行令第167条の2第1項の該当号と理由</mat-hint>
          <mat-error>{{ msg('negotiatedReason', '随意契約の理由') }}</mat-error>
        </mat-form-field>
      }

      <mat-form-field appearance="outline" class="w2">
        <mat-label>場所</mat-label>
        <input matInput formControlName="location" autocomplete="off" />
        <mat-error>{{ msg('location') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" class="w2">
        <mat-label>契約金額（税込）</mat-label>
        <input matInput type="number" formControlName="amount" min="1" />
        @if (overLimit()) {
          <mat-hint class="warn" role="alert">少額随意契約の限度額を超えています。</mat-hint>
        }
        <mat-error>{{ msg('amount', '契約金額') }}</mat-error>
      </mat-form-field>

      <mat-form-field appearance="outline">
        <mat-label>契約日</mat-label>
        <input matInput type="date" formControlName="contractDate" />
        <mat-error>{{ msg('contractDate') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>工期（自）</mat-label>
        <input matInput type="date" formControlName="periodFrom" />
        <mat-error>{{ msg('periodFrom') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>工期（至）</mat-label>
        <input matInput type="date" formControlName="periodTo" />
        <mat-error>{{ msg('periodTo') }}</mat-error>
      </mat-form-field>
      @if (form().errors?.['periodOrder']; as order) {
        <p class="ky-error" role="alert">{{ order }}</p>
      } @else {
        <div></div>
      }

      <mat-form-field appearance="outline">
        <mat-label>契約保証</mat-label>
        <mat-select formControlName="bondKind">
          <mat-option value="">（未定）</mat-option>
          @for (o of bonds; track o.value) {
            <mat-option [value]="o.value">{{ o.label }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ msg('bondKind') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>契約保証の金額</mat-label>
        <input matInput type="number" formControlName="bondAmount" min="0" />
        <mat-error>{{ msg('bondAmount') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>前払金の割合（%）</mat-label>
        <input matInput type="number" formControlName="advanceRate" min="0" max="60" />
        <mat-error>{{ msg('advanceRate') }}</mat-error>
      </mat-form-field>
      <div></div>

      <mat-form-field appearance="outline" class="w4">
        <mat-label>備考</mat-label>
        <textarea matInput formControlName="notes" rows="2"></textarea>
        <mat-error>{{ msg('notes') }}</mat-error>
      </mat-form-field>
    </div>
    @if (searchError()) {
      <p class="ky-error" role="alert">{{ searchError() }}</p>
    }
  `,
  styles: [FORM_GRID_STYLES, '.grid p.ky-error { margin: 16px 0 0; font-size: 13px; } .warn { color: #b3261e; }'],
})
export class ContractFieldsComponent {
  private readonly api = inject(ContractsApi);
  readonly form = input.required<ContractForm>();
  readonly departments = input<Department[]>([]);
  readonly methods = input.required<Array<{ value: TenderMethod; label: string }>>();
  /** The chosen vendor's label when the form opens on a saved contract. */
  readonly vendorLabel = input<string>('');

  readonly categories = CATEGORY_OPTIONS;
  readonly smallKinds = SMALL_KIND_OPTIONS;
  readonly bonds = BOND_OPTIONS;
  readonly trades = signal<Trade[]>([]);
  readonly found = signal<VendorPick[]>([]);
  readonly searchError = signal<string | null>(null);
  readonly supervisors = signal<InspectorCandidate[]>([]);
  readonly budgetLines = signal<BudgetLineStatus[]>([]);
  /** The imported lines of the contract date's fiscal year (none imported: a free code is kept). */
  readonly budgetHint = computed(() => {
    this.tick();
    const code = this.form().controls.budgetLineCode.value;
    const line = this.budgetLines().find((b) => b.budgetCode === code);
    if (!line) return '';
    return `${line.budgetName}：予算 ${formatYen(line.amount)}・契約済 ${formatYen(line.committed)}・残 ${formatYen(line.remaining)}`;
  });
  private budgetTimer: ReturnType<typeof setTimeout> | undefined;
  readonly vendorSearch = new FormControl<string | VendorPick>('', { nonNullable: true });
  /** 少額随意契約: the city's day of the 2025 limits (setting), read once. */
  readonly newLimitsFrom = signal('2025-04-01');
  private readonly tick = signal(0);
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly direct = computed(() => {
    this.tick();
    const m = this.form().controls.method.value;
    return m === 'negotiated' || m === 'quotation';
  });
  readonly limit = computed(() => {
    this.tick();
    const v = this.form().getRawValue();
    if (!this.direct() || !v.smallContractKind) return null;
    return smallContractLimit(v.smallContractKind, v.contractDate || todayInJapan(), this.newLimitsFrom());
  });
  readonly limitText = computed(() => {
    const limit = this.limit();
    if (limit === null) return '';
    const date = this.form().controls.contractDate.value;
    return `限度額 ${formatYen(limit)}（税込・${date ? '契約日' : '本日'}時点）`;
  });
  readonly overLimit = computed(() => {
    this.tick();
    const limit = this.limit();
    const amount = numberOrNull(this.form().controls.amount.value);
    return limit !== null && amount !== null && amount > limit;
  });

  readonly vendorText = (v: string | VendorPick | null): string => (!v ? '' : typeof v === 'string' ? v : `${v.vendorCode} ${v.name}`);

  constructor() {
    const cdr = inject(ChangeDetectorRef);
    void this.api.setting<string>('contracts.smallContractNewLimitsFrom', '2025-04-01').then((d) => this.newLimitsFrom.set(d || '2025-04-01'));
    // Only contract staff may list them; an empty list leaves the field at （未定）.
    void this.api.supervisorCandidates().then((list) => this.supervisors.set(list), () => this.supervisors.set([]));
    effect(() => {
      const label = this.vendorLabel();
      untracked(() => {
        if (label && !this.vendorSearch.value) this.vendorSearch.setValue(label);
      });
    });
    effect((onCleanup) => {
      const form = this.form();
      // The search box shows the vendor field's state (required, the server's message).
      this.vendorSearch.setValidators(() => (form.controls.vendorId.invalid ? { vendor: true } : null));
      // The parent marks fields touched or puts the server's errors on them: show them here too.
      const events = form.events.subscribe(() => {
        this.tick.update((n) => n + 1);
        if (form.controls.vendorId.touched) this.vendorSearch.markAsTouched();
        this.vendorSearch.updateValueAndValidity({ emitEvent: false });
        if (form.controls.vendorId.disabled !== this.vendorSearch.disabled) {
          if (form.controls.vendorId.disabled) this.vendorSearch.disable({ emitEvent: false });
          else this.vendorSearch.enable({ emitEvent: false });
        }
        cdr.markForCheck();
      });
      const category = form.controls.category.valueChanges.pipe(startWith(form.controls.category.value)).subscribe((c) => void this.loadTrades(c));
      const method = form.controls.method.valueChanges.subscribe(() => form.controls.negotiatedReason.updateValueAndValidity());
      onCleanup(() => {
        events.unsubscribe();
        category.unsubscribe();
        method.unsubscribe();
      });
    });
  }

  private async loadTrades(category: ContractCategory): Promise<void> {
    const list = await this.api.trades(category);
    if (this.form().controls.category.value !== category) return;
    this.trades.set(list);
    const trade = this.form().controls.tradeCode;
    if (trade.value && !list.some((t) => t.code === trade.value)) trade.setValue('');
  }

  search(): void {
    const value = this.vendorSearch.value;
    // Typing again forgets the vendor chosen before.
    if (this.form().controls.vendorId.value !== null) this.form().controls.vendorId.setValue(null);
    clearTimeout(this.timer);
    const q = typeof value === 'string' ? value.trim() : '';
    if (!q) {
      this.found.set([]);
      return;
    }
    this.timer = setTimeout(async () => {
      try {
        this.found.set(await this.api.searchVendors(q));
        this.searchError.set(null);
      } catch (err) {
        this.searchError.set(errorMessage(err));
      }
    }, 250);
  }

  /** Lines of the fiscal year of the contract date (today when not set), matching what is typed. */
  searchBudget(): void {
    clearTimeout(this.budgetTimer);
    const v = this.form().getRawValue();
    const fy = fiscalYearOf(v.contractDate || todayInJapan()) ?? (fiscalYearOf(todayInJapan()) as number);
    this.budgetTimer = setTimeout(async () => {
      try {
        this.budgetLines.set(await this.api.budgetLines(fy, v.budgetLineCode.trim()));
      } catch {
        this.budgetLines.set([]);
      }
    }, 200);
  }

  yen(n: number): string {
    return formatYen(n);
  }

  pick(event: MatAutocompleteSelectedEvent): void {
    const v = event.option.value as VendorPick;
    this.form().controls.vendorId.setValue(v.id);
    this.form().controls.vendorId.markAsTouched();
  }

  vendorMessage(): string {
    return fieldMessage(this.form().controls.vendorId, '契約の相手方') || (this.form().controls.vendorId.invalid ? '契約の相手方を検索して選んでください。' : '');
  }

  msg(field: keyof ContractForm['controls'], label = ''): string {
    return fieldMessage(this.form().controls[field], label);
  }
}
