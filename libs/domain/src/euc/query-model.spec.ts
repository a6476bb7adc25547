import { aggregateAllowed, aggregateKey, fiscalYearRange, nextDay, operatorsFor, relativeDayRange, relativeFiscalYear } from './query-model';

describe('EUC query model', () => {
  it('offers operators by field type; a 年度 number also takes 今年度・前年度', () => {
    expect(operatorsFor({ type: 'string' })).toEqual(['eq', 'ne', 'contains', 'startsWith', 'in', 'empty', 'notEmpty']);
    expect(operatorsFor({ type: 'code' })).not.toContain('contains');
    expect(operatorsFor({ type: 'number' })).not.toContain('thisFiscalYear');
    expect(operatorsFor({ type: 'number', fiscalYear: true })).toEqual(expect.arrayContaining(['thisFiscalYear', 'lastFiscalYear']));
    expect(operatorsFor({ type: 'date' })).toEqual(expect.arrayContaining(['between', 'thisFiscalYear', 'lastFiscalYear', 'lastNDays']));
  });

  it('allows count always, sum/avg on numbers, min/max on numbers and dates', () => {
    expect(aggregateAllowed('count', null)).toBe(true);
    expect(aggregateAllowed('sum', 'number')).toBe(true);
    expect(aggregateAllowed('sum', 'date')).toBe(false);
    expect(aggregateAllowed('avg', 'string')).toBe(false);
    expect(aggregateAllowed('max', 'date')).toBe(true);
    expect(aggregateAllowed('min', 'code')).toBe(false);
    expect(aggregateKey({ fn: 'sum', field: 'amount' })).toBe('sum:amount');
    expect(aggregateKey({ fn: 'count' })).toBe('count');
  });

  it('runs the fiscal year April to March, by the date in Japan', () => {
    expect(fiscalYearRange(2026)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    // 31 March 23:30 in Japan is still the old fiscal year; 1 April 00:30 is the new one.
    expect(relativeDayRange('thisFiscalYear', null, new Date('2027-03-31T14:30:00Z'))).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(relativeDayRange('thisFiscalYear', null, new Date('2027-03-31T15:30:00Z'))).toEqual({ from: '2027-04-01', to: '2028-03-31' });
    expect(relativeDayRange('lastFiscalYear', null, new Date('2026-05-01T00:00:00Z'))).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(relativeFiscalYear('lastFiscalYear', new Date('2027-01-15T00:00:00Z'))).toBe(2025);
  });

  it('直近N日 is the N days ending today (across month and leap day)', () => {
    expect(relativeDayRange('lastNDays', 1, new Date('2028-03-01T03:00:00Z'))).toEqual({ from: '2028-03-01', to: '2028-03-01' });
    expect(relativeDayRange('lastNDays', 2, new Date('2028-03-01T03:00:00Z'))).toEqual({ from: '2028-02-29', to: '2028-03-01' });
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
