import type { ChecklistRule, ChecklistStatement, EvaluationCriterion, EvaluationRuleDefinition, EvaluationRuleVersion, GradeOption, RaterRole } from './evaluation-rules';

/** The shipped default (MLIT-type) table of evaluation.md. Cities copy it and edit their own versions. */
const CHIEF_LABELS: Record<string, string> = { d: '文書による改善指示あり', e: '改善指示に従わなかった' };

const grades = (names: string[], points: number[], labels: Record<string, string> = {}): GradeOption[] =>
  names.map((grade, i) => ({ grade, points: points[i], ...(labels[grade] ? { label: labels[grade] } : {}) }));
const five = (points: number[], labels?: Record<string, string>) => grades(['a', 'b', 'c', 'd', 'e'], points, labels);
const seven = (points: number[]) => grades(['a', "a'", 'b', "b'", 'c', 'd', 'e'], points);

const statements = (prefix: string, texts: string[], points?: number[]): ChecklistStatement[] =>
  texts.map((text, i) => ({ key: `${prefix}${i + 1}`, text, ...(points ? { points: points[i] } : {}) }));

function grade(key: string, rater: RaterRole, options: GradeOption[], checklist: ChecklistStatement[] = [], checklistRules: ChecklistRule[] = []): EvaluationCriterion {
  return { key, rater, kind: 'grade', grades: options, checklist, checklistRules, range: null };
}
function additive(key: string, rater: RaterRole, max: number, checklist: ChecklistStatement[]): EvaluationCriterion {
  return { key, rater, kind: 'additive', grades: [], checklist, checklistRules: [], range: { min: 0, max } };
}

