import { filetypeinfo } from 'magic-bytes.js';

/** The kinds of file keiyaku accepts, each recognised by its bytes, not its name. */
export const FILE_KINDS = {
  pdf: { label: 'PDF', extensions: ['pdf'], mime: 'application/pdf', magic: ['pdf'] },
  jpeg: { label: 'JPEG', extensions: ['jpg', 'jpeg'], mime: 'image/jpeg', magic: ['jpg'] },
  png: { label: 'PNG', extensions: ['png'], mime: 'image/png', magic: ['png'] },
  xlsx: { label: 'Excel', extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ['zip', 'xlsx'] },
  csv: { label: 'CSV', extensions: ['csv', 'txt'], mime: 'text/csv', magic: [] as string[] },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

/**
 * Which allowed kind a file is, judged by its first bytes against its name. Returns null when the
 * name's kind is not allowed or the bytes are something else (an executable named .pdf).
 */
export function detectKind(name: string, head: Uint8Array, allowed: readonly FileKind[]): FileKind | null {
  const ext = extensionOf(name);
  const kind = allowed.find((k) => (FILE_KINDS[k].extensions as readonly string[]).includes(ext));
  if (!kind) return null;
  const expected = FILE_KINDS[kind].magic as readonly string[];
  if (expected.length === 0) {
    // Text: no signature of any binary format, and no NUL byte. A UTF-8 BOM (Excel's CSV) is
    // text; magic-bytes.js would otherwise read EF BB BF as more than that.
    const body = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    const binary = filetypeinfo(body).filter((t) => t.typename.toLowerCase() !== 'txt');
    return binary.length === 0 && !body.includes(0) ? kind : null;
  }
  const found = filetypeinfo(head).map((t) => t.typename.toLowerCase());
  return found.some((t) => expected.includes(t)) ? kind : null;
}
