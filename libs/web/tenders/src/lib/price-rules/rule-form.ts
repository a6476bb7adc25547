import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, Validators } from '@angular/forms';
import { PriceCategory, PriceRuleDefinition, RoundingDirection } from '@keiyaku/domain';
import { numberOrNull, PriceRuleSetRow } from '../models';

const num = (v: number | null = null) => new FormControl<number | null>(v);

export function componentGroup(fb: NonNullableFormBuilder, c: { key: string; label: string; ratio: number | null } = { key: '', label: '', ratio: null }) {
  return fb.group({ key: [c.key], label: [c.label], ratio: num(c.ratio) });
}

export function fixedRateGroup(fb: NonNullableFormBuilder, f: { tradeCode: string; rate: number | null } = { tradeCode: '', rate: null }) {
  return fb.group({ tradeCode: [f.tradeCode], rate: num(f.rate) });
}

function roundingGroup(fb: NonNullableFormBuilder) {
  return fb.group({ on: [false], unit: num(1000), direction: fb.control<RoundingDirection>('down') });
}

export type ComponentGroup = ReturnType<typeof componentGroup>;
export type FixedRateGroup = ReturnType<typeof fixedRateGroup>;

/** The editor of one rule version: the row's fields and its definition, option by option. */
export function buildRuleForm(fb: NonNullableFormBuilder) {
  return fb.group({
    code: ['', [Validators.required, Validators.maxLength(40), Validators.pattern(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)]],
    name: ['', [Validators.required, Validators.maxLength(100)]],
    category: fb.control<PriceCategory>('construction'),
    serviceKind: [''],
    effectiveFrom: ['', Validators.required],
    notes: ['', Validators.maxLength(300)],
    active: [true],
    definition: fb.group({
      components: fb.array<ComponentGroup>([]),
      lower: num(),
      upper: num(),
      termRounding: roundingGroup(fb),
      resultRounding: roundingGroup(fb),
      disqualification: fb.group({ on: [false], components: fb.array<ComponentGroup>([]), lower: num(), upper: num() }),
      buildingAdjustment: fb.group({ on: [false], fromKey: [''], toKey: [''], ratio: num(0.1), liftRatio: num(0.2) }),
      fixedRateTrades: fb.array<FixedRateGroup>([]),
      randomCoefficient: fb.group({ on: [false], min: num(0.995), max: num(1.0049) }),
    }),
  });
}

export type RuleForm = ReturnType<typeof buildRuleForm>;

export function fillRuleForm(fb: NonNullableFormBuilder, form: RuleForm, r: Pick<PriceRuleSetRow, 'code' | 'name' | 'category' | 'serviceKind' | 'effectiveFrom' | 'notes' | 'active' | 'definition'>): void {
  const d = r.definition;
  const def = form.controls.definition.controls;
  const setArray = <T extends FormGroup>(array: FormArray<T>, groups: T[]) => {
    array.clear({ emitEvent: false });
    for (const g of groups) array.push(g, { emitEvent: false });
  };
  form.reset({
    code: r.code,
    name: r.name,
    category: r.category,
    serviceKind: r.serviceKind ?? '',
    effectiveFrom: r.effectiveFrom,
    notes: r.notes ?? '',
    active: r.active,
    definition: {
      lower: d.lower,
      upper: d.upper,
      termRounding: { on: !!d.termRounding, unit: d.termRounding?.unit ?? 1000, direction: d.termRounding?.direction ?? 'down' },
      resultRounding: { on: !!d.resultRounding, unit: d.resultRounding?.unit ?? 1000, direction: d.resultRounding?.direction ?? 'down' },
      disqualification: { on: !!d.disqualification, lower: d.disqualification?.lower ?? null, upper: d.disqualification?.upper ?? null },
      buildingAdjustment: {
        on: !!d.buildingAdjustment,
        fromKey: d.buildingAdjustment?.fromKey ?? '',
        toKey: d.buildingAdjustment?.toKey ?? '',
        ratio: d.buildingAdjustment?.ratio ?? 0.1,
        liftRatio: d.buildingAdjustment?.liftRatio ?? 0.2,
      },
      randomCoefficient: { on: !!d.randomCoefficient, min: d.randomCoefficient?.min ?? 0.995, max: d.randomCoefficient?.max ?? 1.0049 },
    },
  });
  // The arrays after the reset (a reset without their values would blank every row).
  setArray(def.components, d.components.map((c) => componentGroup(fb, c)));
  setArray(def.disqualification.controls.components, (d.disqualification?.components ?? []).map((c) => componentGroup(fb, c)));
  setArray(def.fixedRateTrades, d.fixedRateTrades.map((f) => fixedRateGroup(fb, f)));
  form.updateValueAndValidity();
}

const ratioOf = (v: unknown) => numberOrNull(v) ?? NaN;

/** The definition as typed, in the domain's shape (NaN where a number is missing, so priceRuleProblems names it). */
export function definitionOf(form: RuleForm): PriceRuleDefinition {
  const d = form.controls.definition.getRawValue();
  const comps = (list: Array<{ key: string; label: string; ratio: number | null }>) => list.map((c) => ({ key: c.key.trim(), label: c.label.trim(), ratio: ratioOf(c.ratio) }));
  const rounding = (r: { on: boolean; unit: number | null; direction: RoundingDirection }) => (r.on ? { unit: ratioOf(r.unit), direction: r.direction } : null);
  return {
    components: comps(d.components),
    lower: ratioOf(d.lower),
    upper: ratioOf(d.upper),
    termRounding: rounding(d.termRounding),
    resultRounding: rounding(d.resultRounding),
    disqualification: d.disqualification.on
      ? { components: comps(d.disqualification.components), lower: numberOrNull(d.disqualification.lower), upper: numberOrNull(d.disqualification.upper) }
      : null,
    buildingAdjustment: d.buildingAdjustment.on
      ? { fromKey: d.buildingAdjustment.fromKey, toKey: d.buildingAdjustment.toKey, ratio: ratioOf(d.buildingAdjustment.ratio), liftRatio: ratioOf(d.buildingAdjustment.liftRatio) }
      : null,
    fixedRateTrades: d.fixedRateTrades.map((f) => ({ tradeCode: f.tradeCode.trim(), rate: ratioOf(f.rate) })),
    randomCoefficient: d.randomCoefficient.on ? { min: ratioOf(d.randomCoefficient.min), max: ratioOf(d.randomCoefficient.max) } : null,
  };
}

/** The request body (NaN would not survive JSON: it is sent as null and the server names it). */
export function ruleBody(form: RuleForm): Record<string, unknown> {
  const v = form.getRawValue();
  const definition = JSON.parse(JSON.stringify(definitionOf(form), (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)));
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    category: v.category,
    serviceKind: v.category === 'survey' ? v.serviceKind || null : null,
    effectiveFrom: v.effectiveFrom,
    notes: v.notes.trim() || null,
    active: v.active,
    definition,
  };
}
