/**
 * Differences between two snapshots of a record with its parts: plain fields compared by
 * value, lists of rows matched by `id` (added, removed, changed field by field).
 */
export interface Difference {
  path: string;
  kind: 'changed' | 'added' | 'removed';
  before: unknown;
  after: unknown;
}

const IGNORED = new Set(['version', 'updatedAt', 'createdAt', 'searchText']);

function isRow(v: unknown): v is { id: unknown } & Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && 'id' in v;
}

export function diffSnapshots(before: unknown, after: unknown, path = ''): Difference[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every(isRow)) {
    const out: Difference[] = [];
    const old = new Map(before.map((r) => [String(r.id), r]));
    const now = new Map(after.map((r) => [String(r.id), r]));
    for (const [id, row] of now) {
      const p = `${path}[${id}]`;
      if (!old.has(id)) out.push({ path: p, kind: 'added', before: null, after: row });
      else out.push(...diffSnapshots(old.get(id), row, p));
    }
    for (const [id, row] of old) if (!now.has(id)) out.push({ path: `${path}[${id}]`, kind: 'removed', before: row, after: null });
    return out;
  }
  const plain = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (plain(before) && plain(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    return [...new Set([...Object.keys(b), ...Object.keys(a)])]
      .filter((k) => !IGNORED.has(k))
      .flatMap((k) => diffSnapshots(b[k] ?? null, a[k] ?? null, path ? `${path}.${k}` : k));
  }
  return [{ path, kind: 'changed', before: before ?? null, after: after ?? null }];
}
