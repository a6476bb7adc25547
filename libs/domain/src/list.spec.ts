import { formatSort, parseSort } from './list';

describe('parseSort', () => {
  it('reads field:direction pairs and the minus prefix', () => {
    expect(parseSort('name:asc,-updatedAt')).toEqual([
      { field: 'name', direction: 'asc' },
      { field: 'updatedAt', direction: 'desc' },
    ]);
    expect(formatSort(parseSort('code:DESC'))).toBe('code:desc');
    expect(parseSort('')).toEqual([]);
  });
});
