import { budgetCommitment } from './budget-rules';

describe('budgetCommitment', () => {
  it('is ok below the warning share and reports the remainder', () => {
    expect(budgetCommitment(10_000_000, 4_000_000, 90)).toEqual({ amount: 10_000_000, committed: 4_000_000, remaining: 6_000_000, percent: 40, level: 'ok' });
  });

  it('warns from the warning share upwards (boundary included)', () => {
    expect(budgetCommitment(10_000_000, 8_999_999, 90).level).toBe('ok');
    expect(budgetCommitment(10_000_000, 9_000_000, 90).level).toBe('near');
    expect(budgetCommitment(10_000_000, 10_000_000, 90).level).toBe('near');
  });

  it('is over when the contracts exceed the line, with a negative remainder', () => {
    const c = budgetCommitment(10_000_000, 10_000_001, 90);
    expect(c.level).toBe('over');
    expect(c.remaining).toBe(-1);
    expect(c.percent).toBe(100);
  });

  it('truncates the percentage to one decimal', () => {
    expect(budgetCommitment(3, 2, 90).percent).toBe(66.6);
  });

  it('treats a zero-amount line as over once anything is committed', () => {
    expect(budgetCommitment(0, 0, 90)).toMatchObject({ percent: null, level: 'ok' });
    expect(budgetCommitment(0, 1, 90).level).toBe('over');
  });
});
