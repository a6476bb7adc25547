import { diffSnapshots } from './diff';

describe('diffSnapshots', () => {
  it('reports changed fields and ignores bookkeeping', () => {
    expect(diffSnapshots({ name: '防府建設', version: 1 }, { name: '防府建設株式会社', version: 2 })).toEqual([
      { path: 'name', kind: 'changed', before: '防府建設', after: '防府建設株式会社' },
    ]);
  });
  it('matches rows by id: added, removed and changed', () => {
    const before = { permits: [{ id: 1, expiresOn: '2026-01-01' }, { id: 2, tradeCode: '010' }] };
    const after = { permits: [{ id: 1, expiresOn: '2031-01-01' }, { id: 3, tradeCode: '130' }] };
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'permits[1].expiresOn', kind: 'changed', before: '2026-01-01', after: '2031-01-01' },
      { path: 'permits[3]', kind: 'added', before: null, after: { id: 3, tradeCode: '130' } },
      { path: 'permits[2]', kind: 'removed', before: { id: 2, tradeCode: '010' }, after: null },
    ]);
  });
  it('finds nothing between equal snapshots', () => {
    expect(diffSnapshots({ a: [1, 2], b: { c: null } }, { a: [1, 2], b: { c: null } })).toEqual([]);
  });
});
