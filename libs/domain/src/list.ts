/** What every list endpoint returns, so AG Grid's infinite row model can page on the server. */
export interface ListResult<T> {
  rows: T[];
  total: number;
}

/** One sort key as the list endpoints take it: `sort=name:asc,updatedAt:desc`. */
export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

export function parseSort(sort: string | null | undefined): SortKey[] {
  if (!sort) return [];
  return sort
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const desc = part.startsWith('-') || /:desc$/i.test(part);
      const field = part.replace(/^[-+]/, '').replace(/:(asc|desc)$/i, '');
      return { field, direction: desc ? 'desc' : 'asc' } as SortKey;
    });
}

export function formatSort(keys: SortKey[]): string {
  return keys.map((k) => `${k.field}:${k.direction}`).join(',');
}
