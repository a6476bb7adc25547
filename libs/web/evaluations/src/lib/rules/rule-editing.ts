import { ChecklistStatement, EvaluationCriterion, EvaluationItem, EvaluationRuleDefinition, EvaluationSubItem, RaterRole } from '@keiyaku/domain';

/**
 * Pure edits of a rule definition for the structured 評定要領 editor: new criteria (with their
 * 考査項目 / 細別 when new), their removal, kinds and checklist statements. New parts start
 * incomplete on purpose (no name, no grades, no range) so the domain check names what is missing.
 */

/** The key prefix of a rater's criteria in the shipped table (chief.2-1, general.2-2, inspector.2-1). */
export const RATER_KEY_PREFIX: Record<RaterRole, string> = { chiefSupervisor: 'chief', generalSupervisor: 'general', inspector: 'inspector' };

const ROMAN = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', 'Ⅵ', 'Ⅶ', 'Ⅷ', 'Ⅸ', 'Ⅹ', 'Ⅺ', 'Ⅻ'];

/** Ⅰ, Ⅱ … for the n-th (1-based) 細別; plain digits past Ⅻ. */
export function subItemNo(n: number): string {
  return ROMAN[n - 1] ?? String(n);
}

/** `base`, else `base-2`, `base-3` … — the first one not in `taken`. */
export function uniqueKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export const criterionKeys = (def: EvaluationRuleDefinition) => def.items.flatMap((i) => i.subItems.flatMap((s) => s.criteria.map((c) => c.key)));

/** A new, empty 考査項目 numbered after the last one (its name still to be entered). */
export function newItem(def: EvaluationRuleDefinition): EvaluationItem {
  const no = def.items.reduce((m, i) => Math.max(m, Number(i.no) || 0), 0) + 1;
  return { key: uniqueKey(String(no), def.items.map((i) => i.key)), no, name: '', subItems: [] };
}

/** A new, empty 細別 of an item (its name still to be entered). */
export function newSubItem(def: EvaluationRuleDefinition, item: EvaluationItem): EvaluationSubItem {
  const n = item.subItems.length + 1;
  const taken = def.items.flatMap((i) => i.subItems.map((s) => s.key));
  return { key: uniqueKey(`${item.key}-${n}`, taken), no: subItemNo(n), name: '', criteria: [] };
}

/**
 * A new criterion of a rater: `grade` without grades yet (「a=… b=…」 to be entered), `additive`
 * without a range yet. Its key follows the shipped pattern (inspector.2-4) and is unique.
 */
export function newCriterion(def: EvaluationRuleDefinition, sub: EvaluationSubItem, rater: RaterRole, kind: EvaluationCriterion['kind']): EvaluationCriterion {
  const key = uniqueKey(`${RATER_KEY_PREFIX[rater]}.${sub.key}`, criterionKeys(def));
  return { key, rater, kind, grades: [], checklist: [], checklistRules: [], range: null };
}

/**
 * Places a new criterion of `rater`: into the chosen item / sub-item (by index), or into a new
 * one when `item` / `sub` is 'new'. Returns it with the indexes it ended up at.
 */
export function addCriterion(
  def: EvaluationRuleDefinition,
  rater: RaterRole,
  kind: EvaluationCriterion['kind'],
  at: { item: number | 'new'; sub: number | 'new' },
): { criterion: EvaluationCriterion; item: number; sub: number } {
  let i = typeof at.item === 'number' && def.items[at.item] ? at.item : -1;
  if (i < 0) {
    def.items.push(newItem(def));
    i = def.items.length - 1;
  }
  const item = def.items[i];
  let j = i === at.item && typeof at.sub === 'number' && item.subItems[at.sub] ? at.sub : -1;
  if (j < 0) {
    item.subItems.push(newSubItem(def, item));
    j = item.subItems.length - 1;
  }
  const sub = item.subItems[j];
  const criterion = newCriterion(def, sub, rater, kind);
  sub.criteria.push(criterion);
  return { criterion, item: i, sub: j };
}

/** Removes a criterion; a sub-item left without raters goes too, and an item left without sub-items. */
export function removeCriterion(def: EvaluationRuleDefinition, criterion: EvaluationCriterion): boolean {
  for (const [i, item] of def.items.entries()) {
    for (const [j, sub] of item.subItems.entries()) {
      const k = sub.criteria.indexOf(criterion);
      if (k < 0) continue;
      sub.criteria.splice(k, 1);
      if (!sub.criteria.length) item.subItems.splice(j, 1);
      if (!item.subItems.length) def.items.splice(i, 1);
      return true;
    }
  }
  return false;
}

/**
 * Changes a criterion's kind: an additive one has no grades or count rules (its statements carry
 * points instead); a graded one has no range.
 */
export function setKind(c: EvaluationCriterion, kind: EvaluationCriterion['kind']): void {
  if (c.kind === kind) return;
  c.kind = kind;
  if (kind === 'additive') {
    c.grades = [];
    c.checklistRules = [];
  } else {
    c.range = null;
    for (const s of c.checklist) delete s.points;
  }
}

/** A new, empty statement (評価対象項目) with a key unique within the criterion. */
export function newStatement(c: EvaluationCriterion): ChecklistStatement {
  const key = uniqueKey(`${c.key}-${c.checklist.length + 1}`, c.checklist.map((s) => s.key));
  return { key, text: '' };
}

/** A number from an input: '' / null → undefined (so the domain check says it is missing). */
export function numberOrUndefined(value: unknown): number | undefined {
  if (value === '' || value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
