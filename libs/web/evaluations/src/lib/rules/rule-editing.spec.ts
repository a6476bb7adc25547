import { DEFAULT_EVALUATION_RULES, EvaluationRuleDefinition } from '@keiyaku/domain';
import { addCriterion, criterionKeys, newStatement, removeCriterion, setKind, uniqueKey } from './rule-editing';

const shipped = (): EvaluationRuleDefinition => JSON.parse(JSON.stringify(DEFAULT_EVALUATION_RULES[0].definition));

describe('rule-set editing', () => {
  it('gives keys not taken yet', () => {
    expect(uniqueKey('a', [])).toBe('a');
    expect(uniqueKey('a', ['a', 'a-2'])).toBe('a-3');
  });

  it('adds a criterion into an existing sub-item with a unique key, or into new ones', () => {
    const def = shipped();
    const before = criterionKeys(def);
    const { criterion, item, sub } = addCriterion(def, 'inspector', 'grade', { item: 0, sub: 0 });
    expect([item, sub]).toEqual([0, 0]);
    expect(before).not.toContain(criterion.key);
    expect(def.items[0].subItems[0].criteria).toContain(criterion);
    expect(criterion).toMatchObject({ rater: 'inspector', kind: 'grade', grades: [], checklist: [], range: null });

    const items = def.items.length;
    const placed = addCriterion(def, 'chiefSupervisor', 'additive', { item: 'new', sub: 'new' });
    expect(def.items).toHaveLength(items + 1);
    expect(placed.item).toBe(items);
    expect(def.items[items]).toMatchObject({ name: '', subItems: [{ name: '', criteria: [placed.criterion] }] });
    expect(new Set(criterionKeys(def)).size).toBe(criterionKeys(def).length);
  });

  it('removes a criterion, and the sub-item and item it leaves empty', () => {
    const def = shipped();
    const items = def.items.length;
    const { criterion } = addCriterion(def, 'inspector', 'grade', { item: 'new', sub: 'new' });
    expect(removeCriterion(def, criterion)).toBe(true);
    expect(def.items).toHaveLength(items);
    expect(removeCriterion(def, criterion)).toBe(false);
  });

  it('drops what the other kind does not have when the kind changes', () => {
    const def = shipped();
    const { criterion: c } = addCriterion(def, 'inspector', 'grade', { item: 0, sub: 0 });
    c.grades = [{ grade: 'a', points: 3 }] as typeof c.grades;
    c.checklist = [{ ...newStatement(c), text: '文', points: 1 }];
    setKind(c, 'additive');
    expect(c.grades).toEqual([]);
    expect(c.checklistRules).toEqual([]);
    c.range = { min: 0, max: 5 } as typeof c.range;
    setKind(c, 'grade');
    expect(c.range).toBeNull();
    expect(c.checklist[0]).not.toHaveProperty('points');
  });

  it('keys new statements within their criterion', () => {
    const def = shipped();
    const { criterion: c } = addCriterion(def, 'inspector', 'grade', { item: 0, sub: 0 });
    const first = newStatement(c);
    c.checklist.push({ ...first, text: 'x' });
    expect(newStatement(c).key).not.toBe(first.key);
  });
});
