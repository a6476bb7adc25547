import { consumptionTaxRate, SETTING_DEFINITIONS, settingDefinition, settingValueProblems, taxPortionOfIncluded, TaxRate } from './settings';

const table = settingDefinition('tax.consumptionRates')!.default as TaxRate[];

describe('settings catalogue', () => {
  it('accepts every default', () => {
    for (const def of SETTING_DEFINITIONS) expect(settingValueProblems(def, def.default)).toEqual([]);
  });
  it('validates numbers against their range and names the setting', () => {
    const def = settingDefinition('jobs.concurrency')!;
    expect(settingValueProblems(def, 0)).toEqual(['同時に実行する処理の数は1以上で入力してください。']);
    expect(settingValueProblems(def, 1.5)[0]).toContain('整数');
    expect(settingValueProblems(def, '2')[0]).toContain('数値');
  });
  it('validates the tax table row by row', () => {
    const def = settingDefinition('tax.consumptionRates')!;
    const problems = settingValueProblems(def, [{ from: '2019-10-01', rate: 10 }, { from: '2014-04-01', rate: 200 }]);
    expect(problems).toEqual([
      '消費税率（適用開始日別）の2行目の税率は0〜100で入力してください。',
      '消費税率（適用開始日別）の2行目の適用開始日は前の行より後にしてください。',
    ]);
  });
});

describe('consumption tax by date', () => {
  it('changes on the first day of each rate', () => {
    expect(consumptionTaxRate('2019-09-30', table)).toBe(8);
    expect(consumptionTaxRate('2019-10-01', table)).toBe(10);
    expect(consumptionTaxRate('1997-03-31', table)).toBe(3);
    expect(consumptionTaxRate('1980-01-01', table)).toBe(0);
  });
  it('takes the tax portion out of a tax-included amount', () => {
    expect(taxPortionOfIncluded(11_000_000, 10)).toBe(1_000_000);
    expect(taxPortionOfIncluded(1_234_567, 10)).toBe(112_233);
  });
});
