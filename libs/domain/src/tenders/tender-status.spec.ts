import {
  allowedTransitions,
  formatTenderNumber,
  TENDER_METHODS,
  TENDER_STATUSES,
  TenderMethod,
  TenderStatus,
  transitionProblem,
  usesDesignation,
} from './tender-status';

/** The status machine of docs/tenders.md, written out by hand: from → allowed targets, per kind of method. */
const ANNOUNCED: Record<TenderStatus, TenderStatus[]> = {
  draft: ['announced', 'cancelled'],
  announced: ['bidding', 'cancelled'],
  designated: ['bidding', 'cancelled'],
  bidding: ['opened', 'cancelled'],
  opened: ['awarded', 'unsuccessful', 'bidding', 'cancelled'],
  awarded: [],
  unsuccessful: [],
  cancelled: [],
};
const DESIGNATED: Record<TenderStatus, TenderStatus[]> = { ...ANNOUNCED, draft: ['designated', 'cancelled'] };
const expectedFor = (method: TenderMethod) => (method === 'general' ? ANNOUNCED : DESIGNATED);

describe('usesDesignation', () => {
  it.each<[TenderMethod, boolean]>([
    ['general', false],
    ['designated', true],
    ['negotiated', true],
    ['quotation', true],
  ])('%s → %s', (method, expected) => {
    expect(usesDesignation(method)).toBe(expected);
  });
});

describe('allowedTransitions', () => {
  it('lists the eight statuses and four methods', () => {
    expect([...TENDER_STATUSES]).toEqual(['draft', 'announced', 'designated', 'bidding', 'opened', 'awarded', 'unsuccessful', 'cancelled']);
    expect([...TENDER_METHODS]).toEqual(['general', 'designated', 'negotiated', 'quotation']);
  });
  it('一般競争 goes from draft to 公告 only; the others to 指名 only', () => {
    expect(allowedTransitions('draft', 'general')).toEqual(['announced', 'cancelled']);
    expect(allowedTransitions('draft', 'designated')).toEqual(['designated', 'cancelled']);
    expect(allowedTransitions('draft', 'negotiated')).toEqual(['designated', 'cancelled']);
    expect(allowedTransitions('draft', 'quotation')).toEqual(['designated', 'cancelled']);
  });
  it('opened may go back to bidding (再度入札), award, fail or be cancelled', () => {
    expect([...allowedTransitions('opened', 'general')].sort()).toEqual(['awarded', 'bidding', 'cancelled', 'unsuccessful']);
  });
  it('awarded, unsuccessful and cancelled are final', () => {
    for (const m of TENDER_METHODS) for (const s of ['awarded', 'unsuccessful', 'cancelled'] as const) expect(allowedTransitions(s, m)).toEqual([]);
  });
  it.each([...TENDER_METHODS])('matches the whole table for %s', (method) => {
    for (const from of TENDER_STATUSES) expect({ from, to: [...allowedTransitions(from, method)].sort() }).toEqual({ from, to: [...expectedFor(method)[from]].sort() });
  });
});

describe('transitionProblem', () => {
  it('is null for every allowed transition and a Japanese message for every other pair', () => {
    for (const method of TENDER_METHODS) {
      for (const from of TENDER_STATUSES) {
        for (const to of TENDER_STATUSES) {
          const problem = transitionProblem(from, to, method);
          if (expectedFor(method)[from].includes(to)) expect({ method, from, to, problem }).toEqual({ method, from, to, problem: null });
          else expect({ method, from, to, problem: typeof problem === 'string' && problem.endsWith('にすることはできません。') }).toEqual({ method, from, to, problem: true });
        }
      }
    }
  });
  it('names both statuses in Japanese', () => {
    expect(transitionProblem('awarded', 'bidding', 'general')).toBe('「落札決定」の案件を「入札中」にすることはできません。');
    expect(transitionProblem('draft', 'announced', 'designated')).toBe('「起案中」の案件を「公告済」にすることはできません。');
    expect(transitionProblem('draft', 'designated', 'general')).toBe('「起案中」の案件を「指名済」にすることはできません。');
    expect(transitionProblem('bidding', 'awarded', 'general')).toBe('「入札中」の案件を「落札決定」にすることはできません。');
    expect(transitionProblem('cancelled', 'draft', 'quotation')).toBe('「中止」の案件を「起案中」にすることはできません。');
    expect(transitionProblem('opened', 'opened', 'general')).toBe('「開札済」の案件を「開札済」にすることはできません。');
    expect(transitionProblem('unsuccessful', 'bidding', 'general')).toBe('「不調」の案件を「入札中」にすることはできません。');
  });
});

describe('formatTenderNumber', () => {
  it.each([
    ['{era}-{seq:4}', 2026, 1, 'R8-0001'],
    ['{era}-{seq:4}', 2019, 37, 'R1-0037'],
    ['{era}-{seq:4}', 2018, 5, 'H30-0005'],
    ['{era}-{seq:4}', 1989, 5, 'H1-0005'],
    ['{fy}-{seq}', 2026, 12, '2026-12'],
    ['{fy}{seq:3}', 2026, 7, '2026007'],
    ['第{era}-{seq:2}号', 2026, 7, '第R8-07号'],
    ['{seq:3}', 2026, 12_345, '12345'],
    ['{fy}/{fy}', 2027, 1, '2027/2027'],
    ['{era}-{seq:4}-{seq:2}', 2030, 3, 'R12-0003-03'],
    ['KEIYAKU', 2026, 1, 'KEIYAKU'],
  ])('%s, FY%d, #%d → %s', (format, fy, seq, expected) => {
    expect(formatTenderNumber(format, fy, seq)).toBe(expected);
  });
});
