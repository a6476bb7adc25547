import { AbstractControl, FormControl, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import { BondKind, TenderMethod } from '@keiyaku/domain';
import { controlMessage, fieldErrors } from '@keiyaku/web/ui';
import { ContractCategory, ContractDetail, numberOrNull, textOrNull } from '../models';

export const MAX_YEN = 999_999_999_999_999;

/** 随意契約 needs its reason (the server refuses it without one). */
function requiredWhenNegotiated(control: AbstractControl): ValidationErrors | null {
  const negotiated = control.parent?.get('method')?.value === 'negotiated';
  return negotiated && !String(control.value ?? '').trim() ? { required: true } : null;
}

/** 工期: 契約日 ≦ 工期（至）, 工期（自） ≦ 工期（至）. */
function periodOrder(group: AbstractControl): ValidationErrors | null {
  const v = group.value as Record<string, string>;
  if (v['periodFrom'] && v['periodTo'] && v['periodTo'] < v['periodFrom']) return { periodOrder: '工期（至）が工期（自）より前です。' };
  if (v['contractDate'] && v['periodTo'] && v['periodTo'] < v['contractDate']) return { periodOrder: '工期（至）が契約日より前です。' };
  return null;
}

/** Fields fixed once the contract is concluded (they change only through a 変更契約). */
export const FROZEN_FIELDS = ['vendorId', 'amount', 'contractDate', 'periodFrom', 'periodTo', 'category', 'method', 'smallContractKind'] as const;

export function buildContractForm(fb: NonNullableFormBuilder) {
  return fb.group(
    {
      title: ['', [Validators.required, Validators.maxLength(300)]],
      vendorId: new FormControl<number | null>(null, Validators.required),
      category: fb.control<ContractCategory>('construction', Validators.required),
      tradeCode: [''],
      method: fb.control<TenderMethod>('negotiated', Validators.required),
      departmentId: new FormControl<number | null>(null),
      location: ['', Validators.maxLength(300)],
      negotiatedReason: ['', [Validators.maxLength(600), requiredWhenNegotiated]],
      smallContractKind: [''],
      budgetLineCode: ['', Validators.maxLength(40)],
      supervisorId: new FormControl<number | null>(null),
      amount: new FormControl<number | null>(null, [Validators.required, Validators.min(1), Validators.max(MAX_YEN)]),
      contractDate: [''],
      periodFrom: [''],
      periodTo: [''],
      bondKind: fb.control<BondKind | ''>(''),
      bondAmount: new FormControl<number | null>(null, [Validators.min(0), Validators.max(MAX_YEN)]),
      advanceRate: new FormControl<number | null>(null, [Validators.min(0), Validators.max(60)]),
      notes: ['', Validators.maxLength(3000)],
    },
    { validators: periodOrder },
  );
}

export type ContractForm = ReturnType<typeof buildContractForm>;

export function fillContract(form: ContractForm, c: ContractDetail): void {
  form.reset({
    title: c.title,
    vendorId: c.vendorId,
    category: c.category,
    tradeCode: c.tradeCode ?? '',
    method: c.method,
    departmentId: c.departmentId,
    location: c.location ?? '',
    negotiatedReason: c.negotiatedReason ?? '',
    smallContractKind: c.smallContractKind ?? '',
    budgetLineCode: c.budgetLineCode ?? '',
    supervisorId: c.supervisorId,
    amount: c.amount,
    contractDate: c.contractDate ?? '',
    periodFrom: c.periodFrom ?? '',
    periodTo: c.periodTo ?? '',
    bondKind: c.bondKind ?? '',
    bondAmount: c.bondAmount,
    advanceRate: c.advanceRate,
    notes: c.notes ?? '',
  });
}

export function contractBody(form: ContractForm): Record<string, unknown> {
  const v = form.getRawValue();
  const date = (s: string) => s || null;
  const direct = v.method === 'negotiated' || v.method === 'quotation';
  return {
    title: v.title.trim(),
    vendorId: v.vendorId,
    category: v.category,
    tradeCode: v.tradeCode || null,
    method: v.method,
    departmentId: v.departmentId ?? null,
    location: textOrNull(v.location),
    negotiatedReason: v.method === 'negotiated' ? textOrNull(v.negotiatedReason) : null,
    smallContractKind: direct ? v.smallContractKind || null : null,
    budgetLineCode: textOrNull(v.budgetLineCode),
    supervisorId: v.supervisorId ?? null,
    amount: numberOrNull(v.amount),
    contractDate: date(v.contractDate),
    periodFrom: date(v.periodFrom),
    periodTo: date(v.periodTo),
    bondKind: v.bondKind || null,
    bondAmount: v.bondKind && v.bondKind !== 'exempt' ? numberOrNull(v.bondAmount) : null,
    advanceRate: numberOrNull(v.advanceRate),
    notes: textOrNull(v.notes),
  };
}

/** Only what changed, so the history names the fields that were really edited. */
export function changedFields(body: Record<string, unknown>, original: object): Record<string, unknown> {
  const source = original as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(source[key] ?? null) !== JSON.stringify(value ?? null)));
}

/** The message under a field: the server's, then ours, then the common ones. */
export function fieldMessage(control: AbstractControl | null, label = ''): string {
  const e = control?.errors;
  if (!e) return '';
  if (e['server']) return e['server'];
  if (e['max']) return `${e['max'].max.toLocaleString('ja-JP')}以下の値を入力してください。`;
  return controlMessage(control, label);
}

/** The server's field errors on the matching inputs (`inspectorIds.0` is the inspectors' list). */
export function applyErrors(form: { get(path: string): AbstractControl | null }, error: unknown, aliases: Record<string, string> = {}): boolean {
  let matched = false;
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const path = field.replace(/\[(\d+)\]/g, '.$1');
    const control = form.get(aliases[path] ?? aliases[path.split('.')[0]] ?? path);
    if (!control) continue;
    control.setErrors({ ...(control.errors ?? {}), server: message });
    control.markAsTouched();
    matched = true;
  }
  return matched;
}
