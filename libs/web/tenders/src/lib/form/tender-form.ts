import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import { BuildingKind, PriceControl, TenderMethod } from '@keiyaku/domain';
import { controlMessage, fieldErrors } from '@keiyaku/web/ui';
import { numberOrNull, PricePublication, PriceRuleSetRow, TenderCategory, TenderDetail, textOrNull } from '../models';
import { componentsOf, PriceDraft } from '../price/live-price';

const MAX_YEN = 999_999_999_999_999;
const yenControl = () => new FormControl<number | null>(null, [Validators.min(1), Validators.max(MAX_YEN)]);

/** 随意契約 needs its reason (the server refuses it without one). */
function requiredWhenNegotiated(control: AbstractControl): ValidationErrors | null {
  const negotiated = control.parent?.get('method')?.value === 'negotiated';
  return negotiated && !String(control.value ?? '').trim() ? { required: true } : null;
}

/** Dates in the order a tender runs: 公告・指名 ≤ 質問期限 ≤ 入札締切 ≤ 開札. */
function dateOrder(group: AbstractControl): ValidationErrors | null {
  const v = group.value as Record<string, string>;
  const start = v['announcementDate'] || v['designationDate'];
  const seq = [start, v['questionDeadline'], v['bidDeadline'], v['openingDate']].filter(Boolean);
  for (let i = 1; i < seq.length; i++) if (seq[i] < seq[i - 1]) return { dateOrder: '日付の順序を確認してください（公告日・指名通知日 ≦ 質問期限 ≦ 入札締切日 ≦ 開札日）。' };
  return null;
}

/** 概要: what the tender is, who orders it, how and when. */
export function buildOverviewForm(fb: NonNullableFormBuilder) {
  return fb.group(
    {
      title: ['', [Validators.required, Validators.maxLength(300)]],
      category: fb.control<TenderCategory>('construction', Validators.required),
      tradeCode: ['', [Validators.required, Validators.maxLength(10)]],
      method: fb.control<TenderMethod>('designated', Validators.required),
      departmentId: new FormControl<number | null>(null),
      location: ['', [Validators.maxLength(300)]],
      comprehensiveEval: [false],
      negotiatedReason: ['', [Validators.maxLength(600), requiredWhenNegotiated]],
      budgetLineCode: ['', [Validators.maxLength(40)]],
      announcementDate: [''],
      designationDate: [''],
      questionDeadline: [''],
      bidDeadline: [''],
      openingDate: [''],
      notes: ['', [Validators.maxLength(3000)]],
    },
    { validators: dateOrder },
  );
}

export type OverviewForm = ReturnType<typeof buildOverviewForm>;

/** 価格: 予定価格, its breakdown (keys of the rule version in force) and how it is used. */
export function buildPriceForm(fb: NonNullableFormBuilder) {
  return fb.group({
    designPrice: yenControl(),
    plannedPrice: yenControl(),
    buildingKind: fb.control<BuildingKind>('none'),
    priceControl: fb.control<PriceControl>('minimum'),
    pricePublication: fb.control<PricePublication>('after'),
    overridePrice: yenControl(),
    overrideReason: ['', [Validators.maxLength(600)]],
    components: new FormGroup<Record<string, FormControl<number | null>>>({}),
  });
}

export type PriceForm = ReturnType<typeof buildPriceForm>;

/** Adds an input for every component the rule asks for (values already typed are kept). */
export function ensureComponents(form: PriceForm, rule: PriceRuleSetRow | null): void {
  const group = form.controls.components;
  for (const c of componentsOf(rule)) {
    if (!group.contains(c.key)) group.addControl(c.key, new FormControl<number | null>(null, [Validators.min(0), Validators.max(MAX_YEN)]), { emitEvent: false });
  }
}

export function fillOverview(form: OverviewForm, t: TenderDetail): void {
  form.reset({
    title: t.title,
    category: t.category,
    tradeCode: t.tradeCode,
    method: t.method,
    departmentId: t.departmentId,
    location: t.location ?? '',
    comprehensiveEval: t.comprehensiveEval,
    negotiatedReason: t.negotiatedReason ?? '',
    budgetLineCode: t.budgetLineCode ?? '',
    announcementDate: t.announcementDate ?? '',
    designationDate: t.designationDate ?? '',
    questionDeadline: t.questionDeadline ?? '',
    bidDeadline: t.bidDeadline ?? '',
    openingDate: t.openingDate ?? '',
    notes: t.notes ?? '',
  });
}

