import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { badRequest } from '@keiyaku/server/core';

export type FileEncoding = 'utf8' | 'cp932';

/**
 * UTF-8 (with or without BOM) or Shift_JIS: a file that is valid UTF-8 is UTF-8 (Shift_JIS text
 * of any length is almost never valid UTF-8); anything else is read as CP932, which includes
 * the NEC and IBM extension characters (①, ㈱, 髙, 﨑) that plain Shift_JIS lacks.
 */
export function decodeFile(data: Buffer, wanted: 'auto' | FileEncoding = 'auto'): { text: string; encoding: FileEncoding } {
  const hasBom = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  let encoding: FileEncoding = wanted === 'auto' ? 'utf8' : wanted;
  if (wanted === 'auto' && !hasBom) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      encoding = 'cp932';
    }
  }
  const text = encoding === 'utf8' ? data.subarray(hasBom ? 3 : 0).toString('utf8') : iconv.decode(data, 'CP932');
  return { text, encoding };
}

export interface FileRow {
  /** 1-based line of the file where the row starts (what a clerk sees in an editor). */
  line: number;
  cells: string[];
}

/** The header and the data rows, quoted commas, quotes and line breaks kept, blank lines skipped. */
export function readRows(text: string, skipLines = 0): { header: string[]; headerLine: number; rows: FileRow[] } {
  const normalized = text.replace(/\r\n?/g, '\n');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseRecords(normalized, skipLines);
  } catch (e) {
    // A malformed file is the sender's to correct (found by the reliability fuzzing): name the line.
    const line = (e as { lines?: number }).lines;
    const what = (e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED' ? '引用符（"）が閉じられていません' : 'CSVとして読み取れない箇所があります';
    throw badRequest('file', `ファイルの${line ? `${line}行目` : '中'}で${what}。ファイルを確認してください。`);
  }
  // A record starts as many lines before its last as its quoted cells hold line breaks (counted
  // from the cells: csv-parse's `raw` copy of every record doubled the reading time of a large file).
  const rows = records.map((r) => {
    let breaks = 0;
    for (const cell of r.record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
    return { line: r.info.lines - breaks, cells: r.record };
  });
  const [head, ...data] = rows;
  return { header: head?.cells ?? [], headerLine: head?.line ?? 0, rows: data };
}

function parseRecords(normalized: string, skipLines: number) {
  return parse(normalized, {
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    from_line: skipLines + 1,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
}
