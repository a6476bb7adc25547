import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import type { RankThreshold } from '@keiyaku/domain';
import { integerValidator } from './field-messages';
import { PriceBand, RankingRuleRow } from './registry.models';

/** 等級: one or two capital letters, as the server takes them. */
const RANK = /^[A-Z]{1,2}$/;

export type ThresholdGroup = FormGroup<{
  rank: FormControl<string>;
  minTotal: FormControl<number | null>;
  minP: FormControl<number | null>;
  minTurnover: FormControl<number | null>;
}>;
export type BandGroup = FormGroup<{ rank: FormControl<string>; minPrice: FormControl<number | null> }>;

export const thresholdGroup = (t: Partial<RankThreshold> = {}): ThresholdGroup =>
  new FormGroup({
    rank: new FormControl(t.rank ?? '', { nonNullable: true, validators: [Validators.required, Validators.pattern(RANK)] }),
    minTotal: new FormControl<number | null>(t.minTotal ?? null, [Validators.required, integerValidator, Validators.min(-10000), Validators.max(10000)]),
    minP: new FormControl<number | null>(t.minP ?? null, integerValidator),
    minTurnover: new FormControl<number | null>(t.minTurnover ?? null, [integerValidator, Validators.min(0)]),
  });

export const bandGroup = (b: Partial<PriceBand> = {}): BandGroup =>
  new FormGroup({
    rank: new FormControl(b.rank ?? '', { nonNullable: true, validators: [Validators.required, Validators.pattern(RANK)] }),
    minPrice: new FormControl<number | null>(b.minPrice ?? null, [Validators.required, integerValidator, Validators.min(0)]),
  });

export function ruleForm() {
  return new FormGroup({
    effectiveFrom: new FormControl('', { nonNullable: true, validators: Validators.required }),
    thresholds: new FormArray<ThresholdGroup>([]),
    hasPriceBands: new FormControl(true, { nonNullable: true }),
    priceBands: new FormArray<BandGroup>([]),
    maxStepUp: new FormControl<number | null>(null, [integerValidator, Validators.min(1), Validators.max(5)]),
    localOnly: new FormControl(false, { nonNullable: true }),
    newApplicantsStartLowest: new FormControl(true, { nonNullable: true }),
  });
}
export type RuleForm = ReturnType<typeof ruleForm>;

/** Puts a rule (or the template a new one starts from) into the form. */
export function fillRuleForm(form: RuleForm, rule: Partial<RankingRuleRow>, effectiveFrom: string): void {
  form.controls.thresholds.clear({ emitEvent: false });
  for (const t of rule.thresholds ?? []) form.controls.thresholds.push(thresholdGroup(t), { emitEvent: false });
  form.controls.priceBands.clear({ emitEvent: false });
  for (const b of rule.priceBands ?? []) form.controls.priceBands.push(bandGroup(b), { emitEvent: false });
  form.patchValue({
    effectiveFrom,
    hasPriceBands: !!rule.priceBands,
    maxStepUp: rule.maxStepUp ?? null,
    localOnly: rule.localOnly ?? false,
    newApplicantsStartLowest: rule.newApplicantsStartLowest ?? true,
  });
  form.markAsPristine();
  form.markAsUntouched();
}

/** A problem across rows: the message and the cells it is about (form paths). */
export interface RuleProblem {
  message: string;
  paths: string[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Strictly decreasing minimums, highest rank first; `table` and `what` word the message. */
function decreasing(values: Array<number | null>, table: string, what: string, path: (i: number) => string): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (let i = 1; i < values.length; i++) {
    const [upper, lower] = [values[i - 1], values[i]];
    if (isNumber(upper) && isNumber(lower) && lower >= upper) out.push({ message: `${table}の${i + 1}行目: 下の等級ほど${what}を小さくしてください。`, paths: [path(i)] });
  }
  return out;
}

function duplicates(ranks: string[], table: string, path: (i: number) => string): RuleProblem[] {
  const seen = new Map<string, number[]>();
  ranks.forEach((r, i) => r && seen.set(r, [...(seen.get(r) ?? []), i]));
  const rows = [...seen.values()].filter((rows) => rows.length > 1).flat();
  return rows.length ? [{ message: `${table}に同じ等級が重複しています。`, paths: rows.map(path) }] : [];
}

/**
 * The checks across rows. For 等級の基準 they are the server's, in its words; the server does not
 * check 発注標準金額, but a band list out of order or naming a rank that does not exist would
 * pick the wrong rank for a tender, so it is held to the same rules here.
 */
export function ruleProblems(form: RuleForm): RuleProblem[] {
  const v = form.getRawValue();
  const thresholds = v.thresholds;
  const problems = [
    ...decreasing(
      thresholds.map((t) => t.minTotal),
      '等級の基準',
      '総合点数の下限',
      (i) => `thresholds.${i}.minTotal`,
    ),
    ...duplicates(
      thresholds.map((t) => t.rank),
      '等級の基準',
      (i) => `thresholds.${i}.rank`,
    ),
  ];
  if (v.hasPriceBands) {
    const ranks = new Set(thresholds.map((t) => t.rank));
    problems.push(
      ...decreasing(
        v.priceBands.map((b) => b.minPrice),
        '発注標準金額',
        '金額の下限',
        (i) => `priceBands.${i}.minPrice`,
      ),
      ...duplicates(
        v.priceBands.map((b) => b.rank),
        '発注標準金額',
        (i) => `priceBands.${i}.rank`,
      ),
      ...v.priceBands.flatMap((b, i) =>
        b.rank && RANK.test(b.rank) && !ranks.has(b.rank) ? [{ message: `発注標準金額の${i + 1}行目: 等級「${b.rank}」は等級の基準にありません。`, paths: [`priceBands.${i}.rank`] }] : [],
      ),
    );
  }
  return problems;
}

/** The rule as the API takes it: empty optional minimums are left out rather than sent as null. */
export function ruleBody(form: RuleForm) {
  const v = form.getRawValue();
  return {
    effectiveFrom: v.effectiveFrom,
    thresholds: v.thresholds.map((t) => ({
      rank: t.rank,
      minTotal: Number(t.minTotal),
      ...(isNumber(t.minP) ? { minP: t.minP } : {}),
      ...(isNumber(t.minTurnover) ? { minTurnover: t.minTurnover } : {}),
    })),
    priceBands: v.hasPriceBands ? v.priceBands.map((b) => ({ rank: b.rank, minPrice: Number(b.minPrice) })) : null,
    maxStepUp: isNumber(v.maxStepUp) ? v.maxStepUp : null,
    localOnly: v.localOnly,
    newApplicantsStartLowest: v.newApplicantsStartLowest,
  };
}

/** The rank after `rank` (A → B), for a row added at the bottom. */
export function nextRank(rank: string | undefined): string {
  return rank && /^[A-Y]$/.test(rank) ? String.fromCharCode(rank.charCodeAt(0) + 1) : '';
}