export function fillPrice(form: PriceForm, t: TenderDetail): void {
  const group = form.controls.components;
  for (const [key, value] of Object.entries(t.priceComponents ?? {})) {
    if (!group.contains(key)) group.addControl(key, new FormControl<number | null>(null, [Validators.min(0), Validators.max(MAX_YEN)]), { emitEvent: false });
    group.controls[key].setValue(value, { emitEvent: false });
  }
  for (const [key, control] of Object.entries(group.controls)) if (!(key in (t.priceComponents ?? {}))) control.setValue(null, { emitEvent: false });
  form.patchValue({
    designPrice: t.designPrice,
    plannedPrice: t.plannedPrice,
    buildingKind: t.buildingKind,
    priceControl: t.priceControl,
    pricePublication: t.pricePublication,
    overridePrice: t.overridePrice,
    overrideReason: t.overrideReason ?? '',
  });
  form.markAsPristine();
}

export function overviewBody(form: OverviewForm): Record<string, unknown> {
  const v = form.getRawValue();
  const date = (s: string) => s || null;
  return {
    title: v.title.trim(),
    category: v.category,
    tradeCode: v.tradeCode,
    method: v.method,
    departmentId: v.departmentId ?? null,
    location: textOrNull(v.location),
    comprehensiveEval: v.comprehensiveEval,
    negotiatedReason: v.method === 'negotiated' ? textOrNull(v.negotiatedReason) : null,
    budgetLineCode: textOrNull(v.budgetLineCode),
    announcementDate: date(v.announcementDate),
    designationDate: date(v.designationDate),
    questionDeadline: date(v.questionDeadline),
    bidDeadline: date(v.bidDeadline),
    openingDate: date(v.openingDate),
    notes: textOrNull(v.notes),
  };
}

/** The breakdown as the API takes it: the rule's keys that have an amount; null when none. */
export function componentsBody(form: PriceForm, rule: PriceRuleSetRow | null): Record<string, number> | null {
  const keys = rule ? componentsOf(rule).map((c) => c.key) : Object.keys(form.controls.components.controls);
  const out: Record<string, number> = {};
  for (const key of keys) {
    const value = numberOrNull(form.controls.components.controls[key]?.value);
    if (value !== null) out[key] = value;
  }
  return Object.keys(out).length ? out : null;
}

export function priceBody(form: PriceForm, rule: PriceRuleSetRow | null): Record<string, unknown> {
  const v = form.getRawValue();
  const override = numberOrNull(v.overridePrice);
  return {
    designPrice: numberOrNull(v.designPrice),
    plannedPrice: numberOrNull(v.plannedPrice),
    priceComponents: componentsBody(form, rule),
    buildingKind: v.buildingKind,
    priceControl: v.priceControl,
    pricePublication: v.pricePublication,
    overridePrice: override,
    overrideReason: override === null ? null : textOrNull(v.overrideReason),
  };
}

/** The live panel's inputs from the two forms (or the saved tender for the 概要 part). */
export function priceDraft(
  overview: Pick<TenderDetail, 'category' | 'tradeCode' | 'announcementDate' | 'designationDate'>,
  form: PriceForm,
  randomCoefficient: number | null = null,
): PriceDraft {
  const v = form.getRawValue();
  const components: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(v.components)) components[key] = numberOrNull(value);
  return {
    category: overview.category,
    tradeCode: overview.tradeCode,
    announcementDate: overview.announcementDate || null,
    designationDate: overview.designationDate || null,
    plannedPrice: numberOrNull(v.plannedPrice),
    components,
    buildingKind: v.buildingKind,
    priceControl: v.priceControl,
    overridePrice: numberOrNull(v.overridePrice),
    overrideReason: textOrNull(v.overrideReason),
    randomCoefficient,
  };
}

/** Only what changed, so the history names the fields that were really edited. */
export function changedFields(body: Record<string, unknown>, original: TenderDetail): Record<string, unknown> {
  const source = original as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(source[key] ?? null) !== JSON.stringify(value ?? null)));
}

/** The server's field errors on the matching inputs (`priceComponents.directCost` is `components.directCost`). */
export function applyTenderErrors(forms: FormGroup[], error: unknown): boolean {
  let matched = false;
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const path = field.replace(/\[(\d+)\]/g, '.$1').replace(/^priceComponents\./, 'components.');
    for (const form of forms) {
      const control = form.get(path);
      if (!control) continue;
      control.setErrors({ ...(control.errors ?? {}), server: message });
      control.markAsTouched();
      matched = true;
    }
  }
  return matched;
}

/** The message under a field: the server's, then ours, then the common ones. */
export function fieldMessage(control: AbstractControl | null, label = ''): string {
  const e = control?.errors;
  if (!e) return '';
  if (e['server']) return e['server'];
  if (e['max']) return `${e['max'].max.toLocaleString('ja-JP')}以下の値を入力してください。`;
  return controlMessage(control, label);
}