export const DEFAULT_EVALUATION_DEFINITION: EvaluationRuleDefinition = {
  baseScore: 65,
  items: [
    {
      key: '1', no: 1, name: '施工体制',
      subItems: [
        { key: '1-1', no: 'Ⅰ', name: '施工体制一般', criteria: [grade('chief.1-1', 'chiefSupervisor', five([1, 0.5, 0, -5, -10], CHIEF_LABELS))] },
        { key: '1-2', no: 'Ⅱ', name: '配置技術者', criteria: [grade('chief.1-2', 'chiefSupervisor', five([3, 1.5, 0, -5, -10], CHIEF_LABELS))] },
      ],
    },
    {
      key: '2', no: 2, name: '施工状況',
      subItems: [
        {
          key: '2-1', no: 'Ⅰ', name: '施工管理',
          criteria: [
            grade('chief.2-1', 'chiefSupervisor', five([4, 2, 0, -5, -10], CHIEF_LABELS)),
            grade(
              'inspector.2-1', 'inspector', five([5, 2.5, 0, -7.5, -15]),
              statements('i21-', [
                '施工計画書が工事着手前に提出され、現場と一致している',
                '工事材料の品質確認が適切に行われている',
                '段階確認・立会いが適切に行われている',
                '工事写真・出来形管理資料が適切に整理されている',
                '建設副産物の処理が適切である',
                '工事書類が簡素化され、整理されている',
              ]),
              [{ minTicked: 5, grade: 'a' }, { minTicked: 3, grade: 'b' }, { minTicked: 0, grade: 'c' }],
            ),
          ],
        },
        {
          key: '2-2', no: 'Ⅱ', name: '工程管理',
          criteria: [
            grade('chief.2-2', 'chiefSupervisor', five([4, 2, 0, -5, -10], CHIEF_LABELS)),
            grade('general.2-2', 'generalSupervisor', five([2, 1, 0, -7.5, -15])),
          ],
        },
        {
          key: '2-3', no: 'Ⅲ', name: '安全対策',
          criteria: [
            grade('chief.2-3', 'chiefSupervisor', five([5, 2.5, 0, -5, -10], CHIEF_LABELS)),
            grade('general.2-3', 'generalSupervisor', five([3, 1.5, 0, -7.5, -15])),
          ],
        },
        { key: '2-4', no: 'Ⅳ', name: '対外関係', criteria: [grade('chief.2-4', 'chiefSupervisor', five([2, 1, 0, -2.5, -5], CHIEF_LABELS))] },
      ],
    },
    {
      key: '3', no: 3, name: '出来形及び出来ばえ',
      subItems: [
        {
          key: '3-1', no: 'Ⅰ', name: '出来形',
          criteria: [
            grade('chief.3-1', 'chiefSupervisor', five([4, 2, 0, -2.5, -5], CHIEF_LABELS)),
            grade('inspector.3-1', 'inspector', seven([10, 7.5, 5, 2.5, 0, -10, -20])),
          ],
        },
        {
          key: '3-2', no: 'Ⅱ', name: '品質',
          criteria: [
            grade('chief.3-2', 'chiefSupervisor', five([5, 2.5, 0, -2.5, -5], CHIEF_LABELS)),
            grade('inspector.3-2', 'inspector', seven([15, 12, 7.5, 4, 0, -12.5, -25])),
          ],
        },
        { key: '3-3', no: 'Ⅲ', name: '出来ばえ', criteria: [grade('inspector.3-3', 'inspector', grades(['a', 'b', 'c', 'd'], [5, 2.5, 0, -5]))] },
      ],
    },
    {
      key: '4', no: 4, name: '工事特性',
      subItems: [
        {
          key: '4-1', no: 'Ⅰ', name: '施工条件等への対応',
          criteria: [
            additive('general.4-1', 'generalSupervisor', 20, statements('g41-', [
              '構造物の特殊性への対応', '都市部等の作業環境・社会条件等への対応', '厳しい自然・地盤条件への対応',
              '長期工事における安全確保', '施工条件の変更への対応', 'その他特殊な条件への対応',
            ], [4, 4, 4, 3, 3, 2])),
          ],
        },
      ],
    },
    {
      key: '5', no: 5, name: '創意工夫',
      subItems: [
        {
          key: '5-1', no: 'Ⅰ', name: '創意工夫',
          criteria: [
            additive('chief.5-1', 'chiefSupervisor', 7, statements('c51-', [
              '施工に関する工夫（新技術・新工法の活用）', '品質向上の工夫', '安全衛生の工夫', '環境への配慮の工夫',
              '省力化・ICT活用の工夫', '地域住民への配慮の工夫', 'その他の工夫',
            ], [1, 1, 1, 1, 1, 1, 1])),
          ],
        },
      ],
    },
    {
      key: '6', no: 6, name: '社会性等',
      subItems: [
        {
          key: '6-1', no: 'Ⅰ', name: '地域への貢献等',
          criteria: [
            grade(
              'general.6-1', 'generalSupervisor', five([10, 7.5, 5, 2.5, 0]),
              statements('g61-', ['地域の清掃・美化活動', '災害時の協力', '地域行事への協力', '地元雇用・地元資材の活用', '見学会等の開催']),
              [{ minTicked: 4, grade: 'a' }, { minTicked: 3, grade: 'b' }, { minTicked: 2, grade: 'c' }, { minTicked: 1, grade: 'd' }, { minTicked: 0, grade: 'e' }],
            ),
          ],
        },
      ],
    },
  ],
  weights: {
    withoutInterim: { chiefSupervisor: 0.4, generalSupervisor: 0.2, inspector: 0.4 },
    withInterim: { chiefSupervisor: 0.4, generalSupervisor: 0.2, interimInspector: 0.2, inspector: 0.2 },
  },
  deductions: [
    { key: 'suspension3m', label: '指名停止（3か月以上）', points: -20, suspensionMinDays: 90 },
    { key: 'suspension2m', label: '指名停止（2か月以上3か月未満）', points: -15, suspensionMinDays: 60 },
    { key: 'suspension1m', label: '指名停止（1か月以上2か月未満）', points: -13, suspensionMinDays: 30 },
    { key: 'suspension2w', label: '指名停止（2週間以上1か月未満）', points: -10, suspensionMinDays: 14 },
    { key: 'writtenWarning', label: '文書注意', points: -8 },
    { key: 'oralWarning', label: '口頭注意', points: -5 },
    { key: 'accident', label: '事故（軽微な不備、措置なし）', points: -3 },
    { key: 'proposalNotMet', label: '総合評価の技術提案の不履行', points: -3 },
  ],
  raterRounding: { decimals: 1, mode: 'round' },
  totalRounding: null,
  finalRounding: { decimals: 0, mode: 'round' },
  bands: [
    { band: 'A', min: 85 },
    { band: 'B', min: 75 },
    { band: 'C', min: 65 },
    { band: 'D', min: 55 },
    { band: 'E', min: 0 },
  ],
  thresholdAmount: 5_000_000,
};

export const DEFAULT_EVALUATION_RULES: EvaluationRuleVersion[] = [
  { code: 'WORKS-EVAL-2016', name: '工事成績評定要領（国土交通省型）', category: 'construction', effectiveFrom: '2016-04-01', definition: DEFAULT_EVALUATION_DEFINITION },
];
