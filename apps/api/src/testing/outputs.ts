import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';

export interface PdfText {
  pages: Array<{ width: number; height: number; text: string }>;
}

export const A4 = { short: 595.28, long: 841.89 };

/** supertest parser that keeps a binary body (PDF, xlsx) as a Buffer. */
export function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** The text of a PDF, read by pdfjs-dist in a child process (it is ESM only; Jest runs CommonJS). */
export function pdfText(pdf: Buffer): PdfText {
  const dir = mkdtempSync(join(tmpdir(), 'keiyaku-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    const script = resolve(__dirname, '../../../../tools/test/pdf-text.mjs');
    return JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
