import { calculateEvaluation, DEFAULT_EVALUATION_RULES } from '@keiyaku/domain';
import { scoreGrid } from './evaluation-reports';

const rule = DEFAULT_EVALUATION_RULES[0];
const WORKED = {
  chiefSupervisor: {
    'chief.1-1': { grade: 'b' }, 'chief.1-2': { grade: 'b' }, 'chief.2-1': { grade: 'a' }, 'chief.2-2': { grade: 'b' }, 'chief.2-3': { grade: 'b' },
    'chief.2-4': { grade: 'c' }, 'chief.3-1': { grade: 'b' }, 'chief.3-2': { grade: 'b' }, 'chief.5-1': { ticked: ['c51-1', 'c51-3', 'c51-5'] },
  },
  generalSupervisor: { 'general.2-2': { grade: 'b' }, 'general.2-3': { grade: 'a' }, 'general.4-1': { ticked: ['g41-1'] }, 'general.6-1': { grade: 'c' } },
  inspector: { 'inspector.2-1': { grade: 'b' }, 'inspector.3-1': { grade: 'b' }, 'inspector.3-2': { grade: "b'" }, 'inspector.3-3': { grade: 'b' } },
  deductions: ['oralWarning'],
};
const parts = [{ rater: 'chiefSupervisor', seq: 0, userName: '監督 次郎' }, { rater: 'generalSupervisor', seq: 0, userName: '総括 一郎' }, { rater: 'inspector', seq: 0, userName: '検査 三郎' }];

describe('score grid of the forms (工事成績採点表, 別表1)', () => {
  it('lays the worked example out per sub-item and rater', () => {
    const { slots, rows } = scoreGrid(rule.definition, calculateEvaluation(rule, WORKED), { parts } as never);
    expect(slots.map((s) => [s.label, s.name, s.weight, s.score.score])).toEqual([
      ['主任監督員', '監督 次郎', 0.4, 83],
      ['総括監督員', '総括 一郎', 0.2, 78],
      ['検査員', '検査 三郎', 0.4, 79],
    ]);
    expect(rows).toHaveLength(12);
    const quality = rows.find((r) => r.subName === '品質')!;
    expect(quality.cells).toEqual({ chiefSupervisor: { grade: 'b', points: 2.5 }, generalSupervisor: null, inspector: { grade: "b'", points: 4 } });
    expect(quality.weighted).toBe(2.6); // 2.5×0.4 + 4×0.4
  });

  it('項目別評定点 add up to the weighted total (base score included)', () => {
    const result = calculateEvaluation(rule, WORKED);
    const { rows } = scoreGrid(rule.definition, result, { parts } as never);
    const sum = rows.reduce((s, r) => s + r.weighted, 0);
    expect(Math.round((rule.definition.baseScore + sum) * 1000) / 1000).toBe(result.total);
  });

  it('with interim inspections, their weight is shared between them', () => {
    const result = calculateEvaluation(rule, { ...WORKED, interimInspectors: [WORKED.inspector, WORKED.inspector] });
    const { slots, rows } = scoreGrid(rule.definition, result, { parts } as never);
    expect(slots.map((s) => [s.key, s.weight])).toEqual([['chiefSupervisor', 0.4], ['generalSupervisor', 0.2], ['inspector', 0.2], ['interim0', 0.1], ['interim1', 0.1]]);
    const sum = rows.reduce((s, r) => s + r.weighted, 0);
    expect(Math.round((65 + sum) * 1000) / 1000).toBe(result.total);
  });
});
