import { formatJapaneseDateTime } from '@keiyaku/domain';
import {
  CATEGORY_LABELS,
  Difference,
  ENTITY_LABELS,
  formatYen,
  GRADE_LABELS,
  ISSUER_LABELS,
  LOCALITY_LABELS,
  MEASURE_LABELS,
  PART_FIELD_LABELS,
  PART_LABELS,
  PartName,
  SOURCE_LABELS,
  STATUS_LABELS,
  VENDOR_FIELD_LABELS,
  VendorDetail,
} from '../models';

/** Code values shown by their Japanese names. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  locality: LOCALITY_LABELS,
  status: STATUS_LABELS,
  entityType: ENTITY_LABELS,
  issuer: ISSUER_LABELS,
  grade: GRADE_LABELS,
  kind: MEASURE_LABELS,
  source: SOURCE_LABELS,
  category: CATEGORY_LABELS,
};

/** Bookkeeping columns that say nothing to a clerk. */
const HIDDEN = new Set(['id', 'vendorId', 'resultId', 'version', 'createdAt', 'updatedAt', 'searchText']);

type Row = Record<string, unknown> & { id?: unknown };

/** Names a part row by what a clerk recognises (trade, term, date, name). */
export type TradeLabel = (code: string, category?: string) => string;

function rowName(part: string, row: Row | undefined, trade: TradeLabel): string | null {
  if (!row) return null;
  const s = (k: string) => (row[k] === null || row[k] === undefined ? '' : String(row[k]));
  switch (part) {
    case 'offices':
    case 'contacts':
      return s('name');
    case 'permits':
      return trade(s('tradeCode'));
    case 'keishin':
      return `審査基準日 ${s('baseDate')}`;
    case 'scores':
      return trade(s('tradeCode'));
    case 'qualifications':
      return `${s('termCode')} ${trade(s('tradeCode'), s('category') || undefined)}`;
    case 'measures':
      return `${MEASURE_LABELS[s('kind')] ?? s('kind')} ${s('startDate')}～`;
    case 'attachments':
      return s('label');
    default:
      return null;
  }
}

/** Rows of the vendor (and of the differences themselves) by `part:id`, for naming paths. */
function indexRows(vendor: VendorDetail | null, differences: Difference[]): Map<string, Row> {
  const rows = new Map<string, Row>();
  const add = (part: string, row: unknown) => {
    if (row && typeof row === 'object' && 'id' in row) rows.set(`${part}:${String((row as Row).id)}`, row as Row);
  };
  if (vendor) {
    for (const part of Object.keys(PART_LABELS) as PartName[]) {
      for (const row of vendor[part] as unknown as Row[]) {
        add(part, row);
        if (part === 'keishin') for (const score of (row['scores'] as Row[]) ?? []) add('scores', score);
      }
    }
  }
  for (const d of differences) {
    const part = /(\w+)\[[^\]]+\]$/.exec(d.path)?.[1];
    if (part) add(part, d.after ?? d.before);
  }
  return rows;
}

/** `qualifications[12].rank` → 「資格・格付 › R7-8 010 土木 › 等級」. */
export function pathLabel(path: string, rows: Map<string, Row>, trade: TradeLabel): string {
  const out: string[] = [];
  for (const m of path.matchAll(/(\w+)(?:\[([^\]]+)\])?/g)) {
    const [, name, id] = m;
    if (id !== undefined) {
      const partLabel = PART_LABELS[name as PartName] ?? PART_FIELD_LABELS[name] ?? name;
      out.push(partLabel, rowName(name, rows.get(`${name}:${id}`), trade) || `#${id}`);
    } else {
      out.push(out.length === 0 ? (VENDOR_FIELD_LABELS[name] ?? PART_LABELS[name as PartName] ?? name) : (PART_FIELD_LABELS[name] ?? name));
    }
  }
  return out.join(' › ');
}

/** A value as a clerk reads it: labels for codes, 和暦 for timestamps, rows as 「項目: 値」. */
export function formatValue(value: unknown, field = ''): string {
  if (value === null || value === undefined || value === '') return '（なし）';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (field === 'capital' && typeof value === 'number') return formatYen(value);
  if (typeof value === 'string') {
    if (VALUE_LABELS[field]?.[value]) return VALUE_LABELS[field][value];
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatJapaneseDateTime(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(v, field)).join('、') || '（なし）';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && !(Array.isArray(v) && !v.length))
      .map(([k, v]) => `${PART_FIELD_LABELS[k] ?? VENDOR_FIELD_LABELS[k] ?? k}: ${formatValue(v, k)}`)
      .join('、');
  }
  return String(value);
}

export interface DiffLine {
  label: string;
  kind: string;
  before: string;
  after: string;
}

const KIND_LABELS: Record<Difference['kind'], string> = { changed: '変更', added: '追加', removed: '削除' };

export function diffLines(differences: Difference[], vendor: VendorDetail | null, trade: TradeLabel): DiffLine[] {
  const rows = indexRows(vendor, differences);
  return differences.map((d) => {
    const field = /(\w+)$/.exec(d.path)?.[1] ?? '';
    return {
      label: pathLabel(d.path, rows, trade),
      kind: KIND_LABELS[d.kind],
      before: d.kind === 'added' ? '' : formatValue(d.before, field),
      after: d.kind === 'removed' ? '' : formatValue(d.after, field),
    };
  });
}
