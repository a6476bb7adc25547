import { lastDue } from './saved-queries.service';

/** Scheduled exports fall due at 06:00 Japan time (21:00 UTC the day before). */
describe('EUC schedules: the last time a schedule fell due', () => {
  const at = (iso: string) => new Date(iso);

  it('daily: today 06:00 JST once it has passed, else yesterday', () => {
    expect(lastDue('daily', at('2026-12-03T00:00:00Z'))).toEqual(at('2026-12-02T21:00:00Z')); // 09:00 JST on the 3rd
    expect(lastDue('daily', at('2026-12-02T20:59:00Z'))).toEqual(at('2026-12-01T21:00:00Z')); // 05:59 JST on the 3rd
  });

  it('weekly: Monday 06:00 JST', () => {
    // Thursday 3 December 2026 (JST) → Monday 30 November.
    expect(lastDue('weekly', at('2026-12-03T03:00:00Z'))).toEqual(at('2026-11-29T21:00:00Z'));
    // Monday 7 December 05:00 JST: this Monday's time has not come → the previous Monday.
    expect(lastDue('weekly', at('2026-12-06T20:00:00Z'))).toEqual(at('2026-11-29T21:00:00Z'));
  });

  it('monthly: the 1st 06:00 JST, across the year end', () => {
    expect(lastDue('monthly', at('2026-12-15T00:00:00Z'))).toEqual(at('2026-11-30T21:00:00Z'));
    // 1 January 2027 03:00 JST: December's run is the last one due.
    expect(lastDue('monthly', at('2026-12-31T18:00:00Z'))).toEqual(at('2026-11-30T21:00:00Z'));
    expect(lastDue('monthly', at('2026-12-31T22:00:00Z'))).toEqual(at('2026-12-31T21:00:00Z'));
  });
});
